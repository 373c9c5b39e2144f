package org.ecgplatform.evaluation.report;

import static org.ecgplatform.evaluation.metrics.BeatClass.F;
import static org.ecgplatform.evaluation.metrics.BeatClass.N;
import static org.ecgplatform.evaluation.metrics.BeatClass.O;
import static org.ecgplatform.evaluation.metrics.BeatClass.Q;
import static org.ecgplatform.evaluation.metrics.BeatClass.S;
import static org.ecgplatform.evaluation.metrics.BeatClass.V;
import static org.ecgplatform.evaluation.metrics.BeatClass.X;

import java.util.List;
import org.ecgplatform.evaluation.metrics.BeatClass;
import org.ecgplatform.evaluation.metrics.DetectionStatistic;
import org.ecgplatform.evaluation.metrics.DetectionSummary;
import org.ecgplatform.evaluation.metrics.MatchMatrix;
import org.ecgplatform.evaluation.metrics.Ratio;
import org.ecgplatform.evaluation.metrics.RecordComparison;

/**
 * Beat-by-beat comparison results as text, character for character as PhysioNet's tools print them
 * (WFDB 10.7), so that a user can diff the platform's reports against theirs:
 *
 * <ul>
 *   <li>{@link #standardReport}: {@code bxb -r <record> -a <ref> <test> -f 0}, the N/V/F/Q/O/X matrix
 *       (S merged into N, as bxb's standard report does) and the QRS and VEB statistics;
 *   <li>{@link #lineTable} and {@link #shutdownTable}: the two files of {@code bxb … -L <file1>
 *       <file2>} for a list of records (counts, QRS/VEB/SVEB Se and +P, RMS RR error; shutdown
 *       misses);
 *   <li>{@link #sumstats}: {@code sumstats <file1>}: the line table followed by its Sum, Gross and
 *       Average rows; {@link #sumstatsShutdown}: {@code sumstats <file2>}.
 * </ul>
 *
 * A statistic whose denominator is 0 prints as "-", as in the originals.
 */
public final class BxbText {
  private static final List<BeatClass> STANDARD_ROWS = List.of(N, V, F, Q, O, X);
  private static final List<BeatClass> STANDARD_COLUMNS = List.of(N, V, F, Q, O, X);
  private static final List<DetectionStatistic> LINE_STATISTICS = List.of(
      DetectionStatistic.QRS_SE, DetectionStatistic.QRS_PPV, DetectionStatistic.VEB_SE,
      DetectionStatistic.VEB_PPV, DetectionStatistic.SVEB_SE, DetectionStatistic.SVEB_PPV);

  /** First line of {@link #lineTable}: the heading sumstats recognises. */
  public static final String LINE_HEADING =
      "Record Nn' Sn' Vn' Fn' On'  Ns  Ss  Vs  Fs' Os' Nv  Sv   Vv  Fv' Ov' No' So' Vo' Fo'"
          + "  Q Se   Q +P   V Se   V +P   S Se   S +P RR err\n";
  /** First two lines of {@link #shutdownTable}. */
  public static final String SHUTDOWN_HEADING =
      "Record Nx   Sx   Vx   Fx   Qx  % beats  % N    % S    % V    % F   Total Shutdown\n"
          + "                                missed missed missed missed missed      Time\n";

  private BxbText() {}

