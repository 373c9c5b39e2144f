package org.ecgplatform.etl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.wfdb.AnnotationFile;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.SignalReader;
import org.ecgplatform.etl.wfdb.WfdbException;
import org.ecgplatform.etl.wfdb.WfdbHeader;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Inspects WFDB records on any Hadoop file system, printing what PhysioNet's tools print:
 * {@code rdsamp} as {@code rdsamp -v -H} (digital values, every signal at the record's highest
 * rate) and {@code rdann} as {@code rdann -v}.
 *
 * <pre>
 * wfdb rdsamp -r hdfs://namenode/data/mitdb/100 -f 0:10 -t s4000 -s 0
 * wfdb rdann  -r file:/data/mitdb/100 -a atr
 * </pre>
 *
 * Like {@code rdsamp}, a read from the record's start that reaches a signal file's end before the
 * header's length, or the header's length with a checksum that differs, prints what it read and
 * then the WFDB library's warning on stderr ({@link WfdbText#rdsampWarnings}). One difference:
 * on a checksum error PhysioNet's {@code rdsamp} leaves out the record's last frame (the library
 * reports the error with that frame and {@code rdsamp} stops); this tool prints it.
 */
@Command(name = "wfdb", mixinStandardHelpOptions = true,
    description = "Reads WFDB records (local paths, file:, hdfs:// … URIs) like PhysioNet's rdsamp and rdann.",
    subcommands = {WfdbTool.Rdsamp.class, WfdbTool.Rdann.class})
public final class WfdbTool implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: rdsamp or rdann");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (for tests: set its out and err writers). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new WfdbTool());
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      if (ex instanceof WfdbException || ex instanceof IllegalArgumentException) {
        line.getErr().println("wfdb: " + ex.getMessage());
        return 2;
      }
      throw ex;
    });
    return cl;
  }

  static boolean exists(HadoopWfdbStorage.Located loc, String name) {
    try {
      return loc.storage().exists(name);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Cannot look up " + loc.storage().describe(name) + ": " + e.getMessage(), e);
    }
  }

  /** Hadoop settings: the defaults, plus core-site.xml and hdfs-site.xml of HADOOP_CONF_DIR when set. */
  static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    String dir = System.getenv("HADOOP_CONF_DIR");
    if (dir != null && !dir.isBlank()) {
      for (String site : new String[] {"core-site.xml", "hdfs-site.xml"}) {
        java.nio.file.Path p = java.nio.file.Path.of(dir, site);
        if (java.nio.file.Files.isRegularFile(p)) {
          conf.addResource(new org.apache.hadoop.fs.Path(p.toUri()));
        }
      }
    }
    return conf;
  }

  static HadoopWfdbStorage.Located locate(String recordPath) {
    return HadoopWfdbStorage.locate(hadoopConf(), recordPath);
  }

  /** {@code rdsamp -v -H}: a heading row, then one row per sample at the highest rate. */
  @Command(name = "rdsamp", mixinStandardHelpOptions = true,
      description = {"Prints digital sample values, columns as 'rdsamp -r REC -v -H' prints them.",
          "Like rdsamp, warns on stderr when a read from the start meets a signal file shorter than the header"
              + " says or a checksum error, and prints what it read."})
  static final class Rdsamp implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "-r", required = true, paramLabel = "RECORD", description = "Record path, e.g. hdfs://nn/mitdb/100.")
    String record;

    @Option(names = "-f", paramLabel = "TIME", description = "Start: seconds, [h:]m:s, or sN for sample N (default 0).")
    String from;

    @Option(names = "-t", paramLabel = "TIME", description = "End (exclusive), same forms (default: end of record).")
    String to;

    @Option(names = "-s", split = ",", paramLabel = "SIGNAL",
        description = "Signals to print, by number or description, comma-separated (default all).")
    List<String> signals;

    @Override
    public Integer call() {
      HadoopWfdbStorage.Located loc = locate(record);
      WfdbRecord rec = WfdbRecord.open(loc.storage(), loc.record());
      WfdbHeader h = rec.header();
      int[] chosen = chooseSignals(h);
      PrintWriter out = spec.commandLine().getOut();
      long start = from == null ? 0 : WfdbText.frameOf(from, h.fsHz());
      long toFrame = to == null ? Long.MAX_VALUE : WfdbText.frameOf(to, h.fsHz());
      long end;
      try (SignalReader reader = rec.reader(chosen)) {
        end = reader.availableFrames();
        long stop = Math.min(end, toFrame);
        int hi = h.maxSampsPerFrame();
        StringBuilder sb = new StringBuilder(WfdbText.rdsampHeading(h, chosen)).append('\n');
        int chunk = Math.max(1, 65_536 / hi);
        for (long at = start; at < stop; at += chunk) {
          long upto = Math.min(stop, at + chunk);
          int[][] part = reader.read(at, upto);
          WfdbText.rdsampRows(sb, h, chosen, part, at, upto - at);
          out.print(sb);
          sb.setLength(0);
        }
        out.print(sb);
      }
      out.flush();
      // Only a read from frame 0 that reaches the header's length or the files' end meets a check.
      if (start == 0 && h.nSamples() > 0 && (toFrame > end || toFrame >= h.nSamples())) {
        PrintWriter err = spec.commandLine().getErr();
        List<String> warnings = WfdbText.rdsampWarnings(rec.verifyChecksums(), toFrame > end, toFrame >= h.nSamples());
        warnings.forEach(err::println);
        err.flush();
      }
      return 0;
    }

    private int[] chooseSignals(WfdbHeader h) {
      if (signals == null || signals.isEmpty()) {
        return java.util.stream.IntStream.range(0, h.nSignals()).toArray();
      }
      List<Integer> idx = new ArrayList<>();
      for (String s : signals) {
        int i = s.strip().matches("\\d+") ? Integer.parseInt(s.strip()) : h.indexOf(s);
        if (i < 0 || i >= h.nSignals()) {
          throw new IllegalArgumentException("Cannot print signal '" + s + "': the record has signals "
              + h.descriptions() + " (give a number 0.." + (h.nSignals() - 1) + " or a description)");
        }
        idx.add(i);
      }
      return idx.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** {@code rdann -v}: a heading row, then time, sample, mnemonic, subtype, chan, num, aux. */
  @Command(name = "rdann", mixinStandardHelpOptions = true,
      description = "Prints annotations, columns as 'rdann -r REC -a ANN -v' prints them.")
  static final class Rdann implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "-r", required = true, paramLabel = "RECORD", description = "Record path, e.g. hdfs://nn/mitdb/100.")
    String record;

    @Option(names = "-a", required = true, paramLabel = "ANNOTATOR", description = "Annotator (file extension), e.g. atr.")
    String annotator;

    @Override
    public Integer call() {
      HadoopWfdbStorage.Located loc = locate(record);
      AnnotationFile file = Annotations.readFile(loc.storage(), loc.record(), annotator);
      WfdbHeader h = exists(loc, loc.record() + ".hea") ? WfdbRecord.open(loc.storage(), loc.record()).header() : null;
      PrintWriter out = spec.commandLine().getOut();
      out.print(WfdbText.rdann(h, file));
      out.flush();
      return 0;
    }
  }
}
