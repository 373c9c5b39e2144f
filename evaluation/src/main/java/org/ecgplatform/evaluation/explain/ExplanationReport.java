package org.ecgplatform.evaluation.explain;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.Saliency;
import org.ecgplatform.training.model.SaliencyMethod;

/**
 * The text files of an error analysis: {@value #INDEX_MD} (what docs/results.md embeds), {@value
 * #EXAMPLES_CSV} (one row per example), one trace CSV per example beside its PNG under {@value
 * #EXAMPLES_DIR}/, and the per-record table of the confusions (which records hold which errors).
 * Paths inside {@code index.md} are relative to it, so the directory can be copied as a whole.
 */
public final class ExplanationReport {
  public static final String INDEX_MD = "index.md";
  public static final String EXAMPLES_CSV = "examples.csv";
  public static final String EXAMPLES_DIR = "examples";
  public static final String PER_RECORD_CSV = "confusions_per_record.csv";

  private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  /**
   * What the files describe.
   *
   * @param facts run facts listed at the top of {@code index.md}, in order (evaluation, model, ...)
   * @param counts beats per off-diagonal cell over the whole evaluation
   * @param examples the explained examples of each chosen cell, in the cells' order
   * @param perRecord the evaluation's confusion matrix of each record ({@code database/record})
   * @param metadata the model's metadata (classes, window, lead names)
   */
  public record Content(Map<String, String> facts, Map<ConfusionCell, Long> counts, Map<ConfusionCell, List<Explanation>> examples,
      Map<String, ConfusionMatrix> perRecord, ModelMetadata metadata) {

    public Content {
      facts = new LinkedHashMap<>(facts);
      examples = new LinkedHashMap<>(examples);
    }
  }

  private ExplanationReport() {}