  /** What {@code bxb -r <record> -a <referenceAnnotator> <testAnnotator> -f 0} prints on its standard output. */
  public static String standardReport(RecordComparison c, String referenceAnnotator, String testAnnotator) {
    MatchMatrix m = c.matrix().withSvebAsNormal();
    StringBuilder b = new StringBuilder(1024);
    b.append("Beat-by-beat comparison results for record ").append(c.record()).append('\n');
    b.append("Reference annotator: ").append(referenceAnnotator).append('\n');
    b.append("     Test annotator: ").append(testAnnotator).append("\n\n");
    b.append("               Algorithm\n");
    b.append("        n    v    f    q    o    x\n");
    b.append("   _______________________________\n");
    for (BeatClass r : STANDARD_ROWS) {
      b.append(' ').append(r.name()).append(" |");
      for (BeatClass t : STANDARD_COLUMNS) {
        if (!r.isBeat() && !t.isBeat()) {
          break;
        }
        b.append(' ').append(CFormat.right(m.count(r, t), 4));
      }
      b.append('\n');
    }
    b.append('\n');
    standardStat(b, "           QRS sensitivity", DetectionStatistic.QRS_SE.of(m), 2);
    standardStat(b, " QRS positive predictivity", DetectionStatistic.QRS_PPV.of(m), 2);
    standardStat(b, "           VEB sensitivity", DetectionStatistic.VEB_SE.of(m), 2);
    standardStat(b, " VEB positive predictivity", DetectionStatistic.VEB_PPV.of(m), 2);
    standardStat(b, "   VEB false positive rate", DetectionStatistic.VEB_FPR.of(m), 3);
    b.append('\n');
    standardStat(b, "\n  Beats missed in shutdown", missedInShutdown(m), 2);
    standardStat(b, "      N missed in shutdown", new Ratio(m.count(N, X), m.referenceTotal(N)), 2);
    standardStat(b, "      V missed in shutdown", new Ratio(m.count(V, X), m.referenceTotal(V)), 2);
    standardStat(b, "      F missed in shutdown", new Ratio(m.count(F, X), m.referenceTotal(F)), 2);
    b.append("       Total shutdown time: ").append(CFormat.right(c.shutdownSeconds(), 5)).append(" seconds\n");
    return b.toString();
  }

  /** Beats missed in shutdown: (Nx+Vx+Fx+Qx) / reference beats. bxb leaves Sx out of the numerator. */
  private static Ratio missedInShutdown(MatchMatrix m) {
    return new Ratio(m.sum(List.of(N, V, F, Q), List.of(X)), m.sum(BeatClass.BEATS, List.of(BeatClass.values())));
  }

  private static void standardStat(StringBuilder b, String label, Ratio r, int precision) {
    b.append(label).append(": ");
    if (r.denominator() <= 0) {
      b.append("     - ");
    } else {
      b.append(CFormat.fixed(percent(r), 6, precision)).append('%');
    }
    b.append(" (").append(r.numerator()).append('/').append(r.denominator()).append(")\n");
  }

  /** bxb's arithmetic: (100.*a)/b. */
  private static double percent(Ratio r) {
    return (100. * r.numerator()) / r.denominator();
  }

  private static void lineStat(StringBuilder b, Ratio r) {
    if (r.denominator() <= 0) {
      b.append("      -");
    } else {
      b.append(' ').append(CFormat.fixed(percent(r), 6, 2));
    }
  }

  /** One record's row of the first {@code -L} file (with its newline). */
  public static String lineRow(RecordComparison c) {
    MatchMatrix m = c.matrix();
    StringBuilder b = new StringBuilder(160);
    b.append(CFormat.right(c.record(), 4));
    for (BxbLineColumn col : BxbLineColumn.values()) {
      b.append(' ').append(CFormat.right(col.of(m), col.width()));
    }
    for (DetectionStatistic s : LINE_STATISTICS) {
      lineStat(b, s.of(m));
    }
    if (c.rrErrorMs().isPresent()) {
      b.append(' ').append(CFormat.fixed(c.rrErrorMs().getAsDouble(), 6, 2));
    } else {
      b.append("     -");
    }
    return b.append('\n').toString();
  }

