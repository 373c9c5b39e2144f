package org.ecgplatform.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;

/**
 * {@value #FILE_NAME}: an evaluation's gross figures with the interval over its records drawn again
 * with replacement ({@link RecordBootstrap}, a fixed random seed): {@code
 * figure,value,records_low95,records_high95,records,draws,class_mapping}. Where each record is one
 * patient (MIT-BIH's DS2), the interval says how far a figure would move had other patients of the
 * same kind been scored; where a patient has several records, it is narrower than that. Bounds are
 * empty where the figure is undefined in every draw.
 *
 * @param values the evaluation's figures ({@link CrossValidationSummary#figures})
 * @param intervals per figure of {@link SeedSummary#BOOTSTRAPPED}, the central 95 % over the draws
 * @param records how many records were drawn from
 * @param draws how many draws
 */
public record RecordIntervalFiles(Map<String, Double> values, Map<String, RecordBootstrap.Interval> intervals, int records,
    int draws) {
  public static final String FILE_NAME = "metrics_over_records.csv";

  /** The figures of {@code perRecord} and their intervals over {@code draws} draws of its records. */
  public static RecordIntervalFiles of(Map<String, ConfusionMatrix> perRecord, int draws) {
    return new RecordIntervalFiles(CrossValidationSummary.figures(perRecord),
        SeedSummary.bootstrap(List.of(new SeedSummary.Evaluation("run", "run", false, perRecord)), null, draws),
        perRecord.size(), draws);
  }

  /** The file's content, in {@link SeedSummary#BOOTSTRAPPED} order. */
  public String toCsv(ClassMapping mapping) {
    List<List<?>> rows = new ArrayList<>();
    for (String fig : SeedSummary.BOOTSTRAPPED) {
      RecordBootstrap.Interval in = interval(fig);
      rows.add(List.of(fig, CrossValidationSummary.format(values.get(fig)), CrossValidationSummary.format(in.low()),
          CrossValidationSummary.format(in.high()), records, draws, mapping.configName()));
    }
    return Csv.write(List.of("figure", "value", "records_low95", "records_high95", "records", "draws",
        MetricsFiles.CLASS_MAPPING_COLUMN), rows);
  }

  /** One line for the job's log: SVEB F1, VEB F1 and accuracy with their intervals. */
  public String describe() {
    return String.format(Locale.ROOT, "SVEB F1 %.3f (%s), VEB F1 %.3f (%s), accuracy %.4f (%s): the central 95 %% over %d"
        + " draws of the %d records with replacement", values.get("svebF1"), range(interval("svebF1")), values.get("vebF1"),
        range(interval("vebF1")), values.get("accuracy"), range(interval("accuracy")), draws, records);
  }

  private RecordBootstrap.Interval interval(String fig) {
    return intervals.getOrDefault(fig, RecordBootstrap.Interval.NONE);
  }

  private static String range(RecordBootstrap.Interval in) {
    return Double.isNaN(in.low()) ? "undefined" : String.format(Locale.ROOT, "%.3f-%.3f", in.low(), in.high());
  }
}
