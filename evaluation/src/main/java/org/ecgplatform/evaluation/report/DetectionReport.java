package org.ecgplatform.evaluation.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.metrics.BeatClass;
import org.ecgplatform.evaluation.metrics.DetectionStatistic;
import org.ecgplatform.evaluation.metrics.DetectionSummary;
import org.ecgplatform.evaluation.metrics.MatchMatrix;
import org.ecgplatform.evaluation.metrics.MatchSettings;
import org.ecgplatform.evaluation.metrics.RecordComparison;

/**
 * Every report file of a detection-mode run, and its HTML page (the same look as the
 * classification report: run facts, the tallies as a table and a heat map, the statistics, per
 * record). Percentages are printed as bxb prints them. The text files are PhysioNet's own formats
 * ({@link BxbText}), so they can be diffed against {@code bxb} and {@code sumstats}; since the
 * format has no place for it, their directory names the class mapping, {@code text-<mapping>/}
 * (under {@code bxb} they are what bxb prints; under {@code aami} they are bxb's tables with the
 * escape beats e and j counted as N):
 *
 * <pre>
 * text-&lt;mapping&gt;/&lt;record&gt;.bxb.txt   bxb -r &lt;record&gt; -a &lt;ref&gt; &lt;test&gt; -f &lt;start&gt; (standard report)
 * text-&lt;mapping&gt;/bxb-L.txt, bxb-S.txt  bxb … -L bxb-L.txt bxb-S.txt, every record in turn
 * text-&lt;mapping&gt;/sumstats.txt         sumstats bxb-L.txt
 * text-&lt;mapping&gt;/sumstats-S.txt       sumstats bxb-S.txt
 * </pre>
 *
 * plus the files of {@link DetectionFiles}, {@value #HEAT_MAP_PNG} and {@value
 * ReportWriter#REPORT_HTML}.
 */
public final class DetectionReport {
  /** Prefix of the text reports' directory, {@code text-<mapping>}. */
  public static final String TEXT_DIR_PREFIX = "text-";
  public static final String LINE_TXT = "bxb-L.txt";
  public static final String SHUTDOWN_TXT = "bxb-S.txt";
  public static final String SUMSTATS_TXT = "sumstats.txt";
  public static final String SUMSTATS_SHUTDOWN_TXT = "sumstats-S.txt";
  public static final String MATRIX_CSV = "bxb_matrix.csv";
  public static final String MATRIX_PER_RECORD_CSV = "bxb_matrix_per_record.csv";
  public static final String MATRIX_JSON = "bxb_matrix.json";
  public static final String HEAT_MAP_PNG = "bxb_matrix.png";
  public static final String SKIPPED_CSV = "records_skipped.csv";

  private DetectionReport() {}

