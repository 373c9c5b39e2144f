package org.ecgplatform.evaluation.explain;

import org.ecgplatform.training.model.Saliency;

/**
 * A misclassified beat, what the model saw, and what in it drove the decision.
 *
 * @param context the beat and its sequence
 * @param saliency the attribution of the predicted class to the inputs
 */
public record Explanation(BeatContext context, Saliency saliency) {

  public ErrorBeat error() {
    return context.error();
  }
}
