package org.ecgplatform.etl.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes WFDB annotation files in MIT format (PhysioNet, "annot(5)").
 *
 * <p>The format is a sequence of 16-bit little-endian words; the top 6 bits are a code A, the
 * low 10 bits a datum I:
 *
 * <ul>
 *   <li>A = 1..49: an annotation of type A, I samples after the previous one;
 *   <li>A = 59 (SKIP): the next 4 bytes (a PDP-11 long: high word first, each word little-endian)
 *       add to the time of the next annotation;
 *   <li>A = 60 (NUM), 61 (SUB), 62 (CHN): I is the {@code num}, {@code subtyp}, {@code chan} of
 *       the preceding annotation; {@code num} and {@code chan} carry over to later annotations,
 *       {@code subtyp} does not;
 *   <li>A = 63 (AUX): I bytes of AUX string follow, padded to an even length;
 *   <li>A = 0, I = 0: end of file. A = 0 with I &gt; 0 is a null annotation that only advances time.
 * </ul>
 *
 * Leading NOTE annotations at time 0 may declare the file's time resolution ("## time
 * resolution: 500", ticks per second) and mnemonics for codes ("42 CAL Calibration"); like WFDB,
 * the reader consumes them and converts tick times to samples at the record's frame frequency.
 *
 * <p>AUX strings are bytes; they are read and written as ISO-8859-1 so that any byte round-trips.
 */
public final class Annotations {
  /** Largest annotation file read (bytes). */
  static final long MAX_FILE_BYTES = 1L << 30;
  private static final int DATA_BITS = 10;
  private static final int DATA_MASK = (1 << DATA_BITS) - 1;
  private static final String TIME_RESOLUTION = "## time resolution: ";
  private static final String DEFINITIONS_START = "## annotation type definitions";
  private static final String DEFINITIONS_END = "## end of definitions";
  private static final Pattern DEFINITION = Pattern.compile("\\s*(\\d+)\\s+(\\S+)\\s*(.*?)\\s*");

  private Annotations() {}

  /**
   * Reads annotator {@code annotator} of {@code record} (file {@code record.annotator}). When the
   * record's header exists, annotations must lie within its length.
   *
   * @throws WfdbAnnotationException when the file is missing, truncated or corrupt
   */
  public static List<Annotation> read(WfdbStorage storage, String record, String annotator) {
    return readFile(storage, record, annotator).annotations();
  }

  /** Like {@link #read}, returning the file's declarations too. */
  public static AnnotationFile readFile(WfdbStorage storage, String record, String annotator) {
    String file = record + "." + annotator;
    WfdbHeader header = null;
    try {
      if (storage.exists(record + ".hea")) {
        header = WfdbRecord.open(storage, record).header();
      }
    } catch (IOException e) {
      throw new WfdbAnnotationException(record, record + ".hea", null, "Cannot look up the header: " + e.getMessage(), e);
    }
    byte[] bytes = readBytes(storage, record, file);
    return decode(record, annotator, bytes, header == null ? Double.NaN : header.fsHz(),
        header == null || header.nSamples() == 0 ? -1 : header.nSamples());
  }

