package org.ecgplatform.evaluation.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.evaluation.report.CrossValidationSummary;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.ecgplatform.evaluation.report.SeedSummary;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Summarises the model-quality benchmark over its seeds: reads every {@code <set>-seed<s>/} and
 * {@code <set>-ensemble-<s1>_<s2>…/} evaluation (a {@code _SUCCESS} marker and {@code
 * confusion_matrix_per_record.csv}) in one or more {@code --work} directories of {@code
 * submit-scripts/benchmark-mitdb.sh}, and writes the mean ± sd over the seeds of each set's gross
 * EC57 figures, the per-record table and optional subsets of records ({@link SeedSummary}).
 * Several directories pool their seeds (the runs of two sessions, say); a seed evaluated in two of
 * them is an error, since it would count twice.
 */
@Command(name = "ecg-benchmark-summary", mixinStandardHelpOptions = true,
    description = {"Summarises submit-scripts/benchmark-mitdb.sh over its seeds. Per set:",
        "the mean, sd and range of the gross EC57 figures over the seeds' models",
        "(ensembles listed, not averaged); each record with S or V beats over the seeds;",
        "the subsets asked for. Writes seeds-summary.csv, seeds-runs.csv,",
        "seeds-per-record.csv and seeds-summary.md into --output; prints the Markdown."})
public final class BenchmarkSummaryMain implements Callable<Integer> {
  private static final Pattern RUN = Pattern.compile("([a-z0-9]+)-(seed-?\\d+|ensemble-(?:-?\\d+)(?:_-?\\d+)+)");

  @Parameters(arity = "1..*", paramLabel = "<work-dir>", description = "--work directories of benchmark-mitdb.sh")
  List<Path> dirs;

  @Option(names = "--without", paramLabel = "<records>", split = "[, ]+",
      description = {"also the DS2 figures without these records (e.g. 232, or mitdb/232): a diagnostic of"
          + " how much of a figure a few records decide"})
  List<String> without = List.of();

  @Option(names = "--noise-records", paramLabel = "<records>", split = "[, ]+",
      description = {"the noise-stress records figured together, as docs/results.md reports the noise stress"
          + " (default: ${DEFAULT-VALUE})"})
  List<String> noiseRecords = List.of("118e12", "119e12");

  @Option(names = "--bootstrap", paramLabel = "<draws>",
      description = {"draws of DS2's records (its patients) with replacement for the interval over records: the"
          + " central 95 %% of the seeds' mean figure over the draws, how far it would move had other patients of"
          + " the same kind been drawn (0: none; default: ${DEFAULT-VALUE})"})
  int bootstrap = 2000;

  @Option(names = "--output", paramLabel = "<dir>", description = "where the files go (default: the first <work-dir>)")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (bootstrap < 0) {
      System.err.println("Cannot summarise: --bootstrap must be 0 or more (got " + bootstrap + ")");
      return 2;
    }
    Map<String, Path> seen = new LinkedHashMap<>();
    List<SeedSummary.Evaluation> evaluations = new ArrayList<>();
    Map<SeedSummary.Evaluation, Integer> dirOf = new IdentityHashMap<>();
    for (int d = 0; d < dirs.size(); d++) {
      Path dir = dirs.get(d);
      if (!Files.isDirectory(dir)) {
        System.err.println("Cannot summarise " + dir + ": no such directory");
        return 2;
      }
      try (Stream<Path> children = Files.list(dir)) {
        for (Path p : children.sorted().toList()) {
          Matcher m = RUN.matcher(p.getFileName().toString());
          Path csv = p.resolve(ReportWriter.CONFUSION_PER_RECORD_CSV);
          if (!m.matches() || !Files.isRegularFile(csv)) {
            continue;
          }
          if (!Files.exists(p.resolve(EvaluateJob.SUCCESS))) {
            System.err.println("Skipping " + p + ": no " + EvaluateJob.SUCCESS + " marker (an evaluation that did not finish)");
            continue;
          }
          String key = m.group(1) + "/" + m.group(2);
          Path before = seen.putIfAbsent(key, p);
          if (before != null) {
            System.err.println("Cannot summarise: " + m.group(2) + " of set '" + m.group(1) + "' is in " + before + " and in " + p
                + " (pool directories of different seeds)");
            return 2;
          }
          SeedSummary.Evaluation e = new SeedSummary.Evaluation(m.group(1), m.group(2), m.group(2).startsWith("ensemble-"),
              CrossValidationSummary.parsePerRecord(Files.readString(csv, StandardCharsets.UTF_8), csv.toString()));
          evaluations.add(e);
          dirOf.put(e, d);
        }
      }
    }
    // Per set, the seeds (each directory's after the one before, in numeric order), then the ensembles.
    evaluations.sort(Comparator.comparing(SeedSummary.Evaluation::set).thenComparing(SeedSummary.Evaluation::ensemble)
        .thenComparing(e -> dirOf.get(e)).thenComparingLong(BenchmarkSummaryMain::seedNumber));
    if (evaluations.isEmpty()) {
      System.err.println("No finished evaluations in " + dirs + " (expected <set>-seed<s>/ or <set>-ensemble-<s1>_<s2>/ with "
          + ReportWriter.CONFUSION_PER_RECORD_CSV + " and " + EvaluateJob.SUCCESS + ", as benchmark-mitdb.sh writes them)");
      return 2;
    }
    List<SeedSummary.Subset> subsets = new ArrayList<>();
    if (!without.isEmpty()) {
      subsets.add(new SeedSummary.Subset("ds2", "without " + String.join(" ", without), new LinkedHashSet<>(without), true));
    }
    if (!noiseRecords.isEmpty() && evaluations.stream().anyMatch(e -> e.set().equals("nstdb"))) {
      subsets.add(new SeedSummary.Subset("nstdb", String.join(" + ", noiseRecords), new LinkedHashSet<>(noiseRecords), false));
    }
    try {
      SeedSummary.requireRecords(evaluations, subsets);
    } catch (EcgPlatformException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    SeedSummary.Resampling resampling = new SeedSummary.Resampling(bootstrap, Set.of("ds2"));
    Path out = output != null ? output : dirs.get(0);
    Files.createDirectories(out);
    SeedSummary.Report report = SeedSummary.report(evaluations, subsets, resampling);
    Files.writeString(out.resolve("seeds-summary.csv"), report.statsCsv(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("seeds-runs.csv"), report.runsCsv(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("seeds-per-record.csv"), report.recordsCsv(), StandardCharsets.UTF_8);
    String md = report.markdown();
    Files.writeString(out.resolve("seeds-summary.md"), md, StandardCharsets.UTF_8);
    System.out.print(md);
    System.out.println("Written: " + out.resolve("seeds-summary.md") + ", seeds-summary.csv, seeds-runs.csv, seeds-per-record.csv");
    return 0;
  }

  /** The seed's number of a run ({@code seed42}: 42); 0 for an ensemble, which sorts after the seeds anyway. */
  private static long seedNumber(SeedSummary.Evaluation e) {
    return e.ensemble() ? 0 : Long.parseLong(e.run().substring("seed".length()));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchmarkSummaryMain()).execute(args));
  }
}
