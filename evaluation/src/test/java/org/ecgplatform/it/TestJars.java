package org.ecgplatform.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds small jars of test classes for shipping to executors, and finds the modules' job jars. */
public final class TestJars {
  private TestJars() {}

  /**
   * Writes a jar with {@code type}'s class file and its nested and anonymous classes, taken from
   * the test-classes directory.
   */
  public static Path jarOf(Class<?> type, Path jar) {
    try {
      Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(root)) {
        throw new IllegalStateException("Cannot build a jar of " + type.getName() + ": it was loaded from " + root
            + ", not from a classes directory");
      }
      String pkg = type.getPackageName().replace('.', '/');
      String simple = type.getSimpleName();
      Files.createDirectories(jar.getParent());
      try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
          Stream<Path> files = Files.list(root.resolve(pkg))) {
        for (Path f : files.filter(p -> {
          String n = p.getFileName().toString();
          return n.equals(simple + ".class") || n.startsWith(simple + "$");
        }).sorted().toList()) {
          out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + jar, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the classes of " + type.getName(), e);
    }
  }

  /** The project root (system property {@code ecg.project.root}, set by the build). */
  public static Path projectRoot() {
    String p = System.getProperty("ecg.project.root");
    if (p == null || p.isBlank()) {
      Path cwd = Path.of("").toAbsolutePath();
      return Files.exists(cwd.resolve("submit-scripts")) ? cwd : cwd.getParent();
    }
    return Path.of(p).toAbsolutePath().normalize();
  }

  /** The shaded job jar of a module ({@code <module>/target/ecg-<module>-*-job.jar}), built by {@code package}. */
  public static Path jobJar(String module) {
    Path target = projectRoot().resolve(module).resolve("target");
    try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      List<Path> jars = s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith("ecg-" + module + "-") && n.endsWith("-job.jar");
      }).toList();
      if (jars.size() != 1) {
        throw new IllegalStateException("Cannot find the job jar of " + module + ": expected one "
            + target + "/ecg-" + module + "-*-job.jar, found " + jars + " (run 'mvn -DskipTests package' first)");
      }
      return jars.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + target, e);
    }
  }
}
