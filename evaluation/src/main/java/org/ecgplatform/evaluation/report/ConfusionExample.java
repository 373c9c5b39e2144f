package org.ecgplatform.evaluation.report;

import java.io.Serializable;
import java.util.List;

/**
 * One off-diagonal cell of the confusion matrix with a few of its beats, so that a reviewer can
 * open the record at those times.
 *
 * @param reference reference AAMI class
 * @param predicted predicted AAMI class
 * @param count beats in the cell
 * @param beats example beats, in (database, record, sample) order
 */
public record ConfusionExample(String reference, String predicted, long count, List<Beat> beats)
    implements Serializable {

  /**
   * A beat to review.
   *
   * @param database source database
   * @param record WFDB record name
   * @param sample annotation sample in the source record
   * @param timeS time from the record start, seconds
   */
  public record Beat(String database, String record, long sample, double timeS) implements Serializable {}

  public ConfusionExample {
    beats = List.copyOf(beats);
  }
}
