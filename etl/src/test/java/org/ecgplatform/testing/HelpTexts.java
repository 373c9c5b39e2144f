package org.ecgplatform.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IllegalFormatException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Checks a command line's help texts the way picocli renders them. Picocli passes every line of a
 * description through {@link String#format}, so a lone '%' (as in "95 % of") is a format error: it
 * prints a warning to stderr in the middle of {@code --help} and shows the raw line. A literal
 * percent sign is written "%%".
 */
public final class HelpTexts {
  private HelpTexts() {}

  /**
   * The command of class {@code type}, built through its constructor with the fewest parameters, each
   * null (a command's constructor stores its collaborators, such as a Spark session, for
   * {@code call()}).
   */
  public static CommandLine command(Class<?> type) {
    try {
      Constructor<?> c = Arrays.stream(type.getDeclaredConstructors())
          .min(Comparator.comparingInt(Constructor::getParameterCount)).orElseThrow();
      c.setAccessible(true);
      return new CommandLine(c.newInstance(new Object[c.getParameterCount()]));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot build command " + type.getName(), e);
    }
  }

  /**
   * The lines of the command's usage message, its options' and parameters' descriptions (those
   * declared by annotation), and those of its subcommands, that picocli cannot format, each prefixed
   * with the command's name.
   */
  public static List<String> unformattable(CommandLine cl) {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : withSubcommands(cl)) {
      CommandSpec spec = c.getCommandSpec();
      List<String> lines = new ArrayList<>();
      lines.addAll(List.of(spec.usageMessage().header()));
      lines.addAll(List.of(spec.usageMessage().description()));
      lines.addAll(List.of(spec.usageMessage().footer()));
      for (ArgSpec arg : spec.args()) {
        lines.addAll(List.of(rawDescription(arg)));
      }
      for (String line : lines) {
        try {
          String.format(line);
        } catch (IllegalFormatException e) {
          bad.add(spec.qualifiedName() + ": " + line);
        }
      }
    }
    return bad;
  }

  /**
   * The lines of the command's (and its subcommands') description and footer that picocli will
   * wrap in mid-sentence: a line wider than the help, not ending a sentence, and continued by the
   * next line (which starts in lower case). Picocli wraps each line of a description on its own,
   * so a paragraph broken by hand wider than the help shows as a long line, a short one, a long
   * one. A paragraph belongs on one line (picocli wraps it), or on lines that each fit.
   */
  public static List<String> brokenParagraphs(CommandLine cl) {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : withSubcommands(cl)) {
      CommandSpec spec = c.getCommandSpec();
      int width = spec.usageMessage().width();
      for (String[] block : List.of(spec.usageMessage().description(), spec.usageMessage().footer())) {
        for (int i = 0; i + 1 < block.length; i++) {
          String next = block[i + 1];
          boolean ends = block[i].endsWith(".") && !block[i].endsWith("e.g.");
          if (block[i].length() > width && !ends && !next.isEmpty() && Character.isLowerCase(next.charAt(0))) {
            bad.add(spec.qualifiedName() + ": " + block[i]);
          }
        }
      }
    }
    return bad;
  }

  /** The command and all its subcommands, each once (a subcommand with aliases is listed once per name). */
  private static List<CommandLine> withSubcommands(CommandLine cl) {
    List<CommandLine> all = new ArrayList<>(List.of(cl));
    for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
      all.addAll(withSubcommands(sub));
    }
    return all;
  }

  /**
   * An option's or parameter's description as written in its annotation: {@link ArgSpec#description()}
   * has already been through the format (a lone '%' comes back raw, "%%" as '%').
   */
  private static String[] rawDescription(ArgSpec arg) {
    if (arg.userObject() instanceof AnnotatedElement e) {
      Option o = e.getAnnotation(Option.class);
      if (o != null) {
        return o.description();
      }
      Parameters p = e.getAnnotation(Parameters.class);
      if (p != null) {
        return p.description();
      }
    }
    return new String[0];
  }
}
