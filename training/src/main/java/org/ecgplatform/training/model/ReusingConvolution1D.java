package org.ecgplatform.training.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Convolution1DLayer} configuration with a cheaper backward pass
 * ({@link ReusingConvolution1DLayer}): DL4J 1.0.0-M2 recomputes the convolution at the start of
 * every backward pass and then runs libnd4j's {@code conv1d_bp} (im2col and col2im matrices); this
 * layer reuses its forward output and computes the gradients by matrix products over the kernel's
 * taps ({@link TapConvolution}). The per-beat network's two convolutions are built with it.
 *
 * <p>Everything else is DL4J's: the settings, parameters, initialisation, input and output types
 * and the JSON form (the class name differs, and one setting is added: whether the gradient at the
 * layer's input is computed), so a graph's parameters mean the same with either class. Build it
 * from a configured DL4J layer:
 * {@code ReusingConvolution1D.of(new Convolution1DLayer.Builder(7).nOut(16)...build())}.
 */
public class ReusingConvolution1D extends Convolution1DLayer implements InputGradientSetting {
  private boolean inputGradient = true;

  /** For Jackson (DL4J's configuration JSON) and {@link #of}. */
  public ReusingConvolution1D() {}

  /** A reusing layer with every setting of {@code layer}. */
  public static ReusingConvolution1D of(Convolution1DLayer layer) {
    ReusingConvolution1D reusing = new ReusingConvolution1D();
    LayerFields.copy(Convolution1DLayer.class, layer, reusing);
    return reusing;
  }

  /** The same layer, computing the gradient at its input or not ({@link #isInputGradient()}). */
  public ReusingConvolution1D withInputGradient(boolean computed) {
    ReusingConvolution1D copy = clone();
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
  public Convolution1DLayer toDl4j() {
    Convolution1DLayer plain = new Convolution1DLayer();
    LayerFields.copy(Convolution1DLayer.class, this, plain);
    return plain;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerFields.instantiate(this, new ReusingConvolution1DLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
        initializeParams, initializer());
  }

  @Override
  public ReusingConvolution1D clone() {
    return (ReusingConvolution1D) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReusingConvolution1D r && r.inputGradient == inputGradient && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * super.hashCode() + ReusingConvolution1D.class.getName().hashCode()) + Boolean.hashCode(inputGradient);
  }
}
