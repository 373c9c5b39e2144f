package org.ecgplatform.evaluation.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity;
import org.ecgplatform.evaluation.report.CrossValidationSummary;
import org.ecgplatform.evaluation.report.RecordBootstrap;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.ecgplatform.evaluation.report.RunLengthFiles;
import org.ecgplatform.evaluation.report.ValidationAgreement;
import org.ecgplatform.training.model.ModelMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Summarises a cross-validation run directory written by {@code submit-scripts/crossvalidate.sh}:
 * reads every {@code runs/<config>/seed<s>/fold<k>/evaluation/confusion_matrix_per_record.csv} (and
 * {@code runs/<config>/ensemble-<s1>_<s2>…/fold<k>/…}, below),
 * writes {@code cv-folds.csv} and {@code cv-summary.csv} into the directory, prints the summary and
 * the configuration with the highest mean score; with {@code --reference}, also {@code
 * cv-paired.csv}: every configuration against the reference, seed for seed, and the selection by
 * the paired rule ({@link CrossValidationSummary#selectPaired}), which then replaces the highest
 * mean. Where a fold's model sits beside its evaluation ({@code …/fold<k>/model/model.json}), also
 * {@code cv-validation*.csv}: how well the validation the model was stopped on predicts its test
 * score ({@link ValidationAgreement}). Where the evaluations wrote {@link RunLengthFiles#FILE_NAME},
 * also {@code cv-run-length.csv}: the S and V beats found by the run of their class they stand in,
 * per configuration and seed over the folds.
 */
@Command(name = "ecg-cv-summary", mixinStandardHelpOptions = true,
    description = {"Summarises a cross-validation directory (submit-scripts/crossvalidate.sh): per fold, pooled over "
        + "folds per seed, mean and sd over seeds; selects by the pooled (SVEB F1 + VEB F1) / 2: with --reference, "
        + "the reference stays unless a configuration leads it seed for seed (3 or more seeds, one-sided 95 %% lower "
        + "bound of the mean paired difference above 0) and over the patients (the central 95 %% with the test records "
        + "drawn again above 0; --rule); without, the highest mean. Sets each model's validation macro-F1 against its "
        + "test score."})
public final class CrossValidationMain implements Callable<Integer> {
  /**
   * A fold's evaluation: of one seed's model ({@code seed<s>}), or of the ensemble of several seeds'
   * models ({@code ensemble-<s1>_<s2>…}, crossvalidate.sh --ensemble), summarised as configuration
   * {@code <config>+ensemble<s1>_<s2>…} with seed 0.
   */
  private static final Pattern RUN = Pattern.compile(".*/runs/([^/]+)/(?:seed(-?\\d+)|ensemble-(-?\\d+(?:_-?\\d+)+))/fold(\\d+)/evaluation/"
      + Pattern.quote(ReportWriter.CONFUSION_PER_RECORD_CSV) + "$");

  @Parameters(index = "0", paramLabel = "<cv-dir>", description = "the --work directory of crossvalidate.sh")
  Path dir;

  @Option(names = "--reference", paramLabel = "<config>",
      description = {"compare every configuration with this one seed for seed (the pooled score's difference"
          + " per seed both ran, over the folds both evaluated), write cv-paired.csv and select by the paired rule:"
          + " the reference stays unless a configuration leads it beyond the seeds' disagreement"})
  String reference;

  @Option(names = "--among", paramLabel = "<configs>", split = "[, ]+",
      description = {"select by the paired rule among these configurations only (names separated by commas or"
          + " spaces; crossvalidate.sh passes the lines it ran): a work directory reused for several experiments"
          + " holds other configurations, some compared with a reference they are not like for like with."
          + " cv-paired.csv still lists every configuration. Default: all of them"})
  List<String> among;

  @Option(names = "--rule", paramLabel = "<rule>", converter = RuleConverter.class,
      description = {"what a configuration must show to replace the reference: seeds-and-patients (default; the rule"
          + " of every choice after the supraventricular-run rule): a lead seed for seed that also holds with the"
          + " test records, the patients, drawn again (cv-paired.csv's leads_over_patients); seeds: the seed-for-seed"
          + " lead alone (cv-paired.csv's leads), the rule the earlier choices were made by, to read them again as"
          + " they were made"})
  CrossValidationSummary.Rule rule = CrossValidationSummary.DEFAULT_RULE;

  /** {@code --rule}'s names. */
  static final class RuleConverter implements CommandLine.ITypeConverter<CrossValidationSummary.Rule> {
    @Override
    public CrossValidationSummary.Rule convert(String value) {
      try {
        return CrossValidationSummary.Rule.of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws IOException {
    List<CrossValidationSummary.Fold> folds = new ArrayList<>();
    List<ValidationAgreement.Run> runs = new ArrayList<>();
    Map<List<Object>, RunLengthFiles.Pooled> pooledRuns = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir.resolve("runs"))) {
      for (Path p : files.sorted().toList()) {
        Matcher m = RUN.matcher(p.toString().replace('\\', '/'));
        if (m.matches()) {
          boolean ensemble = m.group(3) != null;
          String config = ensemble ? m.group(1) + "+ensemble" + m.group(3) : m.group(1);
          long seed = ensemble ? 0 : Long.parseLong(m.group(2));
          CrossValidationSummary.Fold fold = new CrossValidationSummary.Fold(config, seed, Integer.parseInt(m.group(4)),
              CrossValidationSummary.parsePerRecord(Files.readString(p, StandardCharsets.UTF_8), p.toString()));
          folds.add(fold);
          Path runLengths = p.resolveSibling(RunLengthFiles.FILE_NAME);
          if (Files.isRegularFile(runLengths)) {
            RunLengthSensitivity counts = RunLengthFiles.parse(Files.readString(runLengths, StandardCharsets.UTF_8), runLengths.toString());
            pooledRuns.merge(List.of(config, seed), new RunLengthFiles.Pooled(config, seed, 1, counts),
                (a, b) -> new RunLengthFiles.Pooled(config, seed, a.folds() + b.folds(), a.counts().merge(b.counts())));
          }
          if (!ensemble) {
            validationOf(fold, p.getParent().getParent().resolve("model").resolve(ModelMetadata.FILE_NAME)).ifPresent(runs::add);
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (folds.isEmpty()) {
      System.err.println("No evaluated folds under " + dir.resolve("runs") + " (expected runs/<config>/seed<s>/fold<k>/evaluation/ or runs/<config>/ensemble-<s1>_<s2>/fold<k>/evaluation/)");
      return 2;
    }
    String foldsCsv = CrossValidationSummary.foldsCsv(folds);
    String summaryCsv = CrossValidationSummary.summaryCsv(folds);
    Files.writeString(dir.resolve("cv-folds.csv"), foldsCsv, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("cv-summary.csv"), summaryCsv, StandardCharsets.UTF_8);
    System.out.println("Per fold (" + dir.resolve("cv-folds.csv") + "):");
    System.out.print(foldsCsv);
    System.out.println();
    System.out.println("Summary (" + dir.resolve("cv-summary.csv") + "; pooled = every fold's test records together):");
    System.out.print(summaryCsv);
    System.out.println();
    List<String> subsets = CrossValidationSummary.subsetEnsembles(folds);
    if (!subsets.isEmpty()) {
      System.out.println("Not candidates (ensembles of some of their configuration's seeds, which would let the"
          + " criterion choose seeds): " + String.join(", ", subsets));
    }
    boolean referenceRan = reference != null && folds.stream().anyMatch(f -> f.config().equals(reference));
    System.out.println(referenceRan
        ? "Highest mean pooled (SVEB F1 + VEB F1) / 2 (shown; the paired rule below selects): " + CrossValidationSummary.best(folds)
        : "Selected by mean pooled (SVEB F1 + VEB F1) / 2: " + CrossValidationSummary.best(folds));
    Map<String, Integer> uneven = CrossValidationSummary.unevenSeedCounts(folds);
    if (!uneven.isEmpty()) {
      Map<Integer, List<String>> byCount = new TreeMap<>();
      uneven.forEach((config, n) -> byCount.computeIfAbsent(n, k -> new ArrayList<>()).add(config));
      System.out.println("Caution: the candidates stand on different numbers of trained models"
          + " (seeds, or an ensemble's members), so their means are not like for like; compare them with the"
          + " spread over seeds in cv-summary.csv or run them with the same --seeds: "
          + byCount.entrySet().stream()
              .map(e -> e.getKey() + (e.getKey() == 1 ? " model: " : " models: ") + String.join(", ", e.getValue()))
              .collect(Collectors.joining("; ")));
    }
    if (reference != null) {
      System.out.println();
      paired(folds, referenceRan);
    }
    if (!runs.isEmpty()) {
      System.out.println();
      validation(runs);
    }
    runLengths(pooledRuns.values().stream()
        .sorted(Comparator.comparing(RunLengthFiles.Pooled::config).thenComparingLong(RunLengthFiles.Pooled::seed)).toList());
    return 0;
  }

  /**
   * The validation macro-F1 of the epoch the fold's model kept, read from the model's metadata next
   * to its evaluation; empty when there is no model there (an evaluation of a model trained
   * elsewhere), its metadata lacks that epoch or the model was trained without validation.
   */
  private static Optional<ValidationAgreement.Run> validationOf(CrossValidationSummary.Fold fold, Path modelJson)
      throws IOException {
    if (!Files.isRegularFile(modelJson)) {
      return Optional.empty();
    }
    ModelMetadata meta = ModelMetadata.fromJson(Files.readString(modelJson, StandardCharsets.UTF_8), modelJson.toString());
    return meta.epochs().stream().filter(e -> e.epoch() == meta.bestEpoch() && !Double.isNaN(e.valMacroF1())).findFirst()
        .map(e -> new ValidationAgreement.Run(fold, e.epoch(), e.valMacroF1()));
  }

  private void validation(List<ValidationAgreement.Run> runs) throws IOException {
    Path models = dir.resolve("cv-validation.csv");
    Path perFold = dir.resolve("cv-validation-folds.csv");
    Path picks = dir.resolve("cv-validation-picks.csv");
    Files.writeString(models, ValidationAgreement.runsCsv(runs), StandardCharsets.UTF_8);
    Files.writeString(perFold, ValidationAgreement.foldsCsv(runs), StandardCharsets.UTF_8);
    Files.writeString(picks, ValidationAgreement.picksCsv(runs), StandardCharsets.UTF_8);
    System.out.println("Does the validation training stops on predict the test? Per fold, over every model trained"
        + " for it: correlation of the kept epoch's validation macro-F1 with the fold's test score (" + perFold
        + "; per model: " + models + "):");
    System.out.print(ValidationAgreement.foldsCsv(runs));
    System.out.println();
    System.out.println("Keeping on each fold the seed with the best validation macro-F1, against the seeds themselves ("
        + picks + "):");
    System.out.print(ValidationAgreement.picksCsv(runs));
  }

  /**
   * {@code cv-run-length.csv}: per configuration and seed, the S and V beats found by the run of
   * their class they stand in, summed over the folds whose evaluation wrote {@link
   * RunLengthFiles#FILE_NAME} (evaluations older than that file have none: its folds column says
   * how many did).
   */
  private void runLengths(List<RunLengthFiles.Pooled> pooled) throws IOException {
    Path out = dir.resolve("cv-run-length.csv");
    if (pooled.isEmpty()) {
      Files.deleteIfExists(out);
      return;
    }
    Files.writeString(out, RunLengthFiles.pooledCsv(pooled), StandardCharsets.UTF_8);
    System.out.println();
    System.out.println("S and V beats found by the run of their class they stand in (isolated, couplet, run of 3 or more),"
        + " summed over the folds (" + out + "):");
    for (RunLengthFiles.Pooled p : pooled) {
      System.out.println("  " + p.config() + ", seed " + p.seed() + ", " + p.folds() + " fold" + (p.folds() == 1 ? "" : "s") + ": "
          + p.counts().describe(AamiClass.S) + "; " + p.counts().describe(AamiClass.V));
    }
  }

  private void paired(List<CrossValidationSummary.Fold> folds, boolean referenceRan) throws IOException {
    Path out = dir.resolve("cv-paired.csv");
    if (!referenceRan) {
      Files.deleteIfExists(out);
      System.out.println("No seed-for-seed comparison: no evaluated fold of the reference configuration '"
          + reference + "' under " + dir.resolve("runs"));
      return;
    }
    List<CrossValidationSummary.Paired> paired = CrossValidationSummary.paired(folds, reference);
    String csv = CrossValidationSummary.pairedCsv(paired);
    Files.writeString(out, csv, StandardCharsets.UTF_8);
    System.out.println("Seed for seed against " + reference + " (" + out + "; a seed fixes the network's"
        + " initialisation and, on the same dataset, the batch order, so a difference that keeps its sign over the seeds is evidence,"
        + " a mean lifted by one seed is not; score_diff_records_low95 and _high95 hold the central 95 % of the mean difference when the test"
        + " records, the patients, are drawn again with replacement, " + RecordBootstrap.DEFAULT_SAMPLES + " times: where it"
        + " reaches below 0 a lead stands on a few patients; leads_over_patients: a lead whose interval stays above 0):");
    System.out.print(csv);
    System.out.println();
    System.out.println(pairedSelection(paired));
  }

  /**
   * The paired rule's verdict: which configuration it selects and why; for each configuration
   * whose mean is ahead without a lead, how many seeds such a lead would need.
   */
  private String pairedSelection(List<CrossValidationSummary.Paired> paired) {
    String seedRule = String.format(Locale.ROOT, "%d or more seeds both ran, and the one-sided %.0f %% lower bound of the mean"
        + " paired difference above 0", CrossValidationSummary.RULE_MIN_SEEDS, 100 * CrossValidationSummary.RULE_CONFIDENCE);
    String ruleText = rule == CrossValidationSummary.Rule.SEEDS
        ? "it leads it seed for seed: " + seedRule + "; --rule seeds"
        : "it leads it seed for seed (" + seedRule + ") and over the patients (the central 95 % of the mean paired"
            + " difference with the test records drawn again above 0)";
    List<CrossValidationSummary.Paired> candidates = paired.stream().filter(p -> isCandidate(p.config())).toList();
    String selected = CrossValidationSummary.selectAmong(candidates, reference, rule);
    String scope = among == null ? "" : " among " + String.join(", ", among);
    StringBuilder out = new StringBuilder("Selected by the paired rule" + scope
        + " (a configuration replaces the reference only when " + ruleText + "): " + selected);
    paired.stream().filter(p -> p.config().equals(selected)).findFirst().ifPresentOrElse(
        p -> out.append(String.format(Locale.ROOT, " (mean lead %+.4f over %d seeds, lower bound %+.4f)", p.mean(), p.seeds().size(),
            p.lowerBound())),
        () -> out.append(" (the reference: no configuration leads it)"));
    for (CrossValidationSummary.Paired p : candidates) {
      if (rule == CrossValidationSummary.Rule.SEEDS_AND_PATIENTS && p.leads() && !p.leadsOverPatients()) {
        out.append(System.lineSeparator()).append(String.format(Locale.ROOT, "  %s: leads seed for seed (mean %+.4f, lower"
            + " bound %+.4f), but not over the patients (%+.4f to %+.4f with the test records drawn again): it stands on a few"
            + " of them", p.config(), p.mean(), p.lowerBound(), p.overRecords().low(), p.overRecords().high()));
      }
      if (!p.leads() && p.mean() > 0) {
        out.append(System.lineSeparator()).append(String.format(Locale.ROOT, "  %s: mean %+.4f ± %.4f over %d seed%s, not a lead; ",
            p.config(), p.mean(), p.sd(), p.seeds().size(), p.seeds().size() == 1 ? "" : "s"));
        out.append(p.seedsNeeded().isPresent()
            ? "the same mean and sd would lead with " + p.seedsNeeded().getAsInt() + " paired seeds"
            : "the same mean and sd would not lead within " + CrossValidationSummary.MAX_SEEDS_NEEDED + " seeds");
      }
    }
    return out.toString();
  }

  /** Whether {@code --among} lets the selection consider {@code config} (an ensemble by its configuration's name). */
  private boolean isCandidate(String config) {
    return among == null || among.contains(CrossValidationSummary.configOf(config));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CrossValidationMain()).execute(args));
  }
}
