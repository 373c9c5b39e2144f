package org.ecgplatform.training.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Subsampling1DLayer} configuration for max pooling along time series [n, channels,
 * samples] (a window of p samples moved by p, as the per-beat network pools its convolution
 * features along the beat window), computed by {@link SeriesMaxPoolingLayer} ({@link MaxPooling}'s
 * loops) instead of libnd4j's general ops.
 *
 * <p>Everything else is DL4J's: the settings, input and output types and the JSON form (only the
 * class name differs). The layer has no parameters, so a graph means the same with either class.
 * Build it from a configured DL4J layer: {@code SeriesMaxPooling.of(new
 * Subsampling1DLayer.Builder(PoolingType.MAX).kernelSize(2).stride(2).build())}.
 */
public class SeriesMaxPooling extends Subsampling1DLayer {

  /** For Jackson (DL4J's configuration JSON) and {@link #of}. */
  public SeriesMaxPooling() {}

  /** A series max pooling with every setting of {@code layer}. */
  public static SeriesMaxPooling of(Subsampling1DLayer layer) {
    SeriesMaxPooling series = new SeriesMaxPooling();
    LayerFields.copy(Subsampling1DLayer.class, layer, series);
    return series;
  }

  /** The plain DL4J layer with the same settings (for comparisons). */
  public Subsampling1DLayer toDl4j() {
    Subsampling1DLayer plain = new Subsampling1DLayer();
    LayerFields.copy(Subsampling1DLayer.class, this, plain);
    return plain;
  }

  /** What DL4J's configuration does in {@code instantiate}, for {@link SeriesMaxPoolingLayer}. */
  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerFields.attach(new SeriesMaxPoolingLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
        initializeParams, initializer());
  }

  @Override
  public SeriesMaxPooling clone() {
    return (SeriesMaxPooling) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesMaxPooling && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + SeriesMaxPooling.class.getName().hashCode();
  }
}
