package org.ecgplatform.evaluation.explain;

import java.util.List;

/**
 * A misclassified beat with what the model saw when it classified it: the consecutive beats of its
 * record that the scorer put in its sequence (for the per-beat model, the beat alone), and the
 * beats just before and after it in the record, for the picture.
 *
 * @param error the beat and the evaluation's verdict on it
 * @param sequence the beats the model classified it with, in time order
 * @param target index of the beat in {@code sequence}
 * @param previous the record's beat before it, or null for the first beat
 * @param next the record's beat after it, or null for the last beat
 * @param indexInRecord index of the beat among its record's beats in time order
 * @param recordBeats beats of the record in the evaluated split
 */
public record BeatContext(ErrorBeat error, List<RecordBeat> sequence, int target, RecordBeat previous, RecordBeat next,
    int indexInRecord, int recordBeats) {

  public BeatContext {
    sequence = List.copyOf(sequence);
    if (target < 0 || target >= sequence.size() || sequence.get(target).sample() != error.sample()) {
      throw new IllegalArgumentException("Cannot explain " + error.where() + ": its sequence does not hold it at index " + target);
    }
  }

  /** The explained beat's own dataset row. */
  public RecordBeat beat() {
    return sequence.get(target);
  }
}
