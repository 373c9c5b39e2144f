package org.ecgplatform.training.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.Convolution1DUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime layer of {@link ReusingConvolution1D}: DL4J's 1-D convolution layer with a cheaper
 * backward pass.
 *
 * <p>DL4J 1.0.0-M2's layer recomputes the whole convolution (libnd4j's {@code conv1d}: an im2col
 * matrix and a matrix product) at the start of every backward pass, to have the pre-activation
 * values for the activation's derivative, although the forward pass of the same training step has
 * just computed them; then libnd4j's {@code conv1d_bp} builds the im2col matrix again and scatters
 * the input gradient back through a col2im matrix. This layer keeps the output its forward pass
 * returned (an array of DL4J's activation workspace, which lives until the backward pass has run:
 * the next layer reads it there too) and takes ReLU's derivative from it (1 where the output is
 * positive, as where the pre-activation was), then computes the gradients with
 * {@link TapConvolution}; the input gradient only when its configuration asks for it.
 *
 * <p>Every other case runs DL4J's own backward pass: an activation other than a plain ReLU,
 * dropout or weight noise on the layer, the NWC format, a mask, or a backward pass whose input is
 * not the one the kept output was computed from (another forward pass ran in between without
 * training, or none ran), and a convolution {@link TapConvolution} does not cover (strided,
 * dilated, not {@code Same}, an even kernel).
 */
public class ReusingConvolution1DLayer extends org.deeplearning4j.nn.layers.convolution.Convolution1DLayer {
  /**
   * Backward passes that reused the forward output and computed the gradients by
   * {@link TapConvolution}, over every instance of this JVM (tests).
   */
  static final AtomicLong REUSED = new AtomicLong();

  /** The output of the last forward pass in training and the input it was computed from, for the backward pass. */
  private transient INDArray keptOutput;
  private transient INDArray keptFor;

  public ReusingConvolution1DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray output = super.activate(training, workspaceMgr);
    boolean usable = training && maskArray == null && layerConf().getRnnDataFormat() == RNNFormat.NCW
        && derivativeFromOutput(layerConf());
    keptOutput = usable ? output : null;
    keptFor = usable ? input : null;
    return output;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    INDArray output = keptFor == input ? keptOutput : null;
    keptOutput = null;
    keptFor = null;
    if (output == null || maskArray != null || epsilon.rank() != 3
        || !Arrays.equals(output.shape(), epsilon.shape())) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    org.deeplearning4j.nn.conf.layers.Convolution1DLayer c = layerConf();
    INDArray x = input.castTo(dataType);
    INDArray weights = Convolution1DUtils.reshapeWeightArrayOrGradientForFormat(
        getParam(ConvolutionParamInitializer.WEIGHT_KEY), RNNFormat.NCW);
    if (!TapConvolution.applies(c, convolutionMode, x, weights, output)) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    INDArray delta = c.getActivationFn().backprop(output, epsilon).getFirst();
    INDArray weightGrad = Convolution1DUtils.reshapeWeightArrayOrGradientForFormat(
        gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), RNNFormat.NCW);
    INDArray biasGrad = c.hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
    INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape());
    boolean wanted = !(c instanceof ReusingConvolution1D r) || r.isInputGradient();
    TapConvolution.backward(x, weights, delta, weightGrad, biasGrad, wanted ? inputGrad : null);
    if (!wanted) {
      inputGrad.assign(0);
    }
    REUSED.incrementAndGet();

    Gradient gradient = new DefaultGradient();
    if (c.hasBias()) {
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, gradientViews.get(ConvolutionParamInitializer.BIAS_KEY));
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY,
        gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), 'c');
    return new Pair<>(gradient, inputGrad);
  }

  @Override
  public void clear() {
    super.clear();
    keptOutput = null;
    keptFor = null;
  }

  /**
   * Whether the backward pass can start from the layer's output: a ReLU without a cap, a negative
   * slope or a threshold (its derivative is 1 where the output is positive, where the
   * pre-activation was), and no dropout or weight noise on the layer.
   */
  static boolean derivativeFromOutput(org.deeplearning4j.nn.conf.layers.BaseLayer conf) {
    return conf.getActivationFn() instanceof ActivationReLU relu && relu.getMax() == null && isZero(relu.getThreshold())
        && isZero(relu.getNegativeSlope()) && conf.getIDropout() == null && conf.getWeightNoise() == null;
  }

  private static boolean isZero(Double value) {
    return value == null || value == 0.0;
  }
}