  private static byte[] readBytes(WfdbStorage storage, String record, String file) {
    try {
      WfdbStorage.checkName(file);
      if (!storage.exists(file)) {
        throw new WfdbAnnotationException(record, file, null, "Cannot read annotations: " + storage.describe(file)
            + " does not exist (check the annotator name, e.g. 'atr')");
      }
      long size = storage.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new WfdbAnnotationException(record, file, null, "Cannot read annotations: the file is " + size
            + " bytes, more than " + MAX_FILE_BYTES + " (is this an annotation file?)");
      }
      try (WfdbStorage.Input in = storage.open(file)) {
        return in.readFully((int) size);
      }
    } catch (IllegalArgumentException e) {
      throw new WfdbAnnotationException(record, file, null, "Cannot read annotations: " + e.getMessage());
    } catch (IOException e) {
      throw new WfdbAnnotationException(record, file, null, "Cannot read annotations: " + e.getMessage()
          + " (check the storage URI and permissions)", e);
    }
  }

  /**
   * Decodes MIT-format bytes.
   *
   * @param fsHz the record's frame frequency, to convert ticks when the file declares a time
   *     resolution (NaN: no conversion)
   * @param nSamples the record's length in frames; annotations beyond it are refused (-1: no check)
   */
  static AnnotationFile decode(String record, String annotator, byte[] b, double fsHz, long nSamples) {
    String file = record + "." + annotator;
    List<long[]> raw = new ArrayList<>(); // {time, code, subtype, chan, num, byteOffset}
    List<String> auxes = new ArrayList<>();
    long time = 0;
    int chan = 0;
    int num = 0;
    int pos = 0;
    int n = b.length;
    while (true) {
      if (pos + 2 > n) {
        if (pos == n) {
          break; // no end word: tolerated, as WFDB does
        }
        throw truncated(record, file, pos, "half an annotation word");
      }
      int word = (b[pos] & 0xff) | ((b[pos + 1] & 0xff) << 8);
      int a = word >>> DATA_BITS;
      int data = word & DATA_MASK;
      int at = pos;
      pos += 2;
      if (word == 0) {
        break;
      }
      if (a == AnnotationCode.SKIP) {
        if (pos + 4 > n) {
          throw truncated(record, file, at, "a SKIP without its 4-byte interval");
        }
        long hi = (b[pos] & 0xff) | ((b[pos + 1] & 0xff) << 8);
        long lo = (b[pos + 2] & 0xff) | ((b[pos + 3] & 0xff) << 8);
        time += (int) ((hi << 16) | lo);
        pos += 4;
        continue;
      }
      if (a == AnnotationCode.NUM || a == AnnotationCode.SUB || a == AnnotationCode.CHN || a == AnnotationCode.AUX) {
        if (raw.isEmpty() || raw.get(raw.size() - 1) == null) {
          throw new WfdbAnnotationException(record, file, "byte offset " + at, "Cannot read annotations: a "
              + pseudoName(a) + " word precedes any annotation (the file is corrupt or not an MIT annotation file)");
        }
        long[] last = raw.get(raw.size() - 1);
        switch (a) {
          case AnnotationCode.NUM:
            num = (byte) data;
            last[4] = num;
            break;
          case AnnotationCode.SUB:
            last[2] = (byte) data;
            break;
          case AnnotationCode.CHN:
            chan = data & 0xff;
            last[3] = chan;
            break;
          default:
            if (pos + data > n) {
              throw truncated(record, file, at, "an AUX string of " + data + " bytes");
            }
            int len = data;
            while (len > 0 && b[pos + len - 1] == 0) {
              len--;
            }
            auxes.set(auxes.size() - 1, new String(b, pos, len, StandardCharsets.ISO_8859_1));
            pos += data + (data & 1);
            if (pos > n) {
              pos = n;
            }
        }
        continue;
      }
      if (a > AnnotationCode.ACMAX) {
        throw new WfdbAnnotationException(record, file, "byte offset " + at, "Cannot read annotations: code " + a
            + " is neither an annotation type (0-49) nor a pseudo-code (59-63) (the file is corrupt)");
      }
      time += data;
      if (time < 0) {
        throw new WfdbAnnotationException(record, file, "byte offset " + at,
            "Cannot read annotations: a SKIP moves an annotation before sample 0 (the file is corrupt)");
      }
      raw.add(new long[] {time, a, 0, chan, num, at});
      auxes.add("");
    }

    // Leading definitions: NOTEs at time 0 declaring the time resolution or code mnemonics.
    double tfreq = Double.NaN;
    Map<Integer, AnnotationCode> defs = new HashMap<>();
    int first = 0;
    for (; first < raw.size(); first++) {
      long[] r = raw.get(first);
      String aux = auxes.get(first);
      if (r[0] != 0) {
        break;
      }
      if (r[1] == 0) {
        continue;
      }
      if (r[1] != 22 || r[2] != 0 || aux.isEmpty()) {
        break;
      }
      String text = aux.strip();
      if (text.startsWith(TIME_RESOLUTION.strip())) {
        try {
          tfreq = Double.parseDouble(text.substring(TIME_RESOLUTION.strip().length()).strip());
        } catch (NumberFormatException e) {
          throw new WfdbAnnotationException(record, file, "byte offset " + r[5], "Cannot read annotations: bad time"
              + " resolution '" + text + "' (write '## time resolution: <ticks per second>')");
        }
        continue;
      }
      if (text.equals(DEFINITIONS_START) || text.equals(DEFINITIONS_END)) {
        continue;
      }
      Matcher m = DEFINITION.matcher(text);
      if (m.matches()) {
        int code = Integer.parseInt(m.group(1).length() > 4 ? "0" : m.group(1));
        if (code > 0 && code <= AnnotationCode.ACMAX) {
          AnnotationCode std = AnnotationCode.of(code);
          defs.put(code, new AnnotationCode(code, std.name(), m.group(2), m.group(3), std.beat()));
          continue;
        }
      }
      break;
    }
    boolean convert = !Double.isNaN(tfreq) && !Double.isNaN(fsHz) && tfreq > 0 && tfreq != fsHz;
    List<Annotation> out = new ArrayList<>(raw.size() - first);
    List<Long> ticks = new ArrayList<>(raw.size() - first);
    for (int i = first; i < raw.size(); i++) {
      long[] r = raw.get(i);
      int code = (int) r[1];
      if (code == 0) {
        continue; // null annotation: only moves time
      }
      long sample = convert ? (long) Math.floor(r[0] * fsHz / tfreq + 0.5) : r[0];
      if (nSamples >= 0 && sample > nSamples) {
        throw new WfdbAnnotationException(record, file, "byte offset " + r[5], "Cannot read annotations: annotation "
            + (i - first) + " at sample " + sample + " lies beyond the end of the record (" + nSamples
            + " samples) (the annotation file does not belong to this record, or the header's length is wrong)");
      }
      AnnotationCode def = defs.getOrDefault(code, AnnotationCode.of(code));
      out.add(new Annotation(sample, code, def.mnemonic(), (int) r[2], (int) r[3], (int) r[4], auxes.get(i)));
      ticks.add(r[0]);
    }
    return new AnnotationFile(record, annotator, out, tfreq, defs, ticks);
  }

  private static String pseudoName(int a) {
    return switch (a) {
      case AnnotationCode.NUM -> "NUM";
      case AnnotationCode.SUB -> "SUB";
      case AnnotationCode.CHN -> "CHN";
      default -> "AUX";
    };
  }

  private static WfdbAnnotationException truncated(String record, String file, int at, String what) {
    return new WfdbAnnotationException(record, file, "byte offset " + at, "Cannot read annotations: the file ends"
        + " inside " + what + " (it is truncated; re-copy it)");
  }

  /**
   * Writes {@code annotations} (in time order) as file {@code record.annotator} in MIT format,
   * with SKIP words for gaps beyond 1023 samples and NUM, SUB, CHN and AUX words wherever the
   * values call for them.
   */
  public static void write(WfdbStorage storage, String record, String annotator, List<Annotation> annotations) {
    String file = record + "." + annotator;
    byte[] bytes = encode(record, file, annotations);
    try (OutputStream out = storage.create(file)) {
      out.write(bytes);
    } catch (IOException | IllegalArgumentException e) {
      throw new WfdbAnnotationException(record, file, null, "Cannot write annotations to " + storage.describe(file)
          + ": " + e.getMessage() + " (check the directory and permissions)", e);
    }
  }

  static byte[] encode(String record, String file, List<Annotation> annotations) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(annotations.size() * 2 + 2);
    long time = 0;
    int chan = 0;
    int num = 0;
    for (int i = 0; i < annotations.size(); i++) {
      Annotation a = annotations.get(i);
      if (a.code() < 1 || a.code() > AnnotationCode.ACMAX) {
        throw new WfdbAnnotationException(record, file, "annotation " + i, "Cannot write annotation code "
            + a.code() + " (codes run from 1 to " + AnnotationCode.ACMAX + ")");
      }
      long delta = a.sample() - time;
      if (delta < 0 && a.sample() < 0) {
        throw new WfdbAnnotationException(record, file, "annotation " + i, "Cannot write an annotation at sample "
            + a.sample() + " (samples are >= 0)");
      }
      if (delta > DATA_MASK || delta < 0) {
        if (delta > Integer.MAX_VALUE || delta < Integer.MIN_VALUE) {
          throw new WfdbAnnotationException(record, file, "annotation " + i, "Cannot write a gap of " + delta
              + " samples (a SKIP holds 32 bits; split the file)");
        }
        word(out, AnnotationCode.SKIP, 0);
        int d = (int) delta;
        int hi = d >>> 16;
        int lo = d & 0xffff;
        out.write(hi & 0xff);
        out.write(hi >>> 8);
        out.write(lo & 0xff);
        out.write(lo >>> 8);
        word(out, a.code(), 0);
      } else {
        word(out, a.code(), (int) delta);
      }
      time = a.sample();
      if (a.subtype() != 0) {
        word(out, AnnotationCode.SUB, a.subtype() & DATA_MASK);
      }
      if (a.chan() != chan) {
        word(out, AnnotationCode.CHN, a.chan() & DATA_MASK);
        chan = a.chan();
      }
      if (a.num() != num) {
        word(out, AnnotationCode.NUM, a.num() & DATA_MASK);
        num = a.num();
      }
      if (a.hasAux()) {
        byte[] aux = a.aux().getBytes(StandardCharsets.ISO_8859_1);
        if (aux.length > 255) {
          throw new WfdbAnnotationException(record, file, "annotation " + i, "Cannot write an AUX string of "
              + aux.length + " bytes (WFDB allows 255)");
        }
        word(out, AnnotationCode.AUX, aux.length);
        out.write(aux, 0, aux.length);
        if ((aux.length & 1) != 0) {
          out.write(0);
        }
      }
    }
    word(out, 0, 0);
    return out.toByteArray();
  }

  private static void word(ByteArrayOutputStream out, int code, int data) {
    int w = (code << DATA_BITS) | (data & DATA_MASK);
    out.write(w & 0xff);
    out.write(w >>> 8);
  }
}
