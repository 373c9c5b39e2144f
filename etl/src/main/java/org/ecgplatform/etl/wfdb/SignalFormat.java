package org.ecgplatform.etl.wfdb;

import java.util.Arrays;
import java.util.Optional;

/**
 * The WFDB signal file formats, as a table (PhysioNet, <i>WFDB Programmer's Guide</i>, "signal(5)":
 * storage formats). Each row gives how samples are laid out on disk (samples per block, bytes per
 * block), the ADC bits a sample can hold, its valid range and the value that WFDB writes for an
 * invalid (missing) sample, and the ADC resolution assumed when a header omits it. Only the bit-packed formats (212, 310, 311), first differences (8) and
 * FLAC need code of their own; everything else is described by {@link Layout}.
 *
 * <p>A signal file holds frames one after another; a frame holds, for each signal stored in the
 * file, {@code sampsPerFrame} consecutive samples. Packed formats pack the file's sample stream
 * regardless of frame boundaries (a 212 pair may span two frames).
 */
public enum SignalFormat {
  /** No signal file: every sample reads as invalid. */
  NULL(0, Layout.NONE, 0, 12, 1, 0, 0, 0, -32768, -32768, new int[] {0}),
  /** 8-bit first differences: each byte is the signed difference from the previous sample. */
  FMT_8(8, Layout.FIRST_DIFFERENCE_8, 8, 12, 1, 1, -128, 127, -32768, -32768, new int[] {0}),
  /** 16-bit two's complement, little-endian. */
  FMT_16(16, Layout.LE16, 16, 16, 1, 2, -32768, 32767, -32768, -32768, new int[] {0, 0}),
  /** 24-bit two's complement, little-endian. */
  FMT_24(24, Layout.LE24, 24, 24, 1, 3, -8388608, 8388607, -8388608, -8388608, new int[] {0, 0, 0}),
  /** 32-bit two's complement, little-endian. */
  FMT_32(32, Layout.LE32, 32, 32, 1, 4, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE, new int[] {0, 0, 0, 0}),
  /** 16-bit two's complement, big-endian. */
  FMT_61(61, Layout.BE16, 16, 16, 1, 2, -32768, 32767, -32768, -32768, new int[] {0, 0}),
  /** 8-bit offset binary (stored value minus 128). */
  FMT_80(80, Layout.OFFSET8, 8, 8, 1, 1, -128, 127, -128, -32768, new int[] {0}),
  /** 16-bit offset binary (stored value minus 32768), little-endian. */
  FMT_160(160, Layout.OFFSET16, 16, 16, 1, 2, -32768, 32767, -32768, -32768, new int[] {0, 0}),
  /** Two 12-bit samples in three bytes. */
  FMT_212(212, Layout.PACKED_212, 12, 12, 2, 3, -2048, 2047, -2048, -32768, new int[] {0, 0, 1}),
  /** Three 10-bit samples in two 16-bit little-endian words (bit 0 of each word unused). */
  FMT_310(310, Layout.PACKED_310, 10, 10, 3, 4, -512, 511, -512, -32768, new int[] {0, 0, 1, 1}),
  /** Three 10-bit samples in one 32-bit little-endian word (bits 30-31 unused). */
  FMT_311(311, Layout.PACKED_311, 10, 10, 3, 4, -512, 511, -512, -32768, new int[] {0, 0, 1, 2}),
  /** FLAC, 8 bits per sample (WFDB 10.7). */
  FLAC_508(508, Layout.FLAC, 8, 8, 1, 0, -128, 127, -128, -32768, null),
  /** FLAC, 16 bits per sample (WFDB 10.7). */
  FLAC_516(516, Layout.FLAC, 16, 16, 1, 0, -32768, 32767, -32768, -32768, null),
  /** FLAC, 24 bits per sample (WFDB 10.7). */
  FLAC_524(524, Layout.FLAC, 24, 24, 1, 0, -8388608, 8388607, -8388608, -8388608, null);

  /** How samples are laid out on disk; the decoder switches on this, once per block of bytes. */
  enum Layout {
    NONE, FIRST_DIFFERENCE_8, LE16, LE24, LE32, BE16, OFFSET8, OFFSET16, PACKED_212, PACKED_310, PACKED_311, FLAC
  }

