package org.ecgplatform.training.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Backpropagation through time of an LSTM layer from its forward outputs, with the work that does
 * not depend on the recurrence done in a few large operations. libnd4j's {@code lstmLayer_bp}
 * reruns the forward pass and then works step by step with many small operations; here:
 *
 * <ol>
 *   <li>the pre-activations of every step at once, from the known outputs: {@code Z = X·W +
 *       H_prev·RW + b} (matrix products over all n·T rows, since {@code h_{t-1}} is the forward
 *       output of the previous step), and the gate activations in two calls;
 *   <li>the cell states, the only forward recurrence left: {@code c_t = f_t∘c_{t-1} + i_t∘g_t}, two
 *       element-wise calls per step;
 *   <li>every factor of the local derivatives that does not involve the incoming gradient, at once;
 *   <li>the backward recurrence, per step from the last: the gate and cell gradients (six small
 *       element-wise calls) and one matrix product {@code dh_{t-1} += dz_t·RWᵀ};
 *   <li>the parameter and input gradients in three matrix products over all rows and one sum:
 *       {@code dW = Xᵀ·dZ}, {@code dRW = H_prevᵀ·dZ}, {@code db = Σ dZ}, {@code dX = dZ·Wᵀ}.
 * </ol>
 *
 * Gate quantities are kept gate-major ([gate][t·n + example][unit]) so that the element-wise work
 * runs on contiguous arrays; the gate-gradient matrix is row-major ([t·n + example][gate·H + unit])
 * for the matrix products. Per-step views are made directly on the buffers (no index parsing).
 * Inputs are time-major ([T, n, ·], c order); gate blocks of {@code w}, {@code rw}, {@code b} and of
 * the returned gradients are in the order (o, i, f, g). Equations as in {@link FusedLstm}; the
 * incoming gradient must be zero at masked steps (masked steps then contribute nothing, whatever
 * the outputs there).
 */
final class LstmBackprop {
  /** Block k of this class's weight copies is DL4J's block {@code GATE_ORDER[k]} (DL4J: g, f, o, i). */
  static final int[] GATE_ORDER = {2, 3, 1, 0};

  private static final int O = 0;
  private static final int I = 1;
  private static final int F = 2;
  private static final int G = 3;

  /** Gradients in (o, i, f, g) order, and the input gradient, time-major [T, n, nIn]. */
  record Gradients(INDArray dx, INDArray dw, INDArray drw, INDArray db) {}

  private LstmBackprop() {}

