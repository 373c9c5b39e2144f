package org.ecgplatform.training.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link SubsamplingLayer} configuration for max pooling along rows of height 1 (a 1 × p
 * window moved by p over [n, channels, 1, samples] input, as the sequence network pools every beat
 * window's convolution features), computed by {@link RowMaxPoolingLayer}: one pass over the
 * contiguous rows in Java instead of libnd4j's general {@code maxpool2d} and {@code maxpool2d_bp}
 * ops.
 *
 * <p>Everything else is DL4J's: the settings, input and output types and the JSON form (only the
 * class name differs). The layer has no parameters, so a graph means the same with either class.
 * Build it from a configured DL4J layer: {@code RowMaxPooling.of(new
 * SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 2).stride(1, 2).build())}.
 */
public class RowMaxPooling extends SubsamplingLayer {

  /** For Jackson (DL4J's configuration JSON) and {@link #of}. */
  public RowMaxPooling() {}

  /** A row max pooling with every setting of {@code layer}. */
  public static RowMaxPooling of(SubsamplingLayer layer) {
    RowMaxPooling row = new RowMaxPooling();
    LayerFields.copy(SubsamplingLayer.class, layer, row);
    return row;
  }

  /** The plain DL4J layer with the same settings (for comparisons). */
  public SubsamplingLayer toDl4j() {
    SubsamplingLayer plain = new SubsamplingLayer();
    LayerFields.copy(SubsamplingLayer.class, this, plain);
    return plain;
  }

  /** What DL4J's configuration does in {@code instantiate}, for {@link RowMaxPoolingLayer}. */
  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerFields.attach(new RowMaxPoolingLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
        initializeParams, initializer());
  }

  @Override
  public RowMaxPooling clone() {
    return (RowMaxPooling) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowMaxPooling && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + RowMaxPooling.class.getName().hashCode();
  }
}
