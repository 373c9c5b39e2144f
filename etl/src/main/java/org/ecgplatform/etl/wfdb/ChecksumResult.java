package org.ecgplatform.etl.wfdb;

/**
 * The outcome of checking one signal against its header: the 16-bit checksum and the initial
 * value.
 *
 * @param signal signal index in the record
 * @param description signal description
 * @param fileName the signal file summed
 * @param expectedChecksum checksum from the header, or null when the header has none
 * @param actualChecksum 16-bit two's-complement sum of the signal's samples in the file
 * @param expectedInitValue initial value from the header
 * @param actualInitValue first sample in the file (0 when the file holds none)
 * @param framesSummed frames summed
 * @param framesExpected frames the header announces
 */
public record ChecksumResult(
    int signal,
    String description,
    String fileName,
    Integer expectedChecksum,
    int actualChecksum,
    int expectedInitValue,
    int actualInitValue,
    long framesSummed,
    long framesExpected) {

  /** Whether the file holds every frame the header announces. */
  public boolean complete() {
    return framesSummed >= framesExpected;
  }

  /** Whether the checksum matches (true when the header gives none) and the file is complete. */
  public boolean checksumOk() {
    return complete() && (expectedChecksum == null || (short) (int) expectedChecksum == (short) actualChecksum);
  }

  /** Whether the first sample equals the header's initial value. */
  public boolean initValueOk() {
    return expectedInitValue == actualInitValue;
  }

  /** Whether both checks pass. */
  public boolean ok() {
    return checksumOk() && initValueOk();
  }
}
