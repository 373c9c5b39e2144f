package org.ecgplatform.training.model;

import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.Subsampling1DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime layer of {@link SeriesMaxPooling}: DL4J's 1-D subsampling layer, for max pooling of
 * series [n, C, W] (NCW) with a window of p samples and stride p, computed in Java over the arrays'
 * memory.
 *
 * <p>In a c-order series each channel's window is a run of consecutive floats, pooled by {@link
 * MaxPooling}'s loops. The values are DL4J's, bit for bit, except where a window holds a NaN (NaN
 * here) or −0 beside +0 (+0 here).
 *
 * <p>Every other case runs DL4J's own passes: a mask, another pooling type or data format, a window
 * or stride other than p with the same p (the unit width takes any stride), dilation, padding, a
 * series length that p does not divide (where the modes' padding differs), and data types other
 * than float.
 */
public class SeriesMaxPoolingLayer extends Subsampling1DLayer {
  /** Forward and backward passes computed here, over every instance of this JVM (tests). */
  static final AtomicLong FORWARD = new AtomicLong();
  static final AtomicLong BACKWARD = new AtomicLong();

  public SeriesMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    int p = poolSize();
    if (p == 0) {
      return super.activate(training, workspaceMgr);
    }
    INDArray out = MaxPooling.activate(input, p, workspaceMgr);
    FORWARD.incrementAndGet();
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    int p = poolSize();
    INDArray grad = p == 0 ? null : MaxPooling.backprop(input, epsilon, p, workspaceMgr);
    if (grad == null) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    BACKWARD.incrementAndGet();
    return new Pair<>(new DefaultGradient(), grad);
  }

  /** The window and stride p when this layer computes the pass (see the class comment), else 0. */
  private int poolSize() {
    SubsamplingLayer c = layerConf();
    int[] kernel = c.getKernelSize();
    int[] stride = c.getStride();
    int[] dilation = c.getDilation();
    int[] padding = c.getPadding();
    int p = kernel[0];
    boolean covered = input != null && input.rank() == 3 && maskArray == null && MaxPooling.fits(input, dataType, p)
        && c.getPoolingType() == PoolingType.MAX && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
        && kernel[1] == 1 && stride[0] == p && dilation[0] == 1 && dilation[1] == 1
        && padding[0] == 0 && padding[1] == 0;
    return covered ? p : 0;
  }
}