  /**
   * @param x input [T, n, nIn]
   * @param h forward outputs [T, n, H] (values at masked steps do not matter)
   * @param eps gradient of the loss with respect to {@code h} [T, n, H], zero at masked steps; overwritten
   * @param w input weights [nIn, 4H], (o, i, f, g)
   * @param rw recurrent weights [H, 4H], (o, i, f, g)
   * @param b bias [1, 4H], (o, i, f, g)
   */
  static Gradients backward(INDArray x, INDArray h, INDArray eps, INDArray w, INDArray rw, INDArray b) {
    DataType dt = x.dataType();
    int steps = (int) x.size(0);
    long n = x.size(1);
    long nIn = x.size(2);
    long hidden = rw.size(0);
    long rows = steps * n;
    INDArray x2 = x.reshape('c', rows, nIn);

    // (1) Pre-activations and gates of every step, gate-major [4, rows, H]. hPrev: the output of the
    // step before (0 at t = 0).
    INDArray hPrev = Nd4j.create(dt, rows, hidden);
    if (steps > 1) {
      rowsOf(hPrev, n, steps - 1).assign(rowsOf(h.reshape('c', rows, hidden), 0, (steps - 1) * n));
    }
    INDArray a = Nd4j.createUninitialized(dt, 4, rows, hidden);
    for (int k = 0; k < 4; k++) {
      INDArray ak = a.slice(k);
      Nd4j.gemm(x2, block(w, k, hidden), ak, false, false, 1.0, 0.0);
      Nd4j.gemm(hPrev, block(rw, k, hidden), ak, false, false, 1.0, 1.0);
      ak.addiRowVector(block(b, k, hidden));
    }
    INDArray sigmoidGates = a.get(NDArrayIndex.interval(O, F + 1), NDArrayIndex.all(), NDArrayIndex.all());
    Transforms.sigmoid(sigmoidGates, false);
    Transforms.tanh(a.slice(G), false);
    INDArray o = a.slice(O);
    INDArray i = a.slice(I);
    INDArray f = a.slice(F);
    INDArray g = a.slice(G);

    // (2) Cell states: c_t = f_t∘c_{t-1} + i_t∘g_t. cPrev holds c_{t-1} (0 at t = 0), c = cPrev shifted.
    INDArray ig = i.mul(g);
    INDArray cAll = Nd4j.create(dt, rows + n, hidden); // rows [0, n): c_{-1} = 0; rows [n(t+1), n(t+2)): c_t
    rowsOf(cAll, n, n).assign(rowsOf(ig, 0, n));
    for (int t = 1; t < steps; t++) {
      INDArray ct = rowsOf(cAll, (t + 1) * n, n);
      Nd4j.exec(new MulOp(rowsOf(f, t * n, n), rowsOf(cAll, t * n, n), ct));
      ct.addi(rowsOf(ig, t * n, n));
    }
    INDArray cPrev = rowsOf(cAll, 0, rows);
    INDArray tc = Transforms.tanh(rowsOf(cAll, n, rows), true);

    // (3) Factors of the local derivatives, gate-major [4, rows, H]: dz_o = dh∘q_o,
    // dz_{i,f,g} = dc∘q_{i,f,g}, and dc = dh∘pc + dc_next.
    INDArray q = Nd4j.createUninitialized(dt, 4, rows, hidden);
    INDArray sigmoidDerivative = sigmoidGates.rsub(1.0).muli(sigmoidGates); // [3, rows, H]: o, i, f
    Nd4j.exec(new MulOp(tc, sigmoidDerivative.slice(O), q.slice(O)));
    Nd4j.exec(new MulOp(g, sigmoidDerivative.slice(I), q.slice(I)));
    Nd4j.exec(new MulOp(cPrev, sigmoidDerivative.slice(F), q.slice(F)));
    Nd4j.exec(new MulOp(g.mul(g).rsubi(1.0), i, q.slice(G)));
    INDArray pc = tc.mul(tc).rsubi(1.0).muli(o);
    INDArray qo = q.slice(O);
    INDArray qi = q.slice(I);
    INDArray qf = q.slice(F);
    INDArray qg = q.slice(G);

    // (4) Backward recurrence. dh holds eps_t + dz_{t+1}·RWᵀ once step t+1 is done; dz is row-major
    // [rows, 4H] for the matrix products.
    INDArray dh = eps.reshape('c', rows, hidden);
    INDArray dz = Nd4j.createUninitialized(dt, rows, 4 * hidden);
    INDArray dc = Nd4j.createUninitialized(dt, n, hidden);
    INDArray dcNext = Nd4j.create(dt, n, hidden);
    for (int t = steps - 1; t >= 0; t--) {
      long r = t * n;
      INDArray dht = rowsOf(dh, r, n);
      Nd4j.exec(new MulOp(dht, rowsOf(qo, r, n), gateRows(dz, O, r, n, hidden)));
      Nd4j.exec(new MulOp(dht, rowsOf(pc, r, n), dc));
      if (t < steps - 1) {
        dc.addi(dcNext);
      }
      Nd4j.exec(new MulOp(dc, rowsOf(qi, r, n), gateRows(dz, I, r, n, hidden)));
      Nd4j.exec(new MulOp(dc, rowsOf(qf, r, n), gateRows(dz, F, r, n, hidden)));
      Nd4j.exec(new MulOp(dc, rowsOf(qg, r, n), gateRows(dz, G, r, n, hidden)));
      Nd4j.exec(new MulOp(dc, rowsOf(f, r, n), dcNext));
      if (t > 0) {
        Nd4j.gemm(rowsOf(dz, r, n), rw, rowsOf(dh, r - n, n), false, true, 1.0, 1.0);
      }
    }

    // (5) Parameter and input gradients over all rows.
    INDArray dw = Nd4j.gemm(x2, dz, true, false);
    INDArray drw = Nd4j.gemm(hPrev, dz, true, false);
    INDArray db = dz.sum(true, 0);
    INDArray dx = Nd4j.gemm(dz, w, false, true).reshape('c', steps, n, nIn);
    return new Gradients(dx, dw, drw, db);
  }

  /** Rows [first, first + count) of a c-order matrix, as a view made on its buffer. */
  private static INDArray rowsOf(INDArray matrix, long first, long count) {
    long cols = matrix.size(1);
    return Nd4j.create(matrix.data(), new long[] {count, cols}, new long[] {cols, 1}, matrix.offset() + first * cols, 'c');
  }

  /** Gate k's columns of rows [first, first + count) of a row-major [rows, 4H] matrix. */
  private static INDArray gateRows(INDArray matrix, int k, long first, long count, long hidden) {
    long cols = matrix.size(1);
    return Nd4j.create(matrix.data(), new long[] {count, hidden}, new long[] {cols, 1},
        matrix.offset() + first * cols + k * hidden, 'c');
  }

  /** Gate k's columns [kH, (k+1)H) of a [rows, 4H] matrix, as a c-order copy. */
  private static INDArray block(INDArray matrix, int k, long hidden) {
    return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(k * hidden, (k + 1) * hidden)).dup('c');
  }
}
