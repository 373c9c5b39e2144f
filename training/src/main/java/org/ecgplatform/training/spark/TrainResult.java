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
    List<EpochMetrics> epochs) {}
