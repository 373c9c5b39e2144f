package org.ecgplatform.training.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime layer of {@link RowConvolution}: DL4J's 2-D convolution layer, for 1 × k kernels on
 * rows of height 1, computed by matrix products over the kernel's taps ({@link TapConvolution}).
 *
 * <p>DL4J 1.0.0-M2's layer builds an im2col matrix of the input in the forward pass, computes the
 * whole convolution again (im2col included) at the start of the backward pass, and scatters the
 * input gradient back through a col2im matrix, also for a first layer whose input gradient nobody
 * reads. This layer builds the taps' copies of the input once, computes the output from them with
 * one product, and in training keeps both (in buffers reused while the shapes stay, by the layer's
 * later instances in the same thread too: {@link ThreadBuffers}) for the backward pass: ReLU's
 * derivative from the kept output (1 where it is positive, as where the pre-activation was), the
 * weight gradient from the kept copies, the input gradient only when the configuration asks for it.
 * The output equals DL4J's within float rounding (another order of the same sums).
 *
 * <p>Every other case runs DL4J's own passes: an activation other than a plain ReLU, dropout or
 * weight noise on the layer, another data format, kernel height, vertical stride, dilation or
 * padding mode than a 1 × k kernel in {@code Same} mode on NCHW rows of height 1, a data type other
 * than float, and a backward pass whose input is not the one the kept forward pass was computed
 * from (none ran in training since, and no other instance took the buffers over). Masks: like
 * DL4J's layer, this one does not apply them.
 */
