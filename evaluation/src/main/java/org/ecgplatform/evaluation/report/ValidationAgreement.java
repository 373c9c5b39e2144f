package org.ecgplatform.evaluation.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;

/**
 * Does the validation that training stops on predict the fold's test records? Each trained model of
 * a cross-validation kept the epoch with the best validation macro-F1 (on a few DS1 records of
 * another fold); this compares that validation figure with the model's test {@link
 * CrossValidationSummary#SCORE} on its fold.
 *
 * <p>Two answers: per fold, the rank (Spearman) and linear (Pearson) correlation of the two over
 * every model trained for the fold; per configuration with several seeds, what keeping on each fold
 * the seed with the best validation macro-F1 would have scored (pooled over the folds) against the
 * seeds' mean pooled score. Training several seeds and keeping the one validation prefers is a
 * legitimate procedure (it reads no test label); if validation does not predict the test, it buys
 * nothing.
 */
public final class ValidationAgreement {
  /** Fewest models a fold needs before a correlation is reported. */
  public static final int MIN_RUNS_FOR_CORRELATION = 3;

  /**
   * One trained model: its fold's evaluation, the epoch training kept, that epoch's validation
   * macro-F1 and the fold's test score ((SVEB F1 + VEB F1) / 2 of the evaluation).
   */
  public record Run(CrossValidationSummary.Fold fold, int bestEpoch, double validationMacroF1, double testScore) {
    /** The run of {@code fold}'s model, its test score computed from the fold's evaluation. */
    public Run(CrossValidationSummary.Fold fold, int bestEpoch, double validationMacroF1) {
      this(fold, bestEpoch, validationMacroF1, CrossValidationSummary.figures(fold.perRecord()).get(CrossValidationSummary.SCORE));
    }
  }

  private ValidationAgreement() {}

  /** Header of {@link #runRows}. */
  public static List<String> runHeader() {
    return List.of("config", "seed", "fold", "best_epoch", "val_macro_f1", "test_score");
  }

  /** One row per trained model. */
  public static List<List<?>> runRows(List<Run> runs) {
    List<List<?>> rows = new ArrayList<>();
    for (Run r : sorted(runs)) {
      rows.add(List.of(r.fold().config(), r.fold().seed(), r.fold().fold(), r.bestEpoch(),
          format(r.validationMacroF1()), format(r.testScore())));
    }
    return rows;
  }

  /** Header of {@link #foldRows}. */
  public static List<String> foldHeader() {
    return List.of("fold", "runs", "spearman", "pearson", "top_val_config", "top_val_seed", "top_val_test_score",
        "test_score_median");
  }

  /**
   * Per fold: the models trained for it, the correlations of validation macro-F1 and test score over
   * them (empty under {@link #MIN_RUNS_FOR_CORRELATION} models or when either figure is constant),
   * the model validation ranks first and its test score, and the median test score of the fold.
   */
  public static List<List<?>> foldRows(List<Run> runs) {
    Map<Integer, List<Run>> byFold = new TreeMap<>();
    runs.forEach(r -> byFold.computeIfAbsent(r.fold().fold(), k -> new ArrayList<>()).add(r));
    List<List<?>> rows = new ArrayList<>();
    byFold.forEach((fold, rs) -> {
      double[] val = rs.stream().mapToDouble(Run::validationMacroF1).toArray();
      double[] test = rs.stream().mapToDouble(Run::testScore).toArray();
      boolean enough = rs.size() >= MIN_RUNS_FOR_CORRELATION;
      Run top = rs.stream().max(Comparator.comparingDouble(Run::validationMacroF1)).orElseThrow();
      rows.add(List.of(fold, rs.size(),
          enough ? format(new SpearmansCorrelation().correlation(val, test)) : "",
          enough ? format(new PearsonsCorrelation().correlation(val, test)) : "",
          top.fold().config(), top.fold().seed(), format(top.testScore()), format(median(test))));
    });
    return rows;
  }

  /** Header of {@link #pickRows}. */
  public static List<String> pickHeader() {
    return List.of("config", "seeds", "seed_list", "picked_seeds_by_fold", "picked_pooled_score",
        "pooled_score_mean_over_seeds", "pooled_score_min", "pooled_score_max");
  }

  /**
   * Per configuration with at least two seeds evaluated on the same folds: the seed validation picks
   * on each fold, the pooled score of those picks (every fold's test records, each scored by its
   * fold's pick), and the mean, lowest and highest pooled score of the seeds themselves. Only folds
   * every seed evaluated count, so the picks and the seeds are scored on the same records.
   */
  public static List<List<?>> pickRows(List<Run> runs) {
    Map<String, List<Run>> byConfig = new TreeMap<>();
    runs.forEach(r -> byConfig.computeIfAbsent(r.fold().config(), k -> new ArrayList<>()).add(r));
    List<List<?>> rows = new ArrayList<>();
    byConfig.forEach((config, rs) -> {
      TreeSet<Long> seeds = rs.stream().map(r -> r.fold().seed()).collect(Collectors.toCollection(TreeSet::new));
      TreeSet<Integer> folds = rs.stream().map(r -> r.fold().fold()).collect(Collectors.toCollection(TreeSet::new));
      folds.removeIf(f -> seeds.stream().anyMatch(s -> rs.stream().noneMatch(r -> r.fold().seed() == s && r.fold().fold() == f)));
      if (seeds.size() < 2 || folds.isEmpty()) {
        return;
      }
      Map<String, ConfusionMatrix> picked = new TreeMap<>();
      List<String> pickedSeeds = new ArrayList<>();
      for (int f : folds) {
        Run top = rs.stream().filter(r -> r.fold().fold() == f)
            .max(Comparator.comparingDouble(Run::validationMacroF1)).orElseThrow();
        pickedSeeds.add(f + ":" + top.fold().seed());
        CrossValidationSummary.addRecords(picked, top.fold().perRecord());
      }
      List<Double> seedScores = new ArrayList<>();
      for (long s : seeds) {
        Map<String, ConfusionMatrix> pooled = new TreeMap<>();
        rs.stream().filter(r -> r.fold().seed() == s && folds.contains(r.fold().fold()))
            .forEach(r -> CrossValidationSummary.addRecords(pooled, r.fold().perRecord()));
        seedScores.add(CrossValidationSummary.figures(pooled).get(CrossValidationSummary.SCORE));
      }
      rows.add(List.of(config, seeds.size(), seeds.stream().map(String::valueOf).collect(Collectors.joining(" ")),
          String.join(" ", pickedSeeds), format(CrossValidationSummary.figures(picked).get(CrossValidationSummary.SCORE)),
          format(CrossValidationSummary.mean(seedScores)),
          format(seedScores.stream().mapToDouble(Double::doubleValue).min().orElseThrow()),
          format(seedScores.stream().mapToDouble(Double::doubleValue).max().orElseThrow())));
    });
    return rows;
  }

  /** {@link #runRows} as CSV. */
  public static String runsCsv(List<Run> runs) {
    return Csv.write(runHeader(), runRows(runs));
  }

  /** {@link #foldRows} as CSV. */
  public static String foldsCsv(List<Run> runs) {
    return Csv.write(foldHeader(), foldRows(runs));
  }

  /** {@link #pickRows} as CSV. */
  public static String picksCsv(List<Run> runs) {
    return Csv.write(pickHeader(), pickRows(runs));
  }

  private static List<Run> sorted(List<Run> runs) {
    return runs.stream().sorted(Comparator.<Run, String>comparing(r -> r.fold().config())
        .thenComparingLong(r -> r.fold().seed()).thenComparingInt(r -> r.fold().fold())).toList();
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }
}
