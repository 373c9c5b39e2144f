package org.ecgplatform.evaluation.explain;

import org.ecgplatform.etl.beats.AamiClass;

/**
 * A beat the evaluation got wrong, as its predictions file holds it.
 *
 * @param database source database
 * @param record WFDB record name
 * @param sample annotation sample in the source record
 * @param timeS time from the record start, seconds
 * @param reference reference class (under the evaluation's class mapping)
 * @param predicted predicted class
 * @param probabilities the evaluation's class probabilities, in AAMI class order
 */
public record ErrorBeat(String database, String record, long sample, double timeS, AamiClass reference,
    AamiClass predicted, float[] probabilities) {

  /** {@code database/record}: the key of the evaluation's per-record files. */
  public String recordKey() {
    return database + "/" + record;
  }

  public ConfusionCell cell() {
    return new ConfusionCell(reference, predicted);
  }

  /** How the error is named in messages: {@code mitdb/208 at 00:12:34.567 (sample 271644)}. */
  public String where() {
    return recordKey() + " at " + ClockTime.format(timeS) + " (sample " + sample + ")";
  }
}
