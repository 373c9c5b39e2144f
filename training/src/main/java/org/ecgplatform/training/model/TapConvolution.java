package org.ecgplatform.training.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 1-D convolution ({@code Same} padding, any stride, no dilation, channels-first) and its
 * gradients, computed as matrix products over the kernel's taps instead of through im2col and
 * col2im matrices (DL4J's {@code ConvolutionLayer}, libnd4j's {@code conv1d} and {@code conv1d_bp}).
 *
 * <p>For input {@code x} [n, ci, t], {@code k} taps, stride {@code s}, output length
 * {@code u = ⌈t / s⌉} and DL4J's {@code Same} padding before the window
 * {@code p = ⌊max(0, (u − 1)·s + k − t) / 2⌋}, with {@code x} 0 outside the window:
 *
 * <ul>
 *   <li>the taps' copies ({@link #columns}): {@code cols[j, i, m, v] = x[m, i, v·s + j − p]}, as a
 *       [k·ci, n·u] matrix;
 *   <li>output ({@link #forward}): {@code z[o, m, v] = b[o] + Σ_{j,i} w[j, i, o] · cols[j, i, m, v]}:
 *       one product {@code wᵀ·cols} with the weights {@code w} as [k·ci, co] (libnd4j's 1-D layout);
 *   <li>bias gradient: {@code gb[o] = Σ_{m,v} d[o, m, v]} for the gradient {@code d} at the
 *       pre-activation, as [co, n·u];
 *   <li>weight gradient: {@code gw = cols · dᵀ} [k·ci, co];
 *   <li>input gradient ({@link #inputGradient}): {@code w · d} [k·ci, n·u], each tap's rows then added
 *       at the input samples it read.
 * </ul>
 *
 * <p>The products go to BLAS through {@code Nd4j.gemm} into arrays given to them: ND4J's
 * {@code mmul} on these shapes (a [8,192, 32] by [32, 80] product, for example) took 4 ms where the
 * same {@code gemm} took 0.5 ms. On the sequence network's convolutions (128 beat windows, one
 * thread; a training step's forward and backward pass; {@code ConvolutionBackwardBenchmark}) DL4J's
 * {@code ConvolutionLayer} took 15–16 ms (conv1: 2 → 16 channels, kernel 7, stride 2, 256 samples)
 * and 28–31 ms (conv2: 16 → 32, kernel 5, 64 samples); {@link RowConvolutionLayer} with these
 * products 2.4–2.7 (without the input gradient, which a first layer does not need) and 5.4–6.6 ms.
 */
final class TapConvolution {
  private TapConvolution() {}

  /** The layer's geometry along the window: taps, stride, input and output length, padding before. */
  record Geometry(int taps, int stride, long length, long outLength, int padBefore) {
    /** DL4J's {@code Same} mode: {@code ⌈length / stride⌉} outputs, the padding split with the smaller half first. */
    static Geometry same(int taps, int stride, long length) {
      long out = (length + stride - 1) / stride;
      return new Geometry(taps, stride, length, out, (int) (Math.max(0, (out - 1) * stride + taps - length) / 2));
    }

    /** The outputs {@code [from, to)} whose tap {@code j} reads a sample inside the window. */
    long[] valid(int j) {
      long shift = j - padBefore;
      long from = Math.max(0, Math.floorDiv(-shift + stride - 1, stride));
      long to = Math.min(outLength, Math.floorDiv(length - 1 - shift, stride) + 1);
      return new long[] {from, Math.max(from, to)};
    }

    /** The input samples read by tap {@code j} at outputs {@code [from, to)}. */
    INDArrayIndex read(int j, long from, long to) {
      long start = from * stride + j - padBefore;
      // (ND4J reads a strided interval of one element wrongly, so that one is a plain interval)
      return stride == 1 || to - from == 1 ? NDArrayIndex.interval(start, start + to - from)
          : NDArrayIndex.interval(start, stride, start + (to - from - 1) * stride + 1);
    }
  }

  /** Whether {@link #backward} computes a DL4J 1-D layer's gradients (else libnd4j's op must). */
  static boolean applies(Convolution1DLayer c, ConvolutionMode mode, INDArray x, INDArray w, INDArray d) {
    int k = c.getKernelSize()[0];
    return mode == ConvolutionMode.Same && c.getStride()[0] == 1 && c.getDilation()[0] == 1 && k % 2 == 1
        && x.dataType() == DataType.FLOAT && d.dataType() == DataType.FLOAT && w.dataType() == DataType.FLOAT
        && x.rank() == 3 && d.rank() == 3 && w.rank() == 3 && w.size(0) == k && w.size(1) == x.size(1)
        && w.size(2) == d.size(1) && d.size(0) == x.size(0) && d.size(2) == x.size(2);
  }

  /**
   * Writes the taps' copies of {@code x} [n, ci, t] into {@code cols} [k, ci, n, u] (c order).
   * Entries that read outside the window are left as they are: 0 in a new array, and in a reused one
   * of the same geometry, since they never change.
   */
  static void columns(Geometry g, INDArray x, INDArray cols) {
    INDArray byChannel = x.permute(1, 0, 2);
    for (int j = 0; j < g.taps(); j++) {
      long[] v = g.valid(j);
      if (v[1] > v[0]) {
        cols.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(v[0], v[1]))
            .assign(byChannel.get(NDArrayIndex.all(), NDArrayIndex.all(), g.read(j, v[0], v[1])));
      }
    }
  }

  /**
   * The pre-activation {@code z = wᵀ·cols + b} into {@code z} [co, n·u].
   *
   * @param cols the taps' copies as [k·ci, n·u]
   * @param w the weights as [k·ci, co]
   * @param bias co values, or null
   */
  static void forward(INDArray cols, INDArray w, INDArray bias, INDArray z) {
    Nd4j.gemm(w, cols, z, true, false, 1.0, 0.0);
    if (bias != null) {
      z.addiColumnVector(bias.reshape(bias.length(), 1));
    }
  }

  /** The weight gradient {@code cols · dᵀ} into {@code weightGrad} [k·ci, co]; the bias gradient (row sums of {@code d}) into {@code biasGrad} when not null. */
  static void parameterGradients(INDArray cols, INDArray d, INDArray weightGrad, INDArray biasGrad) {
    Nd4j.gemm(cols, d, weightGrad, false, true, 1.0, 0.0);
    if (biasGrad != null) {
      biasGrad.reshape(biasGrad.length()).assign(d.sum(1));
    }
  }

  /**
   * The gradient at the input, by channel: {@code inputGrad} [ci, n, t].
   *
   * @param w the weights as [k·ci, co]
   * @param d the gradient at the pre-activation, [co, n·u]
   * @param taps scratch [k·ci, n·u] (c order)
   */
  static void inputGradient(Geometry g, INDArray w, INDArray d, INDArray taps, INDArray inputGrad) {
    Nd4j.gemm(w, d, taps, false, false, 1.0, 0.0);
    long ci = inputGrad.size(0);
    long n = inputGrad.size(1);
    // as matrices of rows (channel, example), whose column views the libnd4j loops walk faster
    INDArray byTap = taps.reshape('c', g.taps(), ci * n, g.outLength());
    INDArray sum = inputGrad.reshape('c', ci * n, g.length());
    int whole = g.stride() == 1 && g.length() == g.outLength() ? g.padBefore() : -1;   // the tap that reads every sample
    if (whole >= 0) {
      sum.assign(byTap.get(NDArrayIndex.point(whole)));
    } else {
      sum.assign(0);
    }
    for (int j = 0; j < g.taps(); j++) {
      long[] v = g.valid(j);
      if (j != whole && v[1] > v[0]) {
        sum.get(NDArrayIndex.all(), g.read(j, v[0], v[1]))
            .addi(byTap.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.interval(v[0], v[1])));
      }
    }
  }

  /**
   * A DL4J 1-D layer's gradients ({@link #applies}: stride 1, odd kernel) written into the given
   * arrays (views of DL4J's gradient arrays are fine).
   *
   * @param x the layer's input [n, ci, t]
   * @param w the weights [k, ci, co]
   * @param d the gradient at the pre-activation [n, co, t]
   * @param weightGrad receives the weight gradient [k, ci, co]
   * @param biasGrad receives the bias gradient (co values), or null when the layer has no bias
   * @param inputGrad receives the input gradient [n, ci, t], or null when it is not wanted
   */
  static void backward(INDArray x, INDArray w, INDArray d, INDArray weightGrad, INDArray biasGrad, INDArray inputGrad) {
    long n = x.size(0);
    long ci = x.size(1);
    long co = d.size(1);
    int k = (int) w.size(0);
    Geometry g = Geometry.same(k, 1, x.size(2));
    long cells = n * g.outLength();
    INDArray dRows = d.permute(1, 0, 2).dup('c').reshape('c', co, cells);
    INDArray cols = Nd4j.create(DataType.FLOAT, k, ci, n, g.outLength());
    columns(g, x, cols);
    INDArray colRows = cols.reshape('c', k * ci, cells);
    INDArray perTap = Nd4j.createUninitialized(DataType.FLOAT, k * ci, co);
    parameterGradients(colRows, dRows, perTap, biasGrad);
    weightGrad.assign(perTap.reshape('c', k, ci, co));
    if (inputGrad != null) {
      INDArray wRows = w.dup('c').reshape('c', k * ci, co);
      INDArray byChannel = Nd4j.createUninitialized(DataType.FLOAT, ci, n, g.length());
      inputGradient(g, wRows, dRows, Nd4j.createUninitialized(DataType.FLOAT, k * ci, cells), byChannel);
      inputGrad.assign(byChannel.permute(1, 0, 2));
    }
  }
}
