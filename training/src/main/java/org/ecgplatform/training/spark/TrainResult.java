package org.ecgplatform.training.spark;

import java.util.List;
import org.ecgplatform.training.model.EpochMetrics;

/**
 * What a {@link TrainJob} run did.
 *
 * @param outputUri where the artifacts are
 * @param trainBeats beats in the training split
 * @param epochsThisRun epochs fitted by this invocation
 * @param lastEpoch last completed epoch of the whole run
 * @param bestEpoch epoch of the best validation macro-F1
 * @param bestValMacroF1 that macro-F1
 * @param finished true when the run is complete and {@code model.zip} was written (all epochs, or early stop)
 * @param stoppedEarly true when early stopping ended the run
 * @param examplesFittedThisRun training examples fitted by this invocation, counted on the workers
 * @param epochs metrics of every epoch of the run, resumed ones included
 */
public record TrainResult(
    String outputUri,
    long trainBeats,
    int epochsThisRun,
    int lastEpoch,
    int bestEpoch,
    double bestValMacroF1,
    boolean finished,
    boolean stoppedEarly,
    long examplesFittedThisRun,
    List<EpochMetrics> epochs) {

  /** The kept epoch in words: its validation macro-F1, or that there was no validation split. */
  public String keptEpoch() {
    return keptEpoch(bestEpoch, bestValMacroF1);
  }

  /** {@link #keptEpoch()} for a model written before the result exists (NaN: no validation split). */
  static String keptEpoch(int epoch, double valMacroF1) {
    return Double.isNaN(valMacroF1)
        ? String.format("kept epoch %d (no validation split)", epoch)
        : String.format("best epoch %d (val macro-F1 %.4f)", epoch, valMacroF1);
  }
}