public class RowConvolutionLayer extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
  /** Forward and backward passes computed by products, over every instance of this JVM (tests). */
  static final AtomicLong FORWARD = new AtomicLong();
  static final AtomicLong BACKWARD = new AtomicLong();

  /** The training forward pass's arrays: this thread's for the layer's position ({@link ThreadBuffers}). */
  private transient Buffers kept;
  /** The input the kept arrays were computed from, until the backward pass uses them. */
  private transient INDArray keptFor;

  public RowConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /**
   * The arrays of one pass, for {@code n} rows: the taps' copies of the input [k·ci, n·u] (0 where a
   * tap reads outside the window), the output by channel [co, n·u], and for the backward pass the
   * weight gradient by tap [k·ci, co] and, when the input gradient is computed, the taps' input
   * gradients [k·ci, n·u] and the input gradient by channel [ci, n, t].
   */
  private record Buffers(TapConvolution.Geometry g, long n, long ci, long co, INDArray columns, INDArray output,
      INDArray weightGrad, INDArray taps, INDArray inputGrad) {
    static Buffers training(TapConvolution.Geometry g, long n, long ci, long co, boolean inputGradient) {
      long k = g.taps();
      long cells = n * g.outLength();
      return new Buffers(g, n, ci, co, Nd4j.create(DataType.FLOAT, k * ci, cells),
          Nd4j.createUninitialized(DataType.FLOAT, co, cells), Nd4j.createUninitialized(DataType.FLOAT, k * ci, co),
          inputGradient ? Nd4j.createUninitialized(DataType.FLOAT, k * ci, cells) : null,
          inputGradient ? Nd4j.createUninitialized(DataType.FLOAT, ci, n, g.length()) : null);
    }

    static Buffers scoring(TapConvolution.Geometry g, long n, long ci, long co, LayerWorkspaceMgr mgr) {
      long cells = n * g.outLength();
      return new Buffers(g, n, ci, co, mgr.create(ArrayType.FF_WORKING_MEM, DataType.FLOAT, g.taps() * ci, cells),
          mgr.createUninitialized(ArrayType.FF_WORKING_MEM, DataType.FLOAT, co, cells), null, null, null);
    }

    boolean fits(TapConvolution.Geometry g, long n, long ci, long co, boolean inputGradient) {
      return this.g.equals(g) && this.n == n && this.ci == ci && this.co == co && (inputGrad != null) == inputGradient;
    }
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    TapConvolution.Geometry g = geometry();
    if (g == null) {
      keptFor = null;
      return super.activate(training, workspaceMgr);
    }
    long n = input.size(0);
    long ci = input.size(1);
    long co = layerConf().getNOut();
    Buffers b;
    if (training) {
      boolean wanted = inputGradient();
      kept = ThreadBuffers.claim(ThreadBuffers.keyOf(this), this, k -> k.fits(g, n, ci, co, wanted), () -> {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
          return Buffers.training(g, n, ci, co, wanted);
        }
      }).buffers();
      b = kept;
    } else {
      b = Buffers.scoring(g, n, ci, co, workspaceMgr);
    }
    TapConvolution.columns(g, input.reshape('c', n, ci, g.length()),
        b.columns().reshape('c', g.taps(), ci, n, g.outLength()));
    INDArray bias = layerConf().hasBias() ? getParam(ConvolutionParamInitializer.BIAS_KEY) : null;
    TapConvolution.forward(b.columns(), weightsByTap(workspaceMgr, ArrayType.FF_WORKING_MEM), bias, b.output());
    Transforms.relu(b.output(), false);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {n, co, 1, g.outLength()}, 'c');
    out.reshape('c', n, co, g.outLength()).assign(b.output().reshape('c', co, n, g.outLength()).permute(1, 0, 2));
    if (training) {
      keptFor = input;
    }
    FORWARD.incrementAndGet();
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    Buffers b = keptFor != null && keptFor == input && ThreadBuffers.holds(ThreadBuffers.keyOf(this), this, kept) ? kept : null;
    keptFor = null;
    if (b == null || !Arrays.equals(epsilon.shape(), new long[] {b.n(), b.co(), 1, b.g().outLength()})) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    TapConvolution.Geometry g = b.g();
    long n = b.n();
    long ci = b.ci();
    long co = b.co();
    INDArray byChannel = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, co, n * g.outLength());
    byChannel.reshape('c', co, n, g.outLength()).assign(epsilon.reshape(n, co, g.outLength()).permute(1, 0, 2));
    INDArray delta = layerConf().getActivationFn().backprop(b.output(), byChannel).getFirst();

    INDArray weights = weightsByTap(workspaceMgr, ArrayType.BP_WORKING_MEM);
    INDArray biasGrad = layerConf().hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
    TapConvolution.parameterGradients(b.columns(), delta, b.weightGrad(), biasGrad);
    gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY)
        .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all())
        .assign(b.weightGrad().reshape('c', g.taps(), ci, co).permute(2, 1, 0));

    long[] inputShape = {n, ci, 1, g.length()};
    INDArray inputGrad;
    if (b.inputGrad() != null) {
      TapConvolution.inputGradient(g, weights, delta, b.taps(), b.inputGrad());
      inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, inputShape, 'c');
      inputGrad.reshape('c', n, ci, g.length()).assign(b.inputGrad().permute(1, 0, 2));
    } else {
      inputGrad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, inputShape, 'c');
    }
    BACKWARD.incrementAndGet();

    Gradient gradient = new DefaultGradient();
    if (biasGrad != null) {
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), 'c');
    return new Pair<>(gradient, inputGrad);
  }

  /** Whether the configuration asks for the gradient at the layer's input ({@link RowConvolution#isInputGradient()}). */
  private boolean inputGradient() {
    return !(layerConf() instanceof RowConvolution r) || r.isInputGradient();
  }

  /** The weights [co, ci, 1, k] as [k·ci, co], rows by tap then input channel (no weight noise: see {@link #geometry}). */
  private INDArray weightsByTap(LayerWorkspaceMgr mgr, ArrayType type) {
    INDArray w = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
    INDArray byTap = w.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).permute(2, 1, 0);
    return mgr.dup(type, byTap, 'c').reshape('c', w.size(3) * w.size(1), w.size(0));
  }

  /** The geometry along the row when this layer computes it (see the class comment), else null. */
  private TapConvolution.Geometry geometry() {
    ConvolutionLayer c = layerConf();
    int[] kernel = c.getKernelSize();
    int[] stride = c.getStride();
    int[] dilation = c.getDilation();
    boolean covered = input != null && input.rank() == 4 && input.dataType() == DataType.FLOAT && dataType == DataType.FLOAT
        && c.getCnn2dDataFormat() == CNN2DFormat.NCHW && convolutionMode == ConvolutionMode.Same && input.size(2) == 1
        && input.size(1) == c.getNIn() && kernel[0] == 1 && stride[0] == 1 && dilation[0] == 1 && dilation[1] == 1
        && ReusingConvolution1DLayer.derivativeFromOutput(c);
    return covered ? TapConvolution.Geometry.same(kernel[1], stride[1], input.size(3)) : null;
  }

  @Override
  public void clear() {
    super.clear();
    keptFor = null;
  }
}
