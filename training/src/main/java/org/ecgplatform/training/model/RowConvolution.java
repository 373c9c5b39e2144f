package org.ecgplatform.training.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link ConvolutionLayer} configuration for a convolution along rows of height 1 (a 1 × k
 * kernel on [n, channels, 1, samples] input, as the sequence network runs one over every beat
 * window), computed by {@link RowConvolutionLayer}: the forward and backward passes are matrix
 * products over the kernel's taps ({@link TapConvolution}) instead of DL4J's im2col matrix, its
 * recomputation of the convolution at the start of every backward pass and its col2im matrix.
 *
 * <p>Everything else is DL4J's: the settings, parameters, initialisation, input and output types
 * and the JSON form (the class name differs, and one setting is added: whether the gradient at the
 * layer's input is computed), so a graph's parameters mean the same with either class. Build it
 * from a configured DL4J layer:
 * {@code RowConvolution.of(new ConvolutionLayer.Builder(new int[] {1, 7}, new int[] {1, 2})...build())}.
 */
public class RowConvolution extends ConvolutionLayer implements InputGradientSetting {
  private boolean inputGradient = true;

  /** For Jackson (DL4J's configuration JSON) and {@link #of}. */
  public RowConvolution() {}

  /** A row convolution with every setting of {@code layer}. */
  public static RowConvolution of(ConvolutionLayer layer) {
    RowConvolution row = new RowConvolution();
    LayerFields.copy(ConvolutionLayer.class, layer, row);
    return row;
  }

  /** The same layer, computing the gradient at its input or not ({@link #isInputGradient()}). */
  public RowConvolution withInputGradient(boolean computed) {
    RowConvolution copy = clone();
    copy.inputGradient = computed;
    return copy;
  }

  @Override
  public boolean isInputGradient() {
    return inputGradient;
  }

  @Override
  public void setInputGradient(boolean inputGradient) {
    this.inputGradient = inputGradient;
  }

  /** The plain DL4J layer with the same settings (for comparisons). */
  public ConvolutionLayer toDl4j() {
    ConvolutionLayer plain = new ConvolutionLayer();
    LayerFields.copy(ConvolutionLayer.class, this, plain);
    return plain;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerFields.instantiate(this, new RowConvolutionLayer(conf, networkDataType), conf, listeners, layerIndex,
        layerParamsView, initializeParams, initializer());
  }

  @Override
  public RowConvolution clone() {
    return (RowConvolution) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowConvolution r && r.inputGradient == inputGradient && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * super.hashCode() + RowConvolution.class.getName().hashCode()) + Boolean.hashCode(inputGradient);
  }
}
