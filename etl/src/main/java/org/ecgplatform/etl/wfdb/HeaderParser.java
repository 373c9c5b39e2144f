package org.ecgplatform.etl.wfdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses WFDB headers. The grammar, after PhysioNet's header(5) ("WFDB header file format"):
 *
 * <pre>
 * header        = { comment | blank } record-line { signal-line | segment-line | comment | blank }
 * comment       = [ws] "#" text                  ; kept; "&lt;key&gt;: value" or "key: value" pairs
 *                                               ;   in comments become info strings
 * record-line   = name ["/" nseg] ws nsig
 *                 [ws fs ["/" counter-freq ["(" base-counter ")"]]
 *                 [ws nsamp [ws base-time [ws base-date]]]]
 * signal-line   = file ws format ["x" spf] [":" skew] ["+" byte-offset]
 *                 [ws adc-gain ["(" baseline ")"] ["/" units]
 *                 [ws adc-res [ws adc-zero [ws init-value [ws checksum [ws block-size
 *                 [ws description]]]]]]]     ; description: rest of the line, spaces kept
 * segment-line  = segment-record-name ws nsamp  ; "~" names a null segment
 * base-time     = hh ":" mm ":" ss ["." fraction] | mm ":" ss
 * base-date     = dd "/" mm "/" yyyy
 * line end      = LF or CR LF
 * </pre>
 *
 * Defaults when a field is absent: fs 250, counter-freq = fs, base-counter 0, nsamp 0 (unknown),
 * adc-gain 200 (uncalibrated), baseline = adc-zero, units "mV", adc-res from the format, adc-zero
 * 0, init-value = adc-zero, no checksum, block-size 0, description "record, signal i".
 *
 * <p>Hostile input: the header may hold at most {@link #MAX_HEADER_BYTES} bytes of text; control
 * bytes other than tab, CR and LF make it binary and are refused; counts are checked against
 * {@link #MAX_SIGNALS} and {@link #MAX_SEGMENTS} before anything is allocated for them.
 */
final class HeaderParser {
  static final int MAX_HEADER_BYTES = 1 << 20;
  static final int MAX_SIGNALS = 100_000;
  static final int MAX_SEGMENTS = 1_000_000;
  static final int MAX_SAMPS_PER_FRAME = 1 << 20;
  static final double DEFAULT_FS_HZ = 250.0;

  private static final Pattern RECORD_NAME = Pattern.compile("([^/\\s]+)(?:/(\\S+))?");
  private static final Pattern FREQUENCY =
      Pattern.compile("([^/(\\s]+)(?:/([^(\\s]+)(?:\\(([^)\\s]+)\\))?)?");
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?");
  private static final Pattern GAIN = Pattern.compile("([^(/\\s]+)(?:\\(([^)\\s]+)\\))?(?:/(\\S*))?");
  private static final Pattern INFO_ANGLE = Pattern.compile("<([^>]+)>:\\s*(.*?)\\s*(?=<[^>]+>:|$)");
  private static final Pattern INFO_PLAIN = Pattern.compile("\\s*([A-Za-z][\\w .-]*?):\\s+(.*?)\\s*");

  private final String record;
  private final String file;

  private HeaderParser(String record, String file) {
    this.record = record;
    this.file = file;
  }

  /** Parses the bytes of {@code file}, the header of {@code record}. */
  static WfdbHeader parse(String record, String file, byte[] bytes) {
    return new HeaderParser(record, file).parse(bytes);
  }

  private WfdbHeader parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw error(null, "the header file is empty", "a header holds at least a record line such as '100 2 360 650000'");
    }
    if (bytes.length > MAX_HEADER_BYTES) {
      throw error(null, "the header is " + bytes.length + " bytes, more than the " + MAX_HEADER_BYTES + " a header may hold",
          "is this really a .hea file?");
    }
    int textLine = 1;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b == '\n') {
        textLine++;
      } else if (b < 0x20 && b != '\t' && b != '\r') {
        throw error(textLine, "the header holds the binary byte 0x" + Integer.toHexString(b) + " at byte offset " + i,
            "a header is text; is the file a signal file or corrupt?");
      }
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    List<String> comments = new ArrayList<>();
    Map<String, String> info = new LinkedHashMap<>();
    int i = 0;
    String recordLine = null;
    for (; i < lines.length; i++) {
      String line = stripEol(lines[i]);
      if (isComment(line)) {
        addComment(line, comments, info);
      } else if (!line.isBlank()) {
        recordLine = line;
        i++;
        break;
      }
    }
    if (recordLine == null) {
      throw error(null, "the header has no record line", "a header holds at least a record line such as '100 2 360 650000'");
    }
    int recordLineNo = i;
    String[] f = recordLine.strip().split("\\s+");
    Matcher nm = RECORD_NAME.matcher(f[0]);
    if (!nm.matches()) {
      throw error(recordLineNo, "bad record name '" + f[0] + "'", "the record line starts with the record name");
    }
    String name = nm.group(1);
    int nSegments = nm.group(2) == null ? 0 : parseInt(nm.group(2), "number of segments", recordLineNo, 1, MAX_SEGMENTS);
    if (f.length < 2) {
      throw error(recordLineNo, "the record line has no number of signals", "write 'name nsig [fs [nsamp]]'");
    }
    int nSignals = parseInt(f[1], "number of signals", recordLineNo, 0, MAX_SIGNALS);
    double fs = DEFAULT_FS_HZ;
    double counterFreq = Double.NaN;
    double baseCounter = 0;
    if (f.length > 2) {
      Matcher fm = FREQUENCY.matcher(f[2]);
      if (!fm.matches()) {
        throw error(recordLineNo, "bad sampling frequency '" + f[2] + "'", "write e.g. 360 or 250/24000(0)");
      }
      fs = parseFrequency(fm.group(1), "sampling frequency", recordLineNo);
      if (fm.group(2) != null) {
        counterFreq = parseFrequency(fm.group(2), "counter frequency", recordLineNo);
      }
      if (fm.group(3) != null) {
        baseCounter = parseDouble(fm.group(3), "base counter value", recordLineNo);
      }
    }
    if (Double.isNaN(counterFreq)) {
      counterFreq = fs;
    }
    long nSamples = f.length > 3 ? parseLong(f[3], "number of samples", recordLineNo) : 0;
    String baseTime = f.length > 4 ? f[4] : "";
    String baseDate = f.length > 5 ? f[5] : "";
    if (!baseTime.isEmpty() && !baseTime.matches("\\d{1,2}:\\d{1,2}(:\\d{1,2}(\\.\\d+)?)?")) {
      throw error(recordLineNo, "bad base time '" + baseTime + "'", "write hh:mm:ss[.sss]");
    }
    if (!baseDate.isEmpty() && !baseDate.matches("\\d{1,2}/\\d{1,2}/\\d{1,4}")) {
      throw error(recordLineNo, "bad base date '" + baseDate + "'", "write dd/mm/yyyy");
    }

    List<SignalSpec> signals = new ArrayList<>();
    List<Segment> segments = new ArrayList<>();
    int expectedLines = nSegments > 0 ? nSegments : nSignals;
    for (; i < lines.length; i++) {
      String line = stripEol(lines[i]);
      int lineNo = i + 1;
      if (isComment(line)) {
        addComment(line, comments, info);
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      if (nSegments > 0) {
        if (segments.size() == nSegments) {
          throw error(lineNo, "more segment lines than the " + nSegments + " the record line announces", "fix the count or remove the line");
        }
        segments.add(parseSegment(line, lineNo));
      } else {
        if (signals.size() == nSignals) {
          throw error(lineNo, "more signal lines than the " + nSignals + " the record line announces", "fix the count or remove the line");
        }
        signals.add(parseSignal(name, line, lineNo, signals.size()));
      }
    }
    int found = nSegments > 0 ? segments.size() : signals.size();
    if (found != expectedLines) {
      throw error(lines.length, "the record line announces " + expectedLines + (nSegments > 0 ? " segments" : " signals")
          + " but the header has " + found + " lines for them", "is the header truncated?");
    }
    return new WfdbHeader(name, nSegments, nSignals, fs, counterFreq, baseCounter, nSamples, baseTime, baseDate,
        signals, segments, comments, info);
  }

  private Segment parseSegment(String line, int lineNo) {
    String[] f = line.strip().split("\\s+");
    if (f.length < 2) {
      throw error(lineNo, "a segment line needs a record name and a number of samples", "write e.g. '041s01 1000'");
    }
    if (!f[0].equals(Segment.NULL_SEGMENT)) {
      checkName(f[0], lineNo);
    }
    return new Segment(f[0], parseLong(f[1], "segment length", lineNo));
  }

  private SignalSpec parseSignal(String recordName, String line, int lineNo, int index) {
    Cursor c = new Cursor(line);
    String fileName = c.next();
    if (!"~".equals(fileName)) {
      checkName(fileName, lineNo);
    }
    String fmtField = c.next();
    if (fmtField == null) {
      throw error(lineNo, "the signal line has no format", "write 'file format [gain ...]', e.g. '100.dat 212 200 11 1024'");
    }
    Matcher fm = FORMAT.matcher(fmtField);
    if (!fm.matches()) {
      throw error(lineNo, "bad format field '" + fmtField + "'", "write format[xspf][:skew][+offset], e.g. 212x4:3+512");
    }
    int code = parseInt(fm.group(1), "format", lineNo, 0, Integer.MAX_VALUE);
    SignalFormat format = SignalFormat.ofCode(code).orElseThrow(() -> error(lineNo,
        "unknown signal format " + code, "supported formats: 0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524"));
    int spf = fm.group(2) == null ? 1 : parseInt(fm.group(2), "samples per frame", lineNo, 1, MAX_SAMPS_PER_FRAME);
    int skew = fm.group(3) == null ? 0 : parseInt(fm.group(3), "skew", lineNo, 0, Integer.MAX_VALUE);
    long offset = fm.group(4) == null ? 0 : parseLong(fm.group(4), "byte offset", lineNo);

    double gain = SignalSpec.DEFAULT_ADC_GAIN;
    Integer baseline = null;
    String units = "mV";
    boolean calibrated = false;
    String gainField = c.next();
    if (gainField != null) {
      Matcher gm = GAIN.matcher(gainField);
      if (!gm.matches()) {
        throw error(lineNo, "bad ADC gain '" + gainField + "'", "write gain[(baseline)][/units], e.g. 12.84(-1605)/mmHg");
      }
      double g = parseDouble(gm.group(1), "ADC gain", lineNo);
      if (g < 0 || Double.isInfinite(g)) {
        throw error(lineNo, "negative or infinite ADC gain " + gm.group(1), "the gain is ADC units per physical unit, > 0");
      }
      if (g > 0) {
        gain = g;
        calibrated = true;
      }
      if (gm.group(2) != null) {
        baseline = parseInt(gm.group(2), "baseline", lineNo, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      if (gm.group(3) != null && !gm.group(3).isEmpty()) {
        units = gm.group(3);
      }
    }
    String f;
    int adcRes = (f = c.next()) == null ? format.defaultAdcResolution() : parseInt(f, "ADC resolution", lineNo, 0, 64);
    if (adcRes == 0) {
      adcRes = format.defaultAdcResolution();
    }
    int adcZero = (f = c.next()) == null ? 0 : parseInt(f, "ADC zero", lineNo, Integer.MIN_VALUE, Integer.MAX_VALUE);
    int initValue = (f = c.next()) == null ? adcZero : parseInt(f, "initial value", lineNo, Integer.MIN_VALUE, Integer.MAX_VALUE);
    Integer checksum = (f = c.next()) == null ? null : parseInt(f, "checksum", lineNo, Integer.MIN_VALUE, Integer.MAX_VALUE);
    int blockSize = (f = c.next()) == null ? 0 : parseInt(f, "block size", lineNo, 0, Integer.MAX_VALUE);
    String description = c.rest();
    if (description == null) {
      description = recordName + ", signal " + index;
    }
    return new SignalSpec(fileName, format, spf, skew, offset, gain, baseline == null ? adcZero : baseline, units,
        adcRes, adcZero, initValue, checksum, blockSize, description, calibrated);
  }

  private void checkName(String name, int lineNo) {
    try {
      WfdbStorage.checkName(name);
    } catch (IllegalArgumentException e) {
      throw error(lineNo, "the header names the file '" + name + "' outside the record's directory",
          "file names in a header must be plain names in the record's directory");
    }
  }

  private static boolean isComment(String line) {
    return line.stripLeading().startsWith("#");
  }

  private static void addComment(String line, List<String> comments, Map<String, String> info) {
    String text = line.stripLeading().substring(1);
    comments.add(text);
    Matcher am = INFO_ANGLE.matcher(text);
    boolean any = false;
    while (am.find()) {
      info.put(am.group(1).strip(), am.group(2));
      any = true;
    }
    if (!any) {
      Matcher pm = INFO_PLAIN.matcher(text);
      if (pm.matches()) {
        info.put(pm.group(1).strip(), pm.group(2));
      }
    }
  }

  private static String stripEol(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private int parseInt(String s, String what, int lineNo, int min, int max) {
    long v = parseLong(s, what, lineNo, min);
    if (v > max) {
      throw error(lineNo, what + " " + s + " is larger than " + max, "check the header");
    }
    return (int) v;
  }

  private long parseLong(String s, String what, int lineNo) {
    return parseLong(s, what, lineNo, 0);
  }

  private long parseLong(String s, String what, int lineNo, long min) {
    long v;
    try {
      v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      throw error(lineNo, "bad " + what + " '" + s + "'", "an integer is expected");
    }
    if (v < min) {
      throw error(lineNo, what + " " + s + " is negative or too small (minimum " + min + ")", "check the header");
    }
    return v;
  }

  private double parseDouble(String s, String what, int lineNo) {
    try {
      double v = Double.parseDouble(s);
      if (Double.isNaN(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw error(lineNo, "bad " + what + " '" + s + "'", "a number is expected");
    }
  }

  private double parseFrequency(String s, String what, int lineNo) {
    double v = parseDouble(s, what, lineNo);
    if (!(v > 0) || Double.isInfinite(v)) {
      throw error(lineNo, what + " " + s + " is not a positive number", "write the frequency in Hz, e.g. 360");
    }
    return v;
  }

  private WfdbHeaderException error(Integer lineNo, String reason, String hint) {
    return new WfdbHeaderException(record, file, lineNo == null ? null : "line " + lineNo,
        "Cannot parse header: " + reason + " (" + hint + ")");
  }

  /** Splits a signal line into fields while keeping the rest of the line (the description) whole. */
  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    String next() {
      skipSpace();
      if (pos >= s.length()) {
        return null;
      }
      int start = pos;
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    /** The rest of the line after one run of whitespace, trailing spaces kept; null if none. */
    String rest() {
      skipSpace();
      return pos >= s.length() ? null : s.substring(pos);
    }
  }
}