  /** File name (without extension) of an example's PNG and trace: {@code S-as-N_mitdb_232_22345}. */
  public static String baseName(Explanation e) {
    ErrorBeat b = e.error();
    return safe(b.cell().fileTag() + "_" + b.database() + "_" + b.record() + "_" + b.sample());
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** {@code examples/<base>.png}. */
  public static String pngPath(Explanation e) {
    return EXAMPLES_DIR + "/" + baseName(e) + ".png";
  }

  /** {@code examples/<base>.csv}. */
  public static String tracePath(Explanation e) {
    return EXAMPLES_DIR + "/" + baseName(e) + ".csv";
  }

  /** One row per example. */
  public static String examplesCsv(Content c) {
    List<String> header = new ArrayList<>(List.of("cell", "reference_class", "predicted_class", "database", "record", "sample",
        "time_s", "time", "symbol"));
    for (String cls : AamiClass.vocabulary()) {
      header.add("prob_" + cls);
    }
    header.addAll(List.of("predicted_probability", "rr_prev_s", "rr_next_s", "method", "window_saliency", "rr_saliency",
        "neighbour_saliency", "neighbour_share", "sequence_beats", "position_in_sequence", "top_rr_feature", "png", "trace_csv"));
    List<List<?>> rows = new ArrayList<>();
    for (List<Explanation> list : c.examples().values()) {
      for (Explanation e : list) {
        ErrorBeat b = e.error();
        Saliency s = e.saliency();
        List<Object> row = new ArrayList<>(List.of(b.cell().toString(), b.reference().name(), b.predicted().name(), b.database(),
            b.record(), b.sample(), num(b.timeS()), ClockTime.format(b.timeS()), e.context().beat().symbol()));
        for (float p : s.probabilities()) {
          row.add(num(p));
        }
        float[] rr = e.context().beat().rr();
        row.add(num(s.probabilities()[s.predictedClass()]));
        row.add(rr.length > 0 ? num(rr[0]) : "");
        row.add(rr.length > 1 ? num(rr[1]) : "");
        row.add(s.method().configName());
        row.add(num(s.beatWindow()[s.target()]));
        row.add(num(s.beatRr()[s.target()]));
        row.add(num(neighbours(s)));
        row.add(num(s.neighbourShare()));
        row.add(s.beats());
        row.add(s.target());
        row.add(topRrFeature(s));
        row.add(pngPath(e));
        row.add(tracePath(e));
        rows.add(row);
      }
    }
    return csv(header, rows);
  }

  /** Per window sample of one example: time from the beat, each channel's value (mV) and saliency. */
  public static String traceCsv(Explanation e, ModelMetadata m) {
    List<String> names = channelNames(m);
    List<String> header = new ArrayList<>(List.of("offset_samples", "time_from_beat_s"));
    for (String n : names) {
      header.add(n + "_mv");
      header.add(n + "_saliency");
    }
    int w = m.windowSamples();
    float[] window = e.context().beat().window();
    List<List<?>> rows = new ArrayList<>(w);
    for (int i = 0; i < w; i++) {
      List<Object> row = new ArrayList<>();
      row.add(i - m.samplesBefore());
      row.add(num((i - m.samplesBefore()) / (double) m.fsHz()));
      for (int ch = 0; ch < names.size(); ch++) {
        row.add(num(window[ch * w + i]));
        row.add(num(e.saliency().window()[ch][i]));
      }
      rows.add(row);
    }
    return csv(header, rows);
  }

  /** Records with at least one error: beats, errors and the count of every off-diagonal cell that occurs. */
  public static String perRecordCsv(Content c) {
    List<ConfusionCell> cells = occurringCells(c);
    List<String> header = new ArrayList<>(List.of("record", "beats", "errors"));
    cells.forEach(cell -> header.add(cell.toString()));
    List<List<?>> rows = new ArrayList<>();
    for (Map.Entry<String, ConfusionMatrix> r : recordsByErrors(c)) {
      List<Object> row = new ArrayList<>(List.of(r.getKey(), r.getValue().total(), errors(r.getValue())));
      cells.forEach(cell -> row.add(r.getValue().count(cell.reference(), cell.predicted())));
      rows.add(row);
    }
    return csv(header, rows);
  }

  /** The Markdown page. */
  public static String indexMd(Content c) {
    StringBuilder md = new StringBuilder();
    md.append("# Error analysis: ").append(c.facts().getOrDefault("evaluation", "")).append("\n\n");
    md.append("| | |\n|---|---|\n");
    c.facts().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
    md.append("\n").append(howToRead(c)).append("\n");

    md.append("## Confusions explained\n\n");
    md.append("| cell | beats | share of the reference class | records holding them (beats) | examples |\n|---|---:|---:|---|---:|\n");
    for (Map.Entry<ConfusionCell, List<Explanation>> e : c.examples().entrySet()) {
      ConfusionCell cell = e.getKey();
      long n = c.counts().getOrDefault(cell, 0L);
      md.append("| ").append(cellName(cell)).append(" | ").append(n).append(" | ").append(share(c, cell)).append(" | ")
          .append(recordsOf(c, cell, 6)).append(" | ").append(e.getValue().size()).append(" |\n");
    }
    for (Map.Entry<ConfusionCell, List<Explanation>> e : c.examples().entrySet()) {
      ConfusionCell cell = e.getKey();
      md.append("\n## ").append(cellName(cell)).append(": ").append(c.counts().getOrDefault(cell, 0L)).append(" beats\n\n");
      if (e.getValue().isEmpty()) {
        md.append("No beat of the evaluation is in this cell.\n");
        continue;
      }
      md.append(exampleTable(e.getValue(), c.metadata()));
      for (Explanation x : e.getValue()) {
        md.append("\n![").append(SaliencyChart.title(x)).append("](").append(pngPath(x)).append(")\n");
      }
    }
    md.append("\n## Which records hold which errors\n\n");
    md.append(perRecordTable(c));
    return md.toString();
  }

  private static String howToRead(Content c) {
    SaliencyMethod method = null;
    for (List<Explanation> l : c.examples().values()) {
      for (Explanation e : l) {
        method = e.saliency().method();
      }
    }
    StringBuilder t = new StringBuilder("How to read the pictures: the ECG lead in mV around the misclassified beat (black), the "
        + "record's template beat (grey, dashed; the model's comparison channel), the previous and next beats (light blue) "
        + "with the RR intervals the model was given. ");
    if (method == SaliencyMethod.GRADIENT) {
      t.append("Shaded red: the magnitude of the gradient of log p(predicted class) per mV at each sample, i.e. where a small "
          + "change of the signal would move the decision most (local sensitivity).");
    } else {
      t.append("Shaded: integrated gradients of log p(predicted class) (Sundararajan et al. 2017) from a flat baseline at the "
          + "training means: red samples pushed the decision towards the predicted class, blue against it; the values add "
          + "up over the window, the RR inputs and (sequence model) the other beats to log p(input) - log p(baseline), in nats.");
    }
    t.append(" Bottom: the RR inputs' share and, for the beat-sequence model, each beat of the sequence it classified the beat in.\n");
    return t.toString();
  }

  private static String exampleTable(List<Explanation> list, ModelMetadata m) {
    StringBuilder md = new StringBuilder("| # | record | time | reference | predicted |");
    for (String cls : AamiClass.vocabulary()) {
      md.append(" p(").append(cls).append(") |");
    }
    boolean integrated = list.get(0).saliency().method() == SaliencyMethod.INTEGRATED_GRADIENTS;
    md.append(" RR prev / next (s) | ").append(integrated ? "window / RR / other beats (nats)" : "neighbours' share")
        .append(" | strongest RR input | picture |\n|---:|---|---|---|---|");
    md.append("---:|".repeat(AamiClass.vocabulary().size())).append("---|---|---|---|\n");
    int k = 1;
    for (Explanation e : list) {
      ErrorBeat b = e.error();
      Saliency s = e.saliency();
      float[] rr = e.context().beat().rr();
      md.append("| ").append(k++).append(" | ").append(b.recordKey()).append(" | ").append(ClockTime.format(b.timeS()))
          .append(" | ").append(cell(e.context().beat().symbol())).append(" (").append(b.reference()).append(") | ")
          .append(b.predicted()).append(" |");
      for (int c = 0; c < s.probabilities().length; c++) {
        String p = String.format(Locale.ROOT, "%.2f", s.probabilities()[c]);
        md.append(' ').append(c == s.predictedClass() ? "**" + p + "**" : p).append(" |");
      }
      md.append(' ').append(rr.length > 1 ? String.format(Locale.ROOT, "%.2f / %.2f", rr[0], rr[1]) : "").append(" | ");
      if (integrated) {
        md.append(String.format(Locale.ROOT, "%+.2f / %+.2f / %+.2f", s.beatWindow()[s.target()], s.beatRr()[s.target()],
            neighbours(s)));
      } else {
        md.append(String.format(Locale.ROOT, "%.0f%%", 100 * s.neighbourShare()));
      }
      md.append(" | ").append(topRrFeature(s)).append(" | [png](").append(pngPath(e)).append(") |\n");
    }
    return md.toString();
  }

  private static String perRecordTable(Content c) {
    List<ConfusionCell> cells = occurringCells(c);
    StringBuilder md = new StringBuilder("From the evaluation's `confusion_matrix_per_record.csv`: records with at least one "
        + "error, most errors first; columns are the off-diagonal cells that occur, most frequent first.\n\n| record | beats | errors |");
    cells.forEach(cell -> md.append(' ').append(cell).append(" |"));
    md.append("\n|---|---:|---:|").append("---:|".repeat(cells.size())).append('\n');
    for (Map.Entry<String, ConfusionMatrix> r : recordsByErrors(c)) {
      md.append("| ").append(r.getKey()).append(" | ").append(r.getValue().total()).append(" | ").append(errors(r.getValue())).append(" |");
      for (ConfusionCell cell : cells) {
        long n = r.getValue().count(cell.reference(), cell.predicted());
        md.append(' ').append(n == 0 ? "" : Long.toString(n)).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** Off-diagonal cells with beats in any record, most frequent first. */
  private static List<ConfusionCell> occurringCells(Content c) {
    ConfusionMatrix total = ConfusionMatrix.sum(c.perRecord().values());
    List<ConfusionCell> cells = new ArrayList<>();
    for (AamiClass r : AamiClass.values()) {
      for (AamiClass p : AamiClass.values()) {
        if (r != p && total.count(r, p) > 0) {
          cells.add(new ConfusionCell(r, p));
        }
      }
    }
    cells.sort(Comparator.comparingLong(cell -> -total.count(cell.reference(), cell.predicted())));
    return cells;
  }

  private static List<Map.Entry<String, ConfusionMatrix>> recordsByErrors(Content c) {
    List<Map.Entry<String, ConfusionMatrix>> records = new ArrayList<>();
    for (Map.Entry<String, ConfusionMatrix> r : c.perRecord().entrySet()) {
      if (errors(r.getValue()) > 0) {
        records.add(r);
      }
    }
    records.sort(Comparator.<Map.Entry<String, ConfusionMatrix>>comparingLong(r -> -errors(r.getValue()))
        .thenComparing(Map.Entry::getKey));
    return records;
  }

  private static long errors(ConfusionMatrix m) {
    long n = 0;
    for (AamiClass r : AamiClass.values()) {
      for (AamiClass p : AamiClass.values()) {
        n += r == p ? 0 : m.count(r, p);
      }
    }
    return n;
  }

  /** The records holding a cell's beats, most first: {@code mitdb/232 (800), mitdb/222 (212), … and 3 more}. */
  private static String recordsOf(Content c, ConfusionCell cell, int shown) {
    List<Map.Entry<String, Long>> records = new ArrayList<>();
    c.perRecord().forEach((k, m) -> {
      long n = m.count(cell.reference(), cell.predicted());
      if (n > 0) {
        records.add(Map.entry(k, n));
      }
    });
    records.sort(Comparator.<Map.Entry<String, Long>>comparingLong(e -> -e.getValue()).thenComparing(Map.Entry::getKey));
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Long> e : records.subList(0, Math.min(shown, records.size()))) {
      parts.add(e.getKey() + " (" + e.getValue() + ")");
    }
    if (records.size() > shown) {
      parts.add("and " + (records.size() - shown) + " more");
    }
    return String.join(", ", parts);
  }

  /** The cell's share of the reference class's beats. */
  private static String share(Content c, ConfusionCell cell) {
    ConfusionMatrix total = ConfusionMatrix.sum(c.perRecord().values());
    long row = 0;
    for (AamiClass p : AamiClass.values()) {
      row += total.count(cell.reference(), p);
    }
    return row == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100.0 * total.count(cell.reference(), cell.predicted()) / row);
  }

  private static String cellName(ConfusionCell cell) {
    return cell + " (reference " + cell.reference() + ", predicted " + cell.predicted() + ")";
  }

  /** Sum of the other beats' totals (window + RR): their part of the decision, in nats for integrated gradients. */
  private static double neighbours(Saliency s) {
    float[] total = s.beatTotal();
    double sum = 0;
    for (int b = 0; b < total.length; b++) {
      sum += b == s.target() ? 0 : total[b];
    }
    return sum;
  }

  /** The RR input with the largest |saliency|, with its sign: {@code rr_prev/local (+0.41)}. */
  private static String topRrFeature(Saliency s) {
    int best = -1;
    for (int f = 0; f < s.rr().length; f++) {
      if (best < 0 || Math.abs(s.rr()[f]) > Math.abs(s.rr()[best])) {
        best = f;
      }
    }
    return best < 0 ? "" : String.format(Locale.ROOT, "%s (%+.2f)", s.rrFeatures().get(best), s.rr()[best]);
  }

  private static List<String> channelNames(ModelMetadata m) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < m.leadCount(); c++) {
      names.add(c < m.leadNames().size() ? m.leadNames().get(c) : "channel" + c);
    }
    return names;
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|");
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  private static String csv(List<String> header, List<List<?>> rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(out, CSV)) {
      p.printRecord(header);
      for (List<?> row : rows) {
        p.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
