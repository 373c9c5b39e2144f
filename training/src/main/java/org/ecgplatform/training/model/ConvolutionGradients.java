package org.ecgplatform.training.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The gradients of a 1-D convolution (stride 1, no dilation, odd kernel, {@code Same} padding,
 * channels-first), computed as two matrix products over the kernel's taps instead of libnd4j's
 * {@code conv1d_bp}.
 *
 * <p>For input {@code x} [n, ci, t], weights {@code w} [k, ci, co] (libnd4j's layout), the gradient
 * at the pre-activation {@code d} [n, co, t], {@code p = (k - 1) / 2} and {@code x} 0 outside the
 * window:
 *
 * <ul>
 *   <li>bias: {@code gb[o] = Σ_{n,t} d[n, o, t]};
 *   <li>weights: {@code gw[j, i, o] = Σ_{n,t} d[n, o, t] · x[n, i, t + j - p]}: one product of
 *       {@code d} as [co, n·t] with the taps' shifted copies of {@code x} as [k·ci, n·t];
 *   <li>input: {@code gx[n, i, t + j - p] += Σ_o w[j, i, o] · d[n, o, t]}: one product of {@code w}
 *       as [k·ci, co] with {@code d}, then the k taps' rows added at their shifts.
 * </ul>
 *
 * <p>libnd4j's op builds an im2col matrix of the input and, for the input gradient, scatters a
 * col2im matrix back, with per-element index arithmetic. On the per-beat network's shapes (batch
 * 128, one thread; {@code ConvolutionBackwardBenchmark}, a training step's forward and backward pass
 * through the layer) DL4J's layer took 27–29 ms (conv1) and 56–60 ms (conv2), the layer with these
 * products 10 (without the input gradient, which a first layer does not need) and 23–26 ms. The
 * weight and bias gradients come out equal to the op's; the input gradient sums the same terms in
 * another order (a few float roundings apart, {@code ReusingConvolutionTest}).
 */
final class ConvolutionGradients {
  private ConvolutionGradients() {}

  /** Whether {@link #backward} computes this layer's gradients (else libnd4j's op must). */
  static boolean applies(Convolution1DLayer c, ConvolutionMode mode, INDArray x, INDArray w, INDArray d) {
    int k = c.getKernelSize()[0];
    return mode == ConvolutionMode.Same && c.getStride()[0] == 1 && c.getDilation()[0] == 1 && k % 2 == 1
        && x.dataType() == DataType.FLOAT && d.dataType() == DataType.FLOAT && w.dataType() == DataType.FLOAT
        && x.rank() == 3 && d.rank() == 3 && w.rank() == 3 && w.size(0) == k && w.size(1) == x.size(1)
        && w.size(2) == d.size(1) && d.size(0) == x.size(0) && d.size(2) == x.size(2);
  }

  /**
   * Writes the gradients into the given arrays (views of DL4J's gradient arrays are fine).
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
    long t = x.size(2);
    long co = d.size(1);
    int k = (int) w.size(0);
    int p = (k - 1) / 2;
    // d as [co, n·t]
    INDArray dRows = d.permute(1, 0, 2).dup('c').reshape('c', co, n * t);
    if (biasGrad != null) {
      biasGrad.reshape(co).assign(dRows.sum(1));
    }

    // the taps' shifted copies of x: columns[j, i, n, s] = x[n, i, s + j - p], 0 outside the window
    INDArray columns = Nd4j.create(DataType.FLOAT, k, ci, n, t);
    INDArray byChannel = x.permute(1, 0, 2);
    for (int j = 0; j < k; j++) {
      int shift = j - p;
      long from = Math.max(0, -shift);
      long to = Math.min(t, t - shift);
      columns.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to))
          .assign(byChannel.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from + shift, to + shift)));
    }
    INDArray perTap = dRows.mmul(columns.reshape('c', (long) k * ci, n * t).transpose());   // [co, k·ci]
    weightGrad.assign(perTap.reshape('c', co, k, ci).permute(1, 2, 0));

    if (inputGrad != null) {
      // [k·ci, n·t]: each tap's contribution to the input it read (computed as (dᵀ wᵀ)ᵀ so that the
      // product's column-major result is this row-major matrix without a copy)
      INDArray wRows = w.dup('c').reshape('c', (long) k * ci, co);
      INDArray taps = dRows.transpose().mmul(wRows.transpose()).transpose().reshape('c', k, ci, n, t);
      INDArray sum = taps.get(NDArrayIndex.point(p)).dup('c');
      for (int j = 0; j < k; j++) {
        int shift = j - p;   // output s read input s + shift
        if (shift == 0) {
          continue;
        }
        long from = Math.max(0, -shift);
        long to = Math.min(t, t - shift);
        sum.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from + shift, to + shift))
            .addi(taps.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)));
      }
      inputGrad.assign(sum.permute(1, 0, 2));
    }
  }
}
