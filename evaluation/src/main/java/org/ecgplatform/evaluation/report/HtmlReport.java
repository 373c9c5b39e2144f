package org.ecgplatform.evaluation.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;

/**
 * A self-contained HTML report (no external resources; the heat map is inlined as a base64 PNG):
 * run facts, confusion matrix table and heat map, metrics table, baseline deltas and gate verdict
 * when there is a baseline, the most frequent confusions with example beats (record and time) to
 * review, and the per-record table.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * What the report shows.
   *
   * @param title page title
   * @param run run facts (model, dataset, split, run id, …) in display order
   * @param metrics the run's metrics
   * @param heatMapPng the heat map, inlined
   * @param confusions most frequent confusions, most frequent first
   * @param deltas baseline comparison, empty without a baseline
   * @param gate gate verdict, empty without a baseline
   */
  public record Content(
      String title,
      Map<String, String> run,
      EvaluationMetrics metrics,
      byte[] heatMapPng,
      List<ConfusionExample> confusions,
      List<MetricDelta> deltas,
      Optional<RegressionGate.Result> gate) {}

  public static String render(Content c) {
    StringBuilder h = new StringBuilder(16_384);
    h.append(head(c.title()));
    h.append(runTable(c.run(), Map.of("beats", Long.toString(c.metrics().beats()),
        "records", Integer.toString(c.metrics().perRecord().size()))));

    c.gate().ifPresent(g -> h.append("<p class=\"").append(g.passed() ? "pass" : "fail").append("\">")
        .append(esc(g.message())).append("</p>\n"));

    h.append("<h2>Confusion matrix</h2>\n<p>Rows: reference class; columns: predicted class.</p>\n");
    h.append(matrixTable(c.metrics().overall()));
    h.append("<img alt=\"confusion matrix heat map\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(c.heatMapPng())).append("\">\n");

    h.append("<h2>Metrics</h2>\n<p>EC57 statistics as ANSI/AAMI EC57:2012 and bxb define them: reference F and Q beats "
        + "called V are not VEB false positives; reference Q beats are excluded from SVEB. Gross: pooled over beats; "
        + "avg: mean over records where defined. Empty cells are undefined (0/0).</p>\n");
    h.append(classMappingParagraph(c.metrics().classMapping()));
    h.append("<table id=\"ec57\"><tr><th class=\"l\">EC57</th><th>gross</th><th>beats</th><th>average</th><th>records</th></tr>");
    EvaluationMetrics.EC57_STATISTICS.forEach((k, f) -> {
      var gross = f.apply(c.metrics().gross());
      var avg = c.metrics().average().get(k);
      h.append("<tr><td class=\"l\">").append(esc(k)).append("</td><td>").append(num(gross.value()))
          .append("</td><td>").append(gross.numerator()).append("/").append(gross.denominator())
          .append("</td><td>").append(num(avg.mean())).append("</td><td>").append(avg.records()).append("</td></tr>");
    });
    h.append("</table>\n");
    h.append("<table id=\"metrics\"><tr><th class=\"l\">metric</th><th>value</th></tr>");
    c.metrics().flat().forEach((k, v) -> h.append("<tr><td class=\"l\">").append(esc(k)).append("</td><td>").append(num(v)).append("</td></tr>"));
    h.append("</table>\n");

    if (!c.deltas().isEmpty()) {
      h.append("<h2>Against the baseline</h2>\n<table id=\"deltas\"><tr><th class=\"l\">metric</th><th>baseline</th><th>current</th><th>delta</th></tr>");
      for (MetricDelta d : c.deltas()) {
        h.append("<tr><td class=\"l\">").append(esc(d.metric())).append("</td><td>").append(num(d.baseline()))
            .append("</td><td>").append(num(d.current())).append("</td><td>").append(num(d.delta())).append("</td></tr>");
      }
      h.append("</table>\n");
      c.gate().ifPresent(g -> g.failures().forEach(f -> h.append("<p class=\"fail\">").append(esc(f)).append("</p>\n")));
    }

    h.append("<h2>Most frequent confusions</h2>\n<table id=\"confusions\"><tr><th class=\"l\">reference → predicted</th>"
        + "<th>beats</th><th class=\"l\">examples (database/record @ time, sample)</th></tr>");
    for (ConfusionExample e : c.confusions()) {
      h.append("<tr><td class=\"l\">").append(esc(e.reference())).append(" → ").append(esc(e.predicted()))
          .append("</td><td>").append(e.count()).append("</td><td class=\"l\">");
      for (ConfusionExample.Beat b : e.beats()) {
        h.append(esc(b.database() + "/" + b.record())).append(" @ ").append(clock(b.timeS()))
            .append(" (sample ").append(b.sample()).append(")<br>");
      }
      h.append("</td></tr>");
    }
    h.append("</table>\n");

    h.append("<h2>Per record</h2>\n<table id=\"records\"><tr>");
    for (String col : MetricsFiles.PER_RECORD_HEADER) {
      h.append("<th>").append(esc(col)).append("</th>");
    }
    h.append("</tr>");
    c.metrics().perRecord().forEach((rec, cm) -> {
      h.append("<tr>");
      boolean first = true;
      for (Object v : MetricsFiles.perRecordRow(rec, cm)) {
        h.append(first ? "<td class=\"l\">" : "<td>").append(v instanceof Double d ? num(d) : esc(String.valueOf(v))).append("</td>");
        first = false;
      }
      h.append("</tr>");
    });
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  /** The page up to its title: both modes' reports share the look. */
  static String head(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
        + "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
        + "th{background:#eee}td.l,th.l{text-align:left}.fail{color:#b00;font-weight:bold}.pass{color:#070;font-weight:bold}"
        + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n";
  }

  /** The run facts table, then {@code extra} rows (counts), in order. */
  static String runTable(Map<String, String> run, Map<String, String> extra) {
    StringBuilder h = new StringBuilder("<table id=\"run\">");
    java.util.function.BiConsumer<String, String> row = (k, v) ->
        h.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">").append(esc(v)).append("</td></tr>");
    run.forEach(row);
    new java.util.TreeMap<>(extra).forEach(row);
    return h.append("</table>\n").toString();
  }

  /** The sentence that names the class mapping of a report's figures. */
  static String classMappingParagraph(ClassMapping mapping) {
    return "<p id=\"class-mapping\">Class mapping: <b>" + esc(mapping.configName()) + "</b> (" + esc(mapping.description())
        + "; <code>evaluation.class-mapping</code>).</p>\n";
  }

  private static String matrixTable(ConfusionMatrix m) {
    StringBuilder t = new StringBuilder("<table id=\"confusion\"><tr><th class=\"l\">reference \\ predicted</th>");
    for (String c : AamiClass.vocabulary()) {
      t.append("<th>").append(c).append("</th>");
    }
    t.append("<th>total</th></tr>");
    for (AamiClass r : AamiClass.values()) {
      t.append("<tr><th class=\"l\">").append(r.name()).append("</th>");
      long row = m.referenceTotal(r);
      for (AamiClass p : AamiClass.values()) {
        long n = m.count(r, p);
        t.append("<td>").append(n);
        if (row > 0) {
          t.append(String.format(Locale.ROOT, " <small>(%.1f%%)</small>", 100.0 * n / row));
        }
        t.append("</td>");
      }
      t.append("<td>").append(row).append("</td></tr>");
    }
    return t.append("</table>\n").toString();
  }

  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
  }

  /** h:mm:ss.sss, as WFDB tools print times. */
  static String clock(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(Locale.ROOT, "%d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
