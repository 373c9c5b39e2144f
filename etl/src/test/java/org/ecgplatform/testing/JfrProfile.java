package org.ecgplatform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a benchmark's time goes, from a Java Flight Recorder file (not a test): the execution
 * samples of threads running Java code ({@code jdk.ExecutionSample}) and of threads inside a native
 * call ({@code jdk.NativeMethodSample}, e.g. a libnd4j op called through JNI), counted per
 * thread, per category of the sampled method, per network layer on the stack (the innermost DL4J
 * layer or vertex, or the platform's own model code), per method where the sample was taken (self)
 * and per method on the sampled stack (inclusive).
 *
 * <p>Threads that wait in Java (parked, blocked, sleeping) are not sampled by JFR; threads that
 * wait inside a native call (a network event loop in {@code epoll_wait}, a socket accept or read)
 * are, and are counted apart as waiting ({@link #WAITS}), so the tables after the per-thread one
 * are over busy samples only. JFR takes at most a few Java samples and one native sample per
 * period, over all threads: the shares compare well within a thread, and for runs where one thread
 * does the work (the local trainer) they are that thread's.
 *
 * <pre>
 * JfrProfile FILE.jfr OUT.txt [top N, default 25]
 * </pre>
 */
public final class JfrProfile {
  /** Categories of the sampled method, by class name prefix, the first that matches. */
  private static final List<String[]> CATEGORIES = List.of(
      new String[] {"org.nd4j.linalg.cpu.nativecpu.bindings.", "libnd4j ops (native, through JNI)"},
      new String[] {"org.nd4j.nativeblas.", "libnd4j ops (native, through JNI)"},
      new String[] {"org.bytedeco.", "JavaCPP native calls (memory, pointers)"},
      new String[] {"org.nd4j.", "ND4J Java (op setup, workspaces, arrays)"},
      new String[] {"org.deeplearning4j.", "DL4J Java (layers, graph, updater)"},
      new String[] {"org.ecgplatform.", "platform code (batching, features)"},
      new String[] {"org.apache.spark.", "Spark"},
      new String[] {"org.apache.parquet.", "Parquet"},
      new String[] {"org.apache.hadoop.", "Hadoop"},
      new String[] {"scala.", "Scala library"},
      new String[] {"sun.nio.", "JDK I/O"},
      new String[] {"java.io.", "JDK I/O"},
      new String[] {"java.", "JDK (other)"},
      new String[] {"jdk.", "JDK (other)"},
      new String[] {"sun.", "JDK (other)"},
      new String[] {"", "other"});

  /** Native methods a thread waits in (its sample is not work). */
  static final Set<String> WAITS = Set.of("sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.accept", "sun.nio.ch.Net.poll",
      "sun.nio.ch.SocketDispatcher.read0", "sun.nio.ch.FileDispatcherImpl.read0", "java.net.PlainSocketImpl.socketAccept",
      "java.lang.Thread.sleep", "jdk.internal.misc.Unsafe.park", "java.lang.Object.wait");

  /** Classes whose innermost frame on a stack names the network part a sample belongs to. */
  private static final List<String> LAYER_PACKAGES = List.of("org.deeplearning4j.nn.layers.",
      "org.deeplearning4j.nn.graph.vertex.", "org.deeplearning4j.nn.updater.", "org.deeplearning4j.optimize.",
      "org.ecgplatform.training.model.");

  private JfrProfile() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: JfrProfile FILE.jfr OUT.txt [top N]");
    }
    String text = summarise(Path.of(args[0]), args.length > 2 ? Integer.parseInt(args[2]) : 25);
    Files.writeString(Path.of(args[1]), text, StandardCharsets.UTF_8);
    System.out.print(text);
  }

  /** The summary of a recording: its {@code top} largest entries per table. */
  public static String summarise(Path jfr, int top) throws IOException {
    Map<String, Long> categories = new LinkedHashMap<>();
    Map<String, Long> self = new LinkedHashMap<>();
    Map<String, Long> inclusive = new LinkedHashMap<>();
    Map<String, Long> threads = new LinkedHashMap<>();
    Map<String, Long> layers = new LinkedHashMap<>();
    long java = 0;
    long nativeSamples = 0;
    long waiting = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      String type = e.getEventType().getName();
      boolean isNative = type.equals("jdk.NativeMethodSample");
      if (!isNative && !type.equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      String thread = e.getThread("sampledThread") == null ? "?" : threadGroup(e.getThread("sampledThread").getJavaName());
      String top0 = name(stack.getFrames().get(0).getMethod());
      if (WAITS.contains(top0)) {
        waiting++;
        threads.merge(thread + " (waiting in " + top0 + ")", 1L, Long::sum);
        continue;
      }
      if (isNative) {
        nativeSamples++;
      } else {
        java++;
      }
      threads.merge(thread + (isNative ? " (native)" : " (Java)"), 1L, Long::sum);
      self.merge(top0 + (isNative ? " [native]" : ""), 1L, Long::sum);
      layers.merge(layer(stack.getFrames()), 1L, Long::sum);
      categories.merge(category(top0), 1L, Long::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : stack.getFrames()) {
        String m = name(f.getMethod());
        if (seen.add(m)) {
          inclusive.merge(m, 1L, Long::sum);
        }
      }
    }
    long total = java + nativeSamples;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      out.printf(Locale.ROOT, "JFR profile of %s: %d busy samples (%d in Java code, %d in native calls); %d more waiting"
          + " in a native call%n", jfr, total, java, nativeSamples, waiting);
      table(out, "By thread (pool names without their numbers; % of all samples, waiting ones too)", threads,
          total + waiting, top);
      table(out, "By category of the sampled method", categories, total, top);
      table(out, "By network part (innermost DL4J layer, vertex, updater or platform model method on the stack)", layers,
          total, top);
      table(out, "Self: the sampled method", self, total, top);
      table(out, "Inclusive: methods on the sampled stack", inclusive, total, top);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String name(RecordedMethod m) {
    return m == null ? "?" : m.getType().getName() + "." + m.getName();
  }

  private static String layer(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String m = name(f.getMethod());
      for (String p : LAYER_PACKAGES) {
        if (m.startsWith(p)) {
          return m.substring(m.lastIndexOf('.', m.lastIndexOf('.') - 1) + 1);
        }
      }
    }
    return "(no network frame)";
  }

  private static String category(String method) {
    for (String[] c : CATEGORIES) {
      if (method.startsWith(c[0])) {
        return c[1];
      }
    }
    return "other";
  }

  private static String threadGroup(String name) {
    return name == null ? "?" : name.replaceAll("\\d+", "N");
  }

  private static void table(PrintStream out, String title, Map<String, Long> counts, long total, int top) {
    out.println();
    out.println(title + ":");
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(en -> out.printf(Locale.ROOT, "  %5.1f %%  %7d  %s%n", 100.0 * en.getValue() / Math.max(1, total),
            en.getValue(), en.getKey()));
  }
}
