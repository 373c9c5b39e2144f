package org.ecgplatform.evaluation.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * Everything computed from the per-record confusion matrices of one evaluation run.
 *
 * <p>EC57 asks for two aggregates over a database: <em>gross</em> statistics, computed from the
 * matrix pooled over all records (each beat weighs the same), and <em>average</em> statistics, the
 * mean of the per-record values (each record weighs the same), taken over the records where the
 * statistic is defined (a record without reference V beats has no VEB Se and does not enter the
 * VEB Se average).
 *
 * <p>The reference class of each beat follows a {@link ClassMapping}; every file that shows these
 * metrics names it, since SVEB figures depend on it.
 *
 * <p>{@link #flat()} names every scalar metric once; those names are used by the regression gate
 * (as {@code evaluation.gate.<name-in-kebab-case>.max-drop}), the metrics CSV and the history table.
 *
 * @param classMapping how reference symbols became classes
 * @param perRecord confusion matrix per record, key {@code database/record}, sorted by key
 * @param overall the pooled matrix (sum of {@code perRecord})
 * @param classification accuracy, per-class statistics, macro-F1, kappa of the pooled matrix
 * @param gross EC57 statistics of the pooled matrix
 * @param average EC57 statistics averaged over records, by metric name
 */
public record EvaluationMetrics(
    ClassMapping classMapping,
    Map<String, ConfusionMatrix> perRecord,
    ConfusionMatrix overall,
    ClassificationMetrics classification,
    Ec57Statistics gross,
    Map<String, Average> average) {

  /**
   * A mean of per-record values.
   *
   * @param mean the mean, {@code NaN} when no record defines the statistic
   * @param records number of records that entered the mean
   */
  public record Average(double mean, int records) {}

  /** The EC57 statistics that are averaged, by name, as functions of one record's statistics. */
  public static final Map<String, Function<Ec57Statistics, Ratio>> EC57_STATISTICS;

  static {
    Map<String, Function<Ec57Statistics, Ratio>> m = new LinkedHashMap<>();
    m.put("vebSe", s -> s.veb().sensitivity());
    m.put("vebPpv", s -> s.veb().positivePredictivity());
    m.put("vebFpr", s -> s.veb().falsePositiveRate());
    m.put("svebSe", s -> s.sveb().sensitivity());
    m.put("svebPpv", s -> s.sveb().positivePredictivity());
    m.put("svebFpr", s -> s.sveb().falsePositiveRate());
    EC57_STATISTICS = Collections.unmodifiableMap(m);
  }

  public EvaluationMetrics {
    java.util.Objects.requireNonNull(classMapping, "classMapping");
    perRecord = Collections.unmodifiableMap(new TreeMap<>(perRecord));
    average = Collections.unmodifiableMap(new LinkedHashMap<>(average));
  }

  /** Computes all metrics from per-record matrices (key {@code database/record}) counted under the AAMI mapping. */
  public static EvaluationMetrics compute(Map<String, ConfusionMatrix> perRecord) {
    return compute(ClassMapping.AAMI, perRecord);
  }

  /** Computes all metrics from per-record matrices (key {@code database/record}) counted under {@code classMapping}. */
  public static EvaluationMetrics compute(ClassMapping classMapping, Map<String, ConfusionMatrix> perRecord) {
    ConfusionMatrix overall = ConfusionMatrix.sum(perRecord.values());
    Map<String, Average> average = new LinkedHashMap<>();
    for (Map.Entry<String, Function<Ec57Statistics, Ratio>> e : EC57_STATISTICS.entrySet()) {
      double sum = 0;
      int n = 0;
      for (ConfusionMatrix m : perRecord.values()) {
        Ratio r = e.getValue().apply(Ec57Statistics.of(m));
        if (r.isDefined()) {
          sum += r.value();
          n++;
        }
      }
      average.put(e.getKey(), new Average(n == 0 ? Double.NaN : sum / n, n));
    }
    return new EvaluationMetrics(
        classMapping,
        perRecord, overall, ClassificationMetrics.of(overall), Ec57Statistics.of(overall), average);
  }

  /**
   * Every scalar metric by name, in a stable order: {@code accuracy, macroF1, kappa}, gross EC57
   * ({@code vebSe, vebPpv, vebFpr, svebSe, svebPpv, svebFpr}), average EC57 ({@code avgVebSe, …}),
   * then {@code precisionN, recallN, f1N, …} per class. Undefined values are {@code NaN}.
   */
  public Map<String, Double> flat() {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("accuracy", classification.accuracy());
    f.put("macroF1", classification.macroF1());
    f.put("kappa", classification.kappa());
    for (Map.Entry<String, Function<Ec57Statistics, Ratio>> e : EC57_STATISTICS.entrySet()) {
      f.put(e.getKey(), e.getValue().apply(gross).value());
    }
    for (Map.Entry<String, Average> e : average.entrySet()) {
      f.put("avg" + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1), e.getValue().mean());
    }
    for (AamiClass c : AamiClass.values()) {
      ClassificationMetrics.PerClass p = classification.of(c);
      f.put("precision" + c.name(), p.precision());
      f.put("recall" + c.name(), p.recall());
      f.put("f1" + c.name(), p.f1());
    }
    return f;
  }

  /** Beats evaluated. */
  public long beats() {
    return overall.total();
  }
}
