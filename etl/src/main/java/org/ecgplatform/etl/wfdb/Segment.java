package org.ecgplatform.etl.wfdb;

/**
 * One segment of a multi-segment record.
 *
 * @param recordName the segment's record (its header lies in the same directory), or "~" for a
 *     null segment, whose samples all read as invalid
 * @param nSamples frames in the segment (0 for a layout segment)
 */
public record Segment(String recordName, long nSamples) {
  /** The record name that marks a null segment. */
  public static final String NULL_SEGMENT = "~";

  public boolean isNull() {
    return NULL_SEGMENT.equals(recordName);
  }
}
