package org.ecgplatform.training.model;

/**
 * A layer configuration of this package whose backward pass can leave out the gradient at the
 * layer's input ({@link ReusingConvolution1D}, {@link RowConvolution}).
 */
public interface InputGradientSetting {
  /**
   * Whether the backward pass computes the gradient at the layer's input (by default it does). Off
   * for a network's first layer, whose input is the data: training never reads that gradient (the
   * layer returns 0 there). On for anything that reads input gradients: saliency turns it on in its
   * copy of the graph.
   */
  boolean isInputGradient();

  /** Sets {@link #isInputGradient()}. */
  void setInputGradient(boolean inputGradient);
}
