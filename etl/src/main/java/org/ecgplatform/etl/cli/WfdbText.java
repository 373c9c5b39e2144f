package org.ecgplatform.etl.cli;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.AnnotationFile;
import org.ecgplatform.etl.wfdb.ChecksumResult;
import org.ecgplatform.etl.wfdb.WfdbHeader;

/**
 * The text layouts of PhysioNet's {@code rdsamp -v -H} and {@code rdann -v} (WFDB 10.7), and
 * WFDB's time strings ({@code mstimstr}): "   m:ss.mmm" or "h:mm:ss.mmm" from the record's start,
 * or "[hh:mm:ss.mmm dd/mm/yyyy]" when the header gives a base time (and date).
 */
final class WfdbText {
  private WfdbText() {}

  /** A start or end given as seconds, [h:]m:s[.sss], or sN (sample N), in frames. */
  static long frameOf(String time, double fsHz) {
    String t = time.strip();
    try {
      if (t.startsWith("s")) {
        return Long.parseLong(t.substring(1));
      }
      double seconds = 0;
      for (String part : t.split(":")) {
        seconds = seconds * 60 + Double.parseDouble(part);
      }
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Math.round(seconds * fsHz);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot read time '" + time + "': write seconds (12.5), [h:]m:s (1:02:03)"
          + " or a sample number prefixed by s (s4500)");
    }
  }

  /**
   * The lines PhysioNet's {@code rdsamp} writes on stderr for a read that starts at frame 0, as
   * the WFDB library's {@code getvec} words them ("getvec: unexpected EOF in signal 1", "getvec:
   * checksum error in signal 0"), each followed by the record, signal and file in parentheses.
   * The library stops at the first signal file that ends before the header's length and reports
   * the signals that run out there (then no checksum is compared); otherwise it compares the
   * checksums once it has read the header's length. A read that starts later is never checked
   * ({@code isigsettime} switches the checks off).
   *
   * @param results the record's {@link org.ecgplatform.etl.wfdb.WfdbRecord#verifyChecksums()}
   * @param triedPastEnd whether the read went on to the end of what the files hold (no end
   *     given, or one beyond it), where the library meets a short file's end
   * @param readHeaderLength whether the read covered the header's whole length
   */
  static List<String> rdsampWarnings(List<ChecksumResult> results, boolean triedPastEnd, boolean readHeaderLength) {
    List<String> lines = new ArrayList<>();
    List<ChecksumResult> short_ = results.stream().filter(ChecksumResult::shortFile).toList();
    if (!short_.isEmpty()) {
      if (triedPastEnd) {
        String segment = short_.get(0).record();
        long firstEnd = short_.stream().filter(r -> r.record().equals(segment))
            .mapToLong(ChecksumResult::framesRead).min().orElseThrow();
        for (ChecksumResult r : short_) {
          if (r.record().equals(segment) && r.framesRead() == firstEnd) {
            lines.add(r.wfdbMessage() + context(r) + ": it holds " + r.framesRead() + " of the " + r.framesExpected()
                + " frames the header gives)");
          }
        }
      }
      return lines;
    }
    if (readHeaderLength) {
      for (ChecksumResult r : results) {
        if (r.checksumMismatch()) {
          lines.add(r.wfdbMessage() + context(r) + ": checksum " + (short) r.actualChecksum() + ", header "
              + (short) (int) r.expectedChecksum() + ")");
        }
      }
    }
    return lines;
  }

  private static String context(ChecksumResult r) {
    return " (record " + r.record() + ", signal " + r.description().strip() + ", file " + r.fileName();
  }

  static String rdsampHeading(WfdbHeader h, int[] signals) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%15s", "sample #"));
    for (int s : signals) {
      String d = h.signals().get(s).description();
      if (d.length() > 7) {
        d = d.substring(d.length() - 7);
      }
      sb.append('\t').append(String.format(Locale.ROOT, "%7s", d));
    }
    return sb.toString();
  }

  /** Appends rows for {@code frames} frames starting at {@code firstFrame}, at the highest rate. */
  static void rdsampRows(StringBuilder sb, WfdbHeader h, int[] signals, int[][] part, long firstFrame, long frames) {
    int hi = h.maxSampsPerFrame();
    for (long f = 0; f < frames; f++) {
      for (int sub = 0; sub < hi; sub++) {
        pad(sb, Long.toString((firstFrame + f) * hi + sub), 15);
        for (int j = 0; j < signals.length; j++) {
          int spf = h.signals().get(signals[j]).sampsPerFrame();
          sb.append('\t');
          pad(sb, Integer.toString(part[j][(int) (f * spf + (long) sub * spf / hi)]), 7);
        }
        sb.append('\n');
      }
    }
  }

  private static void pad(StringBuilder sb, String s, int width) {
    for (int i = s.length(); i < width; i++) {
      sb.append(' ');
    }
    sb.append(s);
  }

  static String rdann(WfdbHeader h, AnnotationFile file) {
    boolean hasTime = h != null && !h.baseTime().isEmpty();
    boolean hasDate = hasTime && !h.baseDate().isEmpty();
    StringBuilder sb = new StringBuilder();
    if (hasDate) {
      sb.append("      Time       Date     Sample #  Type  Sub Chan  Num\tAux\n");
    } else if (hasTime) {
      sb.append("      Time     Sample #  Type  Sub Chan  Num\tAux\n");
    } else {
      sb.append("      Time   Sample #  Type  Sub Chan  Num\tAux\n");
    }
    double fs = h == null ? 250.0 : h.fsHz();
    boolean ticks = !Double.isNaN(file.timeResolutionHz());
    LocalDateTime base = hasTime ? baseDateTime(h) : null;
    List<Annotation> anns = file.annotations();
    for (int i = 0; i < anns.size(); i++) {
      Annotation a = anns.get(i);
      double seconds = ticks ? file.ticks().get(i) / file.timeResolutionHz() : a.sample() / fs;
      long ms = Math.round(seconds * 1000);
      sb.append(base == null ? interval(ms) : absolute(base.plusNanos(ms * 1_000_000L), hasDate));
      sb.append(String.format(Locale.ROOT, "  %7d%6s%5d%5d%5d", a.sample(), a.symbol(), a.subtype(), a.chan(), a.num()));
      if (a.hasAux()) {
        sb.append('\t').append(a.aux());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static LocalDateTime baseDateTime(WfdbHeader h) {
    String[] t = h.baseTime().split(":");
    int hh = t.length == 3 ? Integer.parseInt(t[0]) : 0;
    int mm = Integer.parseInt(t[t.length - 2]);
    double ss = Double.parseDouble(t[t.length - 1]);
    LocalTime time = LocalTime.of(hh, mm, (int) ss, (int) Math.round((ss - Math.floor(ss)) * 1e9));
    LocalDate date = LocalDate.of(2000, 1, 1);
    if (!h.baseDate().isEmpty()) {
      String[] d = h.baseDate().split("/");
      date = LocalDate.of(Integer.parseInt(d[2]), Integer.parseInt(d[1]), Integer.parseInt(d[0]));
    }
    return LocalDateTime.of(date, time);
  }

  private static String interval(long ms) {
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long s = ms / 1000 % 60;
    long f = ms % 1000;
    return h > 0 ? String.format(Locale.ROOT, "%2d:%02d:%02d.%03d", h, m, s, f)
        : String.format(Locale.ROOT, "   %2d:%02d.%03d", m, s, f);
  }

  private static String absolute(LocalDateTime t, boolean withDate) {
    String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", t.getHour(), t.getMinute(), t.getSecond(),
        t.getNano() / 1_000_000);
    return withDate ? String.format(Locale.ROOT, "[%s %02d/%02d/%04d]", time, t.getDayOfMonth(), t.getMonthValue(),
        t.getYear()) : "[" + time + "]";
  }
}
