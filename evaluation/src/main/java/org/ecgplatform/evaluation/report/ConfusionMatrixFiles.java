package org.ecgplatform.evaluation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;

/**
 * Text forms of confusion matrices.
 *
 * <ul>
 *   <li>CSV, one matrix: header {@code reference,N,S,V,F,Q,class_mapping}, one row per reference
 *       class;
 *   <li>CSV, per record (long form): {@code record,reference,predicted,count,class_mapping},
 *       non-zero cells only;
 *   <li>JSON: {@code {"classMapping": "aami", "classes": [...], "overall": [[...]], "perRecord":
 *       {"db/rec": [[...]]}}}, rows reference, columns predicted.
 * </ul>
 *
 * The class mapping says how reference annotation symbols became the reference classes.
 */
public final class ConfusionMatrixFiles {
  private ConfusionMatrixFiles() {}

  public static String toCsv(ConfusionMatrix m, ClassMapping mapping) {
    List<String> header = new ArrayList<>();
    header.add("reference");
    header.addAll(AamiClass.vocabulary());
    header.add(MetricsFiles.CLASS_MAPPING_COLUMN);
    List<List<?>> rows = new ArrayList<>();
    long[][] a = m.toArray();
    for (AamiClass r : AamiClass.values()) {
      List<Object> row = new ArrayList<>();
      row.add(r.name());
      for (long c : a[r.ordinal()]) {
        row.add(c);
      }
      row.add(mapping.configName());
      rows.add(row);
    }
    return Csv.write(header, rows);
  }

  public static String perRecordToCsv(Map<String, ConfusionMatrix> perRecord, ClassMapping mapping) {
    List<List<?>> rows = new ArrayList<>();
    for (Map.Entry<String, ConfusionMatrix> e : perRecord.entrySet()) {
      for (AamiClass r : AamiClass.values()) {
        for (AamiClass p : AamiClass.values()) {
          long c = e.getValue().count(r, p);
          if (c > 0) {
            rows.add(List.of(e.getKey(), r.name(), p.name(), c, mapping.configName()));
          }
        }
      }
    }
    return Csv.write(List.of("record", "reference", "predicted", "count", MetricsFiles.CLASS_MAPPING_COLUMN), rows);
  }

  public static String toJson(ConfusionMatrix overall, Map<String, ConfusionMatrix> perRecord, ClassMapping mapping) {
    ObjectNode root = Json.object();
    root.put(MetricsFiles.CLASS_MAPPING_KEY, mapping.configName());
    ArrayNode classes = root.putArray("classes");
    AamiClass.vocabulary().forEach(classes::add);
    root.put("rows", "reference");
    root.put("columns", "predicted");
    root.set("overall", matrix(overall));
    ObjectNode per = root.putObject("perRecord");
    perRecord.forEach((k, v) -> per.set(k, matrix(v)));
    return Json.write(root);
  }

  private static ArrayNode matrix(ConfusionMatrix m) {
    ArrayNode rows = Json.MAPPER.createArrayNode();
    for (long[] row : m.toArray()) {
      ArrayNode r = rows.addArray();
      for (long c : row) {
        r.add(c);
      }
    }
    return rows;
  }

  /** Reads the per-record matrices back from {@link #toJson} output. */
  public static Map<String, ConfusionMatrix> perRecordFromJson(String json, String source) {
    JsonNode root = Json.parse(json, source);
    Map<String, ConfusionMatrix> out = new LinkedHashMap<>();
    root.path("perRecord").fields().forEachRemaining(e -> out.put(e.getKey(), fromNode(e.getValue(), source)));
    return out;
  }

  /** Reads the overall matrix back from {@link #toJson} output. */
  public static ConfusionMatrix overallFromJson(String json, String source) {
    return fromNode(Json.parse(json, source).path("overall"), source);
  }

  private static ConfusionMatrix fromNode(JsonNode node, String source) {
    if (!node.isArray() || node.size() != ConfusionMatrix.SIZE) {
      throw new EcgPlatformException("Cannot read confusion matrix from " + source + ": expected " + ConfusionMatrix.SIZE + " rows");
    }
    long[][] a = new long[ConfusionMatrix.SIZE][ConfusionMatrix.SIZE];
    for (int r = 0; r < a.length; r++) {
      for (int p = 0; p < a.length; p++) {
        a[r][p] = node.get(r).get(p).asLong();
      }
    }
    return ConfusionMatrix.of(a);
  }
}