  /**
   * What the report shows.
   *
   * @param title page title
   * @param run run facts in display order (mode, class mapping, inputs, …)
   * @param summary the compared records and their gross and average statistics
   * @param settings match window and start
   * @param referenceAnnotator reference annotator name, as bxb's report names it
   * @param testAnnotator test annotator name
   * @param skipped records not scored, with the reason
   */
  public record Content(
      String title,
      Map<String, String> run,
      DetectionSummary summary,
      MatchSettings settings,
      String referenceAnnotator,
      String testAnnotator,
      List<SkippedRecord> skipped) {
    public Content {
      run = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(run));
      skipped = List.copyOf(skipped);
    }
  }

  /** Writes every file into {@code dir}; returns their paths. */
  public static List<Path> write(FileSystem fs, Path dir, Content c) {
    List<Path> written = new ArrayList<>();
    DetectionSummary s = c.summary();
    Path text = new Path(dir, textDir(s.classMapping()));
    for (RecordComparison r : s.perRecord()) {
      put(fs, text, r.record() + ".bxb.txt", BxbText.standardReport(r, c.referenceAnnotator(), c.testAnnotator()), written);
    }
    put(fs, text, LINE_TXT, BxbText.lineTable(s.perRecord()), written);
    put(fs, text, SHUTDOWN_TXT, BxbText.shutdownTable(s.perRecord()), written);
    put(fs, text, SUMSTATS_TXT, BxbText.sumstats(s), written);
    put(fs, text, SUMSTATS_SHUTDOWN_TXT, BxbText.sumstatsShutdown(s), written);
    put(fs, dir, ReportWriter.METRICS_JSON, DetectionFiles.metricsJson(s, c.settings(), c.run(), c.skipped()), written);
    put(fs, dir, ReportWriter.METRICS_CSV, DetectionFiles.metricsCsv(s), written);
    put(fs, dir, ReportWriter.METRICS_PER_RECORD_CSV, DetectionFiles.perRecordCsv(s), written);
    put(fs, dir, MATRIX_CSV, DetectionFiles.matrixCsv(s.total(), s.classMapping()), written);
    put(fs, dir, MATRIX_PER_RECORD_CSV, DetectionFiles.matrixPerRecordCsv(s), written);
    put(fs, dir, MATRIX_JSON, DetectionFiles.matrixJson(s), written);
    put(fs, dir, SKIPPED_CSV, DetectionFiles.skippedCsv(c.skipped(), s.classMapping()), written);
    byte[] png = heatMap(s);
    Path p = new Path(dir, HEAT_MAP_PNG);
    HadoopFiles.writeBytes(p, png, fs.getConf());
    written.add(p);
    put(fs, dir, ReportWriter.REPORT_HTML, render(c, png), written);
    return written;
  }

  /** The directory of the text reports: {@code text-aami} or {@code text-bxb}. */
  public static String textDir(org.ecgplatform.evaluation.metrics.ClassMapping mapping) {
    return TEXT_DIR_PREFIX + mapping.configName();
  }

  static byte[] heatMap(DetectionSummary s) {
    return HeatMap.png(DetectionFiles.cells(s.total()), DetectionFiles.referenceNames(), DetectionFiles.testNames(),
        "Beat-by-beat tallies, all records (" + s.classMapping() + " mapping)", "Test annotator", "Reference");
  }

  private static void put(FileSystem fs, Path dir, String name, String text, List<Path> written) {
    Path p = new Path(dir, name);
    HadoopFiles.writeString(p, text, fs.getConf());
    written.add(p);
  }

  public static String render(Content c, byte[] heatMapPng) {
    DetectionSummary s = c.summary();
    StringBuilder h = new StringBuilder(16_384);
    h.append(HtmlReport.head(c.title()));
    h.append(HtmlReport.runTable(c.run(), Map.of(
        "records", Integer.toString(s.perRecord().size()),
        "reference beats", Long.toString(s.referenceBeats()),
        "records skipped", Integer.toString(c.skipped().size()))));
    h.append(HtmlReport.classMappingParagraph(s.classMapping()));
    h.append("<p>Beats matched within ").append(HtmlReport.esc(DetectionFiles.format(1000 * c.settings().matchWindowS())))
        .append(" ms, from ").append(HtmlReport.esc(DetectionFiles.format(c.settings().startS())))
        .append(" s, as PhysioNet's bxb matches them; gross and average as its sumstats computes them. "
            + "The text files under ").append(textDir(s.classMapping()))
        .append("/ (bxb-L.txt, bxb-S.txt, sumstats.txt, sumstats-S.txt, &lt;record&gt;.bxb.txt) are in those tools' formats.</p>\n");

    h.append("<h2>Statistics</h2>\n<table id=\"statistics\"><tr><th class=\"l\">statistic</th><th>gross %</th>"
        + "<th>beats</th><th>average %</th><th>records</th></tr>");
    for (DetectionStatistic st : DetectionStatistic.values()) {
      var g = s.gross().get(st);
      var a = s.average().get(st);
      h.append("<tr><td class=\"l\">").append(HtmlReport.esc(st.label())).append("</td><td>").append(DetectionFiles.percent(g))
          .append("</td><td>").append(g.numerator()).append('/').append(g.denominator())
          .append("</td><td>").append(DetectionFiles.percentOfMean(a)).append("</td><td>").append(a.records()).append("</td></tr>");
    }
    h.append("<tr><td class=\"l\">RMS RR interval error (ms)</td><td></td><td></td><td>")
        .append(DetectionFiles.format(s.rrErrorMs().mean())).append("</td><td>").append(s.rrErrorMs().records()).append("</td></tr>");
    h.append("</table>\n");

    h.append("<h2>Tallies</h2>\n<p>Rows: reference (O: no reference beat; X: in a reference shutdown); columns: test "
        + "annotator (o: no test beat, the reference beat was missed; x: in a test shutdown).</p>\n");
    h.append(matrixTable(s.total()));
    h.append("<img alt=\"beat-by-beat tallies heat map\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(heatMapPng)).append("\">\n");

    h.append("<h2>Per record</h2>\n<table id=\"records\"><tr><th class=\"l\">record</th><th>beats</th>");
    for (DetectionStatistic st : DetectionStatistic.values()) {
      h.append("<th>").append(HtmlReport.esc(st.metricName())).append("</th>");
    }
    h.append("<th>RR err ms</th><th>shutdown s</th></tr>");
    for (RecordComparison r : s.perRecord()) {
      h.append("<tr><td class=\"l\">").append(HtmlReport.esc(r.record())).append("</td><td>").append(r.referenceBeats()).append("</td>");
      for (DetectionStatistic st : DetectionStatistic.values()) {
        h.append("<td>").append(DetectionFiles.percent(r.statistic(st))).append("</td>");
      }
      h.append("<td>").append(DetectionFiles.format(r.rrErrorMs().orElse(Double.NaN))).append("</td><td>")
          .append(r.shutdownSeconds()).append("</td></tr>");
    }
    h.append("</table>\n");

    if (!c.skipped().isEmpty()) {
      h.append("<h2>Records not scored</h2>\n<table id=\"skipped\"><tr><th class=\"l\">record</th><th class=\"l\">reason</th></tr>");
      for (SkippedRecord k : c.skipped()) {
        h.append("<tr><td class=\"l\">").append(HtmlReport.esc(k.record())).append("</td><td class=\"l\">")
            .append(HtmlReport.esc(k.reason())).append("</td></tr>");
      }
      h.append("</table>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String matrixTable(MatchMatrix m) {
    StringBuilder t = new StringBuilder("<table id=\"tallies\"><tr><th class=\"l\">reference \\ test</th>");
    for (BeatClass c : BeatClass.values()) {
      t.append("<th>").append(c.testName()).append("</th>");
    }
    t.append("</tr>");
    long[][] a = DetectionFiles.cells(m);
    for (BeatClass r : BeatClass.values()) {
      t.append("<tr><th class=\"l\">").append(r.name()).append("</th>");
      for (BeatClass c : BeatClass.values()) {
        long n = a[r.ordinal()][c.ordinal()];
        t.append("<td>").append(n < 0 ? "" : Long.toString(n)).append("</td>");
      }
      t.append("</tr>");
    }
    return t.append("</table>\n").toString();
  }
}
