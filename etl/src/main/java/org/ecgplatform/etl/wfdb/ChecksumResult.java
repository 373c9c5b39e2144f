package org.ecgplatform.etl.wfdb;

/**
 * The outcome of checking one stored signal against its header, under the rule of the WFDB
 * library (10.7, {@code lib/signal.c}):
 *
 * <ul>
 *   <li>{@code readheader()} gives a signal a length to count down only when its signal line has
 *       a checksum field <em>and</em> the record line a number of samples; otherwise the length
 *       is 0 ("header length 0", as {@code xform} and other writers that do not know the length
 *       in advance leave it) and nothing is checked: the signal file's end is the record's end.
 *   <li>{@code getskewedframe()} reports a signal file that ends before that length ("unexpected
 *       EOF"), and, when the count reaches zero, a sum of the samples that differs from the
 *       checksum in its low 16 bits ("checksum error") &mdash; except in a multi-segment record
 *       (where only the length is held against each segment's header) and for format 0 (no file,
 *       so never listed here).
 * </ul>
 *
 * The initial value is reported but, as in the library, never judged: it only seeds format 8's
 * first differences.
 *
 * @param record the record whose header declares the signal (a segment's name in a multi-segment
 *     record)
 * @param signal signal index in that header
 * @param description signal description
 * @param fileName the signal file summed
 * @param check what the library checks for this signal
 * @param expectedChecksum checksum from the header, or null when the signal line has none
 * @param actualChecksum 16-bit two's-complement sum of the signal's samples over the frames read
 * @param expectedInitValue initial value from the header
 * @param actualInitValue first sample in the file (0 when the file holds none)
 * @param framesRead frames summed: the header's length, or fewer when the file is shorter; the
 *     whole file when the header gives no length
 * @param framesExpected the header's number of samples (0 when it gives none)
 */
public record ChecksumResult(
    String record,
    int signal,
    String description,
    String fileName,
    Check check,
    Integer expectedChecksum,
    int actualChecksum,
    int expectedInitValue,
    int actualInitValue,
    long framesRead,
    long framesExpected) {

  /** What the WFDB library checks for a signal, and why it checks less. */
  public enum Check {
    /** Length and checksum: the header gives both (single-segment record). */
    LENGTH_AND_CHECKSUM(true, true, null),
    /** Length only: a segment of a multi-segment record, whose checksums the library skips. */
    LENGTH_ONLY(true, false, "the signal belongs to a segment of a multi-segment record"),
    /** Nothing: the record line gives no number of samples (header length 0). */
    NONE_NO_LENGTH(false, false, "the header gives no number of samples (header length 0)"),
    /** Nothing: the signal line has no checksum field. */
    NONE_NO_CHECKSUM(false, false, "the signal line has no checksum");

    private final boolean length;
    private final boolean checksum;
    private final String whyLess;

    Check(boolean length, boolean checksum, String whyLess) {
      this.length = length;
      this.checksum = checksum;
      this.whyLess = whyLess;
    }

    /**
     * The check the library makes for a signal: {@code nSamples} from the record line (0 when
     * absent), {@code checksum} from the signal line (null when absent).
     */
    static Check of(long nSamples, Integer checksum, boolean inMultiSegmentRecord) {
      if (checksum == null) {
        return NONE_NO_CHECKSUM;
      }
      if (nSamples <= 0) {
        return NONE_NO_LENGTH;
      }
      return inMultiSegmentRecord ? LENGTH_ONLY : LENGTH_AND_CHECKSUM;
    }

    /** Whether a signal file shorter than the header's length is an error. */
    public boolean length() {
      return length;
    }

    /** Whether the checksum is compared. */
    public boolean checksum() {
      return checksum;
    }

    /** Why the checksum is not compared, or null when it is. */
    public String whyNotChecksum() {
      return whyLess;
    }
  }

  /** Whether the header's length is checked and the file ends before it. */
  public boolean shortFile() {
    return check.length() && framesRead < framesExpected;
  }

  /** Whether the checksum is checked, the file is complete and the sums differ in their low 16 bits. */
  public boolean checksumMismatch() {
    return check.checksum() && !shortFile() && (short) (int) expectedChecksum != (short) actualChecksum;
  }

  /** Whether the library would read this signal without an error. */
  public boolean ok() {
    return !shortFile() && !checksumMismatch();
  }

  /** Whether the first sample equals the header's initial value (informative: the library does not check it). */
  public boolean initValueOk() {
    return expectedInitValue == actualInitValue;
  }

  /**
   * What is wrong, in a sentence naming the record, the signal and the file, or null when nothing
   * is.
   */
  public String problem() {
    String which = "signal " + signal + " (" + description.strip() + ") of record " + record;
    if (shortFile()) {
      return which + ": the file " + fileName + " holds " + framesRead + " of the " + framesExpected
          + " frames the header gives";
    }
    if (checksumMismatch()) {
      return which + ": checksum " + (short) actualChecksum + " of the file " + fileName + " differs from the header's "
          + (short) (int) expectedChecksum;
    }
    return null;
  }

  /**
   * The line the WFDB library writes on stderr for this signal's problem (its wording, with the
   * signal's index in its header), or null when there is none.
   */
  public String wfdbMessage() {
    if (shortFile()) {
      return "getvec: unexpected EOF in signal " + signal;
    }
    if (checksumMismatch()) {
      return "getvec: checksum error in signal " + signal;
    }
    return null;
  }
}