  /** One record's row of the second {@code -L} file (with its newline). */
  public static String shutdownRow(RecordComparison c) {
    MatchMatrix m = c.matrix();
    StringBuilder b = new StringBuilder(120);
    b.append(CFormat.right(c.record(), 4));
    for (BeatClass r : BeatClass.BEATS) {
      b.append(' ').append(CFormat.right(m.count(r, X), 4));
    }
    b.append("  ");
    lineStat(b, missedInShutdown(m));
    for (BeatClass r : List.of(N, S, V, F)) {
      lineStat(b, new Ratio(m.count(r, X), m.referenceTotal(r)));
    }
    b.append(CFormat.right(c.shutdownSeconds(), 5)).append(" seconds");
    for (BeatClass r : BeatClass.BEATS) {
      b.append(' ').append(m.referenceTotal(r));
    }
    return b.append('\n').toString();
  }

  /** The first {@code bxb -L} file of a list of records: heading and one row per record. */
  public static String lineTable(List<RecordComparison> records) {
    StringBuilder b = new StringBuilder(LINE_HEADING);
    records.forEach(r -> b.append(lineRow(r)));
    return b.toString();
  }

  /** The second {@code bxb -L} file: heading and one row per record. */
  public static String shutdownTable(List<RecordComparison> records) {
    StringBuilder b = new StringBuilder(SHUTDOWN_HEADING);
    records.forEach(r -> b.append(shutdownRow(r)));
    return b.toString();
  }

  /** What {@code sumstats} prints for the {@link #lineTable} of the summary's records. */
  public static String sumstats(DetectionSummary s) {
    StringBuilder b = new StringBuilder(lineTable(s.perRecord()));
    b.append("_".repeat(132)).append('\n');
    b.append("Sum ");
    for (BxbLineColumn col : BxbLineColumn.values()) {
      int width = col == BxbLineColumn.NN ? 6 : col.width();
      b.append(col == BxbLineColumn.NN ? "" : " ").append(CFormat.right(col.of(s.total()), width));
    }
    b.append('\n');
    b.append("Gross").append(" ".repeat(78));
    for (DetectionStatistic st : LINE_STATISTICS) {
      Ratio r = s.gross().get(st);
      summaryStat(b, r.numerator(), r.denominator());
    }
    b.append('\n');
    b.append("Average").append(" ".repeat(76));
    for (DetectionStatistic st : LINE_STATISTICS) {
      DetectionSummary.Average a = s.average().get(st);
      summaryStat(b, a.sum(), a.records());
    }
    summaryStat(b, s.rrErrorMs().sum() / 100.0, s.rrErrorMs().records());
    b.append('\n');
    b.append("Total QRS complexes: ").append(s.referenceBeats())
        .append("  Total VEBs: ").append(s.referenceBeats(V))
        .append("  Total SVEBs: ").append(s.referenceBeats(S)).append('\n');
    return b.append(summaryLine(s.perRecord().size())).toString();
  }

  /** What {@code sumstats} prints for the {@link #shutdownTable} of the summary's records. */
  public static String sumstatsShutdown(DetectionSummary s) {
    StringBuilder b = new StringBuilder(shutdownTable(s.perRecord()));
    b.append("_".repeat(72)).append('\n');
    b.append("Sum ");
    for (BeatClass r : BeatClass.BEATS) {
      b.append(' ').append(CFormat.right(s.total().count(r, X), 4));
    }
    long seconds = s.perRecord().stream().mapToLong(RecordComparison::shutdownSeconds).sum();
    b.append(" ".repeat(38)).append(CFormat.right(seconds, 4)).append(" seconds\n");
    return b.append(summaryLine(s.perRecord().size())).toString();
  }

  private static String summaryLine(int records) {
    return "\nSummary of results from " + records + " record" + (records == 1 ? "" : "s") + "\n";
  }

  /** sumstats' pstat: 100.*a/b with two decimals, "-" when b is not positive. */
  private static void summaryStat(StringBuilder b, double a, double denominator) {
    if (denominator <= 0.) {
      b.append("      -");
    } else {
      b.append(' ').append(CFormat.fixed(100. * a / denominator, 6, 2));
    }
  }
}
