package org.ecgplatform.evaluation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.ClassificationMetrics;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.Ec57Statistics;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;
import org.ecgplatform.evaluation.metrics.Ratio;

/**
 * Metrics as JSON and CSV.
 *
 * <p>{@code metrics.json}: {@code formatVersion}, {@code classMapping} (the {@link ClassMapping}
 * that made reference symbols classes: {@code aami} or {@code bxb}), {@code run} (free-form run
 * facts), {@code beats},
 * {@code records}, {@code metrics} (every named scalar of {@link EvaluationMetrics#flat()}, null when
 * undefined), {@code perClass}, {@code ec57.gross} (each statistic with numerator and denominator),
 * {@code ec57.average} (mean and the number of records that define it). The regression gate and
 * the history read only {@code metrics}.
 *
 * <p>{@code metrics.csv}: {@code metric,value,class_mapping}. {@code metrics_per_record.csv}: one
 * row per record with beats, accuracy and the EC57 statistics, and the class mapping last. Every
 * CSV of the evaluation ends with the {@value #CLASS_MAPPING_COLUMN} column, so readers that take
 * columns by position keep working.
 */
public final class MetricsFiles {
  public static final int FORMAT_VERSION = 1;
  /** Last column of every evaluation CSV: the class mapping of its figures. */
  public static final String CLASS_MAPPING_COLUMN = "class_mapping";
  /** Key of the class mapping in {@code metrics.json}. */
  public static final String CLASS_MAPPING_KEY = "classMapping";

  private MetricsFiles() {}

  public static String toJson(EvaluationMetrics m, Map<String, String> run) {
    ObjectNode root = Json.object();
    root.put("formatVersion", FORMAT_VERSION);
    root.put(CLASS_MAPPING_KEY, m.classMapping().configName());
    root.put("classMappingDescription", m.classMapping().description());
    ObjectNode r = root.putObject("run");
    run.forEach(r::put);
    root.put("beats", m.beats());
    root.put("records", m.perRecord().size());
    ObjectNode flat = root.putObject("metrics");
    m.flat().forEach((k, v) -> Json.putNumber(flat, k, v));
    ObjectNode perClass = root.putObject("perClass");
    for (ClassificationMetrics.PerClass p : m.classification().perClass()) {
      ObjectNode c = perClass.putObject(p.aamiClass().name());
      c.put("support", p.support());
      c.put("predicted", p.predicted());
      Json.putNumber(c, "precision", p.precision());
      Json.putNumber(c, "recall", p.recall());
      Json.putNumber(c, "f1", p.f1());
    }
    ObjectNode ec57 = root.putObject("ec57");
    ec57.put("standard", "ANSI/AAMI EC57:2012, beat-by-beat as in bxb (see Ec57Statistics)");
    ec57.put(CLASS_MAPPING_KEY, m.classMapping().configName());
    ObjectNode gross = ec57.putObject("gross");
    EvaluationMetrics.EC57_STATISTICS.forEach((k, f) -> gross.set(k, Json.ratio(f.apply(m.gross()))));
    ObjectNode avg = ec57.putObject("average");
    m.average().forEach((k, a) -> {
      ObjectNode n = avg.putObject(k);
      Json.putNumber(n, "mean", a.mean());
      n.put("records", a.records());
    });
    return Json.write(root);
  }

  /** The named scalar metrics of a {@code metrics.json}; {@code NaN} where it holds null. */
  public static Map<String, Double> readFlat(String json, String source) {
    JsonNode metrics = Json.parse(json, source).path("metrics");
    if (!metrics.isObject()) {
      throw new EcgPlatformException("Cannot read metrics from " + source + ": no \"metrics\" object (is it a metrics.json?)");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.fields().forEachRemaining(e -> out.put(e.getKey(), Json.number(e.getValue())));
    return out;
  }

  /** The free-form run facts ({@code run}) of a {@code metrics.json}: split, model, dataset, ...; empty when it has none. */
  public static Map<String, String> readRunFacts(String json, String source) {
    JsonNode run = Json.parse(json, source).path("run");
    Map<String, String> out = new LinkedHashMap<>();
    run.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /**
   * The class mapping a {@code metrics.json} names; {@code aami} when it names none (runs written
   * before the setting existed used the AAMI table).
   */
  public static ClassMapping readClassMapping(String json, String source) {
    JsonNode node = Json.parse(json, source).path(CLASS_MAPPING_KEY);
    if (node.isMissingNode() || node.isNull()) {
      return ClassMapping.AAMI;
    }
    return ClassMapping.ofConfigName(node.asText()).orElseThrow(() -> new EcgPlatformException(
        "Cannot read metrics from " + source + ": unknown class mapping '" + node.asText() + "' (expected aami or bxb)"));
  }

  public static String toCsv(EvaluationMetrics m) {
    return toCsv(m.flat(), m.classMapping());
  }

  /** {@code metric,value,class_mapping} rows of named metrics. */
  public static String toCsv(Map<String, Double> metrics, ClassMapping mapping) {
    List<List<?>> rows = new ArrayList<>();
    metrics.forEach((k, v) -> rows.add(List.of(k, v, mapping.configName())));
    return Csv.write(List.of("metric", "value", CLASS_MAPPING_COLUMN), rows);
  }

  /** Column names of {@link #perRecordToCsv}. */
  public static final List<String> PER_RECORD_HEADER =
      List.of("record", "beats", "accuracy", "vebSe", "vebPpv", "vebFpr", "svebSe", "svebPpv", "svebFpr");

  public static String perRecordToCsv(EvaluationMetrics m) {
    List<List<?>> rows = new ArrayList<>();
    for (Map.Entry<String, ConfusionMatrix> e : m.perRecord().entrySet()) {
      List<Object> row = perRecordRow(e.getKey(), e.getValue());
      row.add(m.classMapping().configName());
      rows.add(row);
    }
    List<String> header = new ArrayList<>(PER_RECORD_HEADER);
    header.add(CLASS_MAPPING_COLUMN);
    return Csv.write(header, rows);
  }

  static List<Object> perRecordRow(String record, ConfusionMatrix cm) {
    Ec57Statistics s = Ec57Statistics.of(cm);
    List<Object> row = new ArrayList<>();
    row.add(record);
    row.add(cm.total());
    row.add(ClassificationMetrics.of(cm).accuracy());
    for (var f : EvaluationMetrics.EC57_STATISTICS.values()) {
      Ratio r = f.apply(s);
      row.add(r.value());
    }
    return row;
  }

  /** Reference class names, for report headers. */
  static List<String> classes() {
    return AamiClass.vocabulary();
  }
}
