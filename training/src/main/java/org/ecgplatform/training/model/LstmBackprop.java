package org.ecgplatform.training.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Backpropagation through time of an LSTM layer from its forward outputs, with the work that does
 * not depend on the recurrence done in a few large operations. libnd4j's {@code lstmLayer_bp}
 * reruns the forward pass and then works step by step with small operations; here:
 *
 * <ol>
 *   <li>the pre-activations of every step at once, from the known outputs: {@code Z = X·W +
 *       H_prev·RW + b} (two matrix products over all n·T rows, since {@code h_{t-1}} is the forward
 *       output of the previous step), and the gate activations in two calls;
 *   <li>the cell states, the only forward recurrence left: {@code c_t = f_t∘c_{t-1} + i_t∘g_t}, two
 *       element-wise calls per step;
 *   <li>every factor of the local derivatives that does not involve the incoming gradient, at once;
 *   <li>the backward recurrence, per step from the last: the output-gate and cell gradients, the
 *       three other gate gradients in one broadcast call, the carried cell gradient, and one matrix
 *       product {@code dh_{t-1} += dz_t·RWᵀ};
 *   <li>the parameter and input gradients in three matrix products over all rows and one sum:
 *       {@code dW = Xᵀ·dZ}, {@code dRW = H_prevᵀ·dZ}, {@code db = Σ dZ}, {@code dX = dZ·Wᵀ}.
 * </ol>
 *
 * Arrays are time-major ([T, n, ·], c order). Gate blocks of {@code w}, {@code rw}, {@code b} and of
 * the returned gradients are in the order (o, i, f, g): the sigmoid gates contiguous, and the three
 * gates driven by the cell gradient contiguous. Equations as in {@link FusedLstm}; the incoming
 * gradient must be zero at masked steps (then masked steps contribute nothing, whatever the
 * outputs there).
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

    // (1) Pre-activations and gates of every step. hPrev: the output of the step before (0 at t = 0).
    INDArray hPrev = Nd4j.create(dt, steps, n, hidden);
    if (steps > 1) {
      hPrev.get(NDArrayIndex.interval(1, steps), NDArrayIndex.all(), NDArrayIndex.all())
          .assign(h.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all()));
    }
    INDArray hPrev2 = hPrev.reshape('c', rows, hidden);
    INDArray a = Nd4j.createUninitialized(dt, rows, 4, hidden);
    INDArray a2 = a.reshape('c', rows, 4 * hidden);
    Nd4j.gemm(x2, w, a2, false, false, 1.0, 0.0);
    Nd4j.gemm(hPrev2, rw, a2, false, false, 1.0, 1.0);
    a2.addiRowVector(b);
    INDArray sigmoidGates = a2.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3 * hidden));
    Transforms.sigmoid(sigmoidGates, false);
    INDArray gGate = gate(a, G);
    Transforms.tanh(gGate, false);
    INDArray oGate = gate(a, O);
    INDArray iGate = gate(a, I);
    INDArray fGate = gate(a, F);

    // (2) Cell states: c_t = f_t∘c_{t-1} + i_t∘g_t; cPrev is c_{t-1} (0 at t = 0).
    INDArray c = Nd4j.createUninitialized(dt, steps, n, hidden);
    INDArray ig = iGate.mul(gGate).reshape('c', steps, n, hidden);
    c.slice(0).assign(ig.slice(0));
    INDArray f3 = fGate.dup('c').reshape('c', steps, n, hidden);
    for (int t = 1; t < steps; t++) {
      INDArray ct = c.slice(t);
      Nd4j.exec(new MulOp(f3.slice(t), c.slice(t - 1), ct));
      ct.addi(ig.slice(t));
    }
    INDArray cPrev = Nd4j.create(dt, steps, n, hidden);
    if (steps > 1) {
      cPrev.get(NDArrayIndex.interval(1, steps), NDArrayIndex.all(), NDArrayIndex.all())
          .assign(c.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all()));
    }
    INDArray tc = Transforms.tanh(c.reshape('c', rows, hidden), true);

    // (3) Factors of the local derivatives, all steps at once, as [rows, 4, H] in (o, i, f, g) order:
    // dz_o = dh∘q_o, dz_{i,f,g} = dc∘q_{i,f,g}, and dc = dh∘pc + dc_next.
    INDArray q = Nd4j.createUninitialized(dt, rows, 4, hidden);
    INDArray sigmoidDerivative = sigmoidGates.rsub(1.0).muli(sigmoidGates); // [rows, 3H]: o, i, f
    gate(q, O).assign(tc).muli(sigmoidDerivative.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)));
    gate(q, I).assign(gGate).muli(sigmoidDerivative.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)));
    gate(q, F).assign(cPrev.reshape('c', rows, hidden))
        .muli(sigmoidDerivative.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hidden, 3 * hidden)));
    gate(q, G).assign(gGate.mul(gGate).rsubi(1.0)).muli(iGate);
    INDArray pc = tc.mul(tc).rsubi(1.0).muli(oGate).reshape('c', steps, n, hidden);

    // (4) Backward recurrence. dh holds eps_t + dz_{t+1}·RWᵀ once step t+1 is done.
    INDArray dh = eps;
    INDArray dz = Nd4j.createUninitialized(dt, steps, n, 4, hidden);
    INDArray q4 = q.reshape('c', steps, n, 4, hidden);
    INDArray qo = q4.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(O), NDArrayIndex.all());
    INDArray dc = Nd4j.createUninitialized(dt, n, hidden);
    INDArray dcNext = Nd4j.create(dt, n, hidden);
    for (int t = steps - 1; t >= 0; t--) {
      INDArray dht = dh.slice(t);
      INDArray dzt = dz.slice(t); // [n, 4, H]
      Nd4j.exec(new MulOp(dht, qo.slice(t), dzt.get(NDArrayIndex.all(), NDArrayIndex.point(O), NDArrayIndex.all())));
      Nd4j.exec(new MulOp(dht, pc.slice(t), dc));
      if (t < steps - 1) {
        dc.addi(dcNext);
      }
      INDArray ifg = dzt.get(NDArrayIndex.all(), NDArrayIndex.interval(I, G + 1), NDArrayIndex.all());
      Nd4j.exec(new BroadcastMulOp(q4.slice(t).get(NDArrayIndex.all(), NDArrayIndex.interval(I, G + 1), NDArrayIndex.all()),
          dc, ifg, 0, 2));
      Nd4j.exec(new MulOp(dc, f3.slice(t), dcNext));
      if (t > 0) {
        Nd4j.gemm(dzt.reshape('c', n, 4 * hidden), rw, dh.slice(t - 1), false, true, 1.0, 1.0);
      }
    }

    // (5) Parameter and input gradients over all rows.
    INDArray dz2 = dz.reshape('c', rows, 4 * hidden);
    INDArray dw = Nd4j.gemm(x2, dz2, true, false);
    INDArray drw = Nd4j.gemm(hPrev2, dz2, true, false);
    INDArray db = dz2.sum(true, 0);
    INDArray dx = Nd4j.gemm(dz2, w, false, true).reshape('c', steps, n, nIn);
    return new Gradients(dx, dw, drw, db);
  }

  /** Gate k of a [rows, 4, H] array, as a [rows, H] view. */
  private static INDArray gate(INDArray rowsGatesHidden, int k) {
    return rowsGatesHidden.get(NDArrayIndex.all(), NDArrayIndex.point(k), NDArrayIndex.all());
  }
}