  private final int code;
  private final Layout layout;
  private final int bitsPerSample;
  private final int defaultAdcResolution;
  private final int samplesPerBlock;
  private final int bytesPerBlock;
  private final int minValue;
  private final int maxValue;
  private final int storedInvalidValue;
  private final int invalidValue;
  private final int[] samplesInPartialBlock;

  SignalFormat(int code, Layout layout, int bitsPerSample, int defaultAdcResolution, int samplesPerBlock, int bytesPerBlock,
      int minValue, int maxValue, int storedInvalidValue, int invalidValue, int[] samplesInPartialBlock) {
    this.code = code;
    this.layout = layout;
    this.bitsPerSample = bitsPerSample;
    this.defaultAdcResolution = defaultAdcResolution;
    this.samplesPerBlock = samplesPerBlock;
    this.bytesPerBlock = bytesPerBlock;
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.storedInvalidValue = storedInvalidValue;
    this.invalidValue = invalidValue;
    this.samplesInPartialBlock = samplesInPartialBlock;
  }

  /** WFDB's in-memory invalid-sample value, {@code WFDB_INVALID_SAMPLE}. */
  public static final int WFDB_INVALID_SAMPLE = -32768;

  /** The format code as written in a header (212, 16, 508 …). */
  public int code() {
    return code;
  }

  /** Bits of ADC resolution one stored sample can hold. */
  public int bitsPerSample() {
    return bitsPerSample;
  }

  /** Samples in one packing block (2 for 212, 3 for 310/311, 1 otherwise). */
  public int samplesPerBlock() {
    return samplesPerBlock;
  }

  /** Bytes in one packing block (3 for 212, 4 for 310/311); 0 for FLAC (variable) and NULL. */
  public int bytesPerBlock() {
    return bytesPerBlock;
  }

  /** Smallest valid stored value. */
  public int minValue() {
    return minValue;
  }

  /** Largest valid stored value. */
  public int maxValue() {
    return maxValue;
  }

  /**
   * The value WFDB stores on disk for an invalid or missing sample in this format (e.g. -2048 in
   * 212, -512 in 310, -32768 in 16).
   */
  public int storedInvalidValue() {
    return storedInvalidValue;
  }

  /**
   * The value readers return for an invalid sample, and writers accept as one: WFDB's
   * {@code WFDB_INVALID_SAMPLE} (-32768) for formats of up to 16 bits, where it lies outside
   * (or is) the stored marker, as {@code rdsamp} prints it; the stored marker itself for 24- and
   * 32-bit formats, where -32768 is ordinary data. Test with {@link #isInvalid(int)}.
   */
  public int invalidValue() {
    return invalidValue;
  }

  /** Whether {@code digitalValue} is this format's invalid-sample marker. */
  public boolean isInvalid(int digitalValue) {
    return digitalValue == invalidValue;
  }

  /** Whether samples are FLAC-compressed (508, 516, 524). */
  public boolean isFlac() {
    return layout == Layout.FLAC;
  }

  /** Whether this format can be written by {@link WfdbWriter}: every format with a file but FLAC. */
  public boolean isWritable() {
    return this != NULL && !isFlac();
  }

  Layout layout() {
    return layout;
  }

  /** Samples decodable from a trailing partial block of {@code bytes} bytes. */
  int samplesInPartialBlock(int bytes) {
    return samplesInPartialBlock == null ? 0 : samplesInPartialBlock[bytes];
  }

  /** Whole samples held by {@code bytes} bytes of this format. */
  long samplesIn(long bytes) {
    if (bytesPerBlock == 0) {
      return 0;
    }
    return bytes / bytesPerBlock * samplesPerBlock + samplesInPartialBlock((int) (bytes % bytesPerBlock));
  }

  /** The format with this header code, if WFDB defines it. */
  public static Optional<SignalFormat> ofCode(int code) {
    return Arrays.stream(values()).filter(f -> f.code == code).findFirst();
  }

  /** The ADC resolution in bits assumed when a header omits it. */
  public int defaultAdcResolution() {
    return defaultAdcResolution;
  }

}
