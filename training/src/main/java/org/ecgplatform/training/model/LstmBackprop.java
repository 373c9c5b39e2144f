package org.ecgplatform.training.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training of an LSTM layer, forward pass and backpropagation through time, with the work that
 * does not depend on the recurrence done in a few large operations. libnd4j's {@code lstmLayer_bp}
 * reruns the forward pass and then works step by step with many small operations; here:
 *
 * <ol>
 *   <li>the forward pass ({@link #forward}): the input part of every step's pre-activations in one
 *       matrix product over all n·T rows, then per step one small product and a few element-wise
 *       calls; it keeps the gates, cell states and tanh(c) in this instance's buffers for
 *       {@link #backward}, which starts from them;
 *   <li>every factor of the local derivatives that does not involve the incoming gradient, at once;
 *   <li>the backward recurrence, per step from the last: the gate and cell gradients (seven small
 *       element-wise calls) and one matrix product {@code dh_{t-1} += dz_t·RWᵀ};
 *   <li>the parameter and input gradients in four matrix products over all rows, written straight
 *       into DL4J's gradient arrays: {@code dW = Xᵀ·dZ}, {@code dRW = H_prevᵀ·dZ}, {@code db = 1ᵀ·dZ}
 *       (ND4J's column sum {@code dZ.sum(0)} took 14 ms on 8,192 x 256 floats, the product 1 ms),
 *       {@code dX = dZ·Wᵀ}.
 * </ol>
 *
 * <p>One instance holds the buffers for one shape (time steps, minibatch, input and hidden size) and
 * every per-step view on them, made once: a layer keeps it between minibatches, so a call allocates
 * nothing and creates no views (in ND4J a view costs about as much as a small operation). The
 * buffers live outside workspaces (~46 MB for 64 steps x 128 examples x 64 units, float).
 * Gate quantities are gate-major ([gate][t·n + example][unit], gates f, o, i, g) so that the
 * element-wise work runs on contiguous arrays; the gate-gradient matrix {@code dZ} is row-major
 * ([t·n + example][4H]) with DL4J's block order (g, f, o, i), the order of {@code W}, {@code RW},
 * {@code b} and their gradients, so the products read and write DL4J's arrays directly. Equations
 * as in {@link FusedLstm}; the incoming gradient must be zero at masked steps (masked steps then
 * contribute nothing, whatever the outputs there). Not thread-safe (one per layer instance).
 */
final class LstmBackprop {
  /**
   * Gate-major index → DL4J's gate block: f = 1, o = 2, i = 3, g = 0. The three sigmoid gates come
   * first and in DL4J's order, so that one call activates them from DL4J's block layout.
   */
  private static final int[] DL4J_BLOCK = {1, 2, 3, 0};
  private static final int F = 0;
  private static final int O = 1;
  private static final int I = 2;
  private static final int G = 3;

  private final int steps;
  private final long n;
  private final long nIn;
  private final long hidden;
  private final DataType dataType;

  private final INDArray x;       // [T, n, nIn]
  private final INDArray h;       // [T, n, H]
  private final INDArray dh;      // [T, n, H]: eps, then eps + recurrent gradient
  private final INDArray dx;      // [T, n, nIn]
  private final INDArray hPrev;   // [rows, H]: h shifted one step (zeros at t = 0)
  private final INDArray a;       // [4, rows, H]: gate activations f, o, i, g
  private final INDArray cAll;    // [rows + n, H]: c_{-1} = 0, c_0 .. c_{T-1}
  private final INDArray ig;      // [rows, H]
  private final INDArray tc;      // [rows, H]: tanh(c)
  private final INDArray sd;      // [3, rows, H]: σ'(z) of f, o, i
  private final INDArray q;       // [4, rows, H]
  private final INDArray pc;      // [rows, H]
  private final INDArray dz;      // [rows, 4H], DL4J's block order
  private final INDArray dc;      // [n, H]
  private final INDArray dcNext;  // [n, H]
  private final INDArray ones;    // [1, rows]: the bias gradient as a product (ND4J's column sum is slow)

  // Views made once.
  private final INDArray x2;
  private final INDArray h2;
  private final INDArray dx2;
  private final INDArray hPrevTail;
  private final INDArray hHead;
  private final INDArray[] gates = new INDArray[4];
  private final INDArray sigmoidGates;
  private final INDArray cPrev;
  private final INDArray[] sdGate = new INDArray[3];
  private final INDArray[] qGate = new INDArray[4];
  private final INDArray[] dht;
  private final INDArray[] pct;
  private final INDArray[] igt;
  private final INDArray[] ct;   // ct[t + 1] = c_t, ct[0] = c_{-1}
  private final INDArray[] dzt;  // [n, 4H] rows of step t
  private final INDArray[][] qt = new INDArray[4][];
  private final INDArray[][] dzGate = new INDArray[4][];
  // Views of the forward pass, per step t: the sigmoid gates' pre-activations in dz ([n, 3, H],
  // DL4J's blocks f, o, i) and their place in a; the cell input's pre-activation (DL4J's block g).
  private final INDArray[] zSigmoid;
  private final INDArray[] aSigmoid;
  private final INDArray[] zCell;
  private final INDArray[][] at = new INDArray[4][];
  private final INDArray[] tct;
  private final INDArray[] ht;

  /** True when {@link #forward} computed the gates, cell states and tanh(c) of the current input. */
  private boolean gatesKnown;


  LstmBackprop(int steps, long n, long nIn, long hidden, DataType dataType) {
    this.steps = steps;
    this.n = n;
    this.nIn = nIn;
    this.hidden = hidden;
    this.dataType = dataType;
    long rows = steps * n;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      x = Nd4j.create(dataType, steps, n, nIn);
      h = Nd4j.create(dataType, steps, n, hidden);
      dh = Nd4j.create(dataType, steps, n, hidden);
      dx = Nd4j.create(dataType, steps, n, nIn);
      hPrev = Nd4j.create(dataType, rows, hidden);
      a = Nd4j.create(dataType, 4, rows, hidden);
      cAll = Nd4j.create(dataType, rows + n, hidden);
      ig = Nd4j.create(dataType, rows, hidden);
      tc = Nd4j.create(dataType, rows, hidden);
      sd = Nd4j.create(dataType, 3, rows, hidden);
      q = Nd4j.create(dataType, 4, rows, hidden);
      pc = Nd4j.create(dataType, rows, hidden);
      dz = Nd4j.create(dataType, rows, 4 * hidden);
      dc = Nd4j.create(dataType, n, hidden);
      dcNext = Nd4j.create(dataType, n, hidden);
      ones = Nd4j.ones(dataType, 1, rows);

      x2 = x.reshape('c', rows, nIn);
      h2 = h.reshape('c', rows, hidden);
      dx2 = dx.reshape('c', rows, nIn);
      hPrevTail = rowsOf(hPrev, n, rows - n);
      hHead = rowsOf(h2, 0, rows - n);
      for (int k = 0; k < 4; k++) {
        gates[k] = a.slice(k);
        qGate[k] = q.slice(k);
      }
      sigmoidGates = Nd4j.create(a.data(), new long[] {3, rows, hidden}, new long[] {rows * hidden, hidden, 1}, a.offset(), 'c');
      for (int k = 0; k < 3; k++) {
        sdGate[k] = sd.slice(k);
      }
      cPrev = rowsOf(cAll, 0, rows);
      dht = new INDArray[steps];
      pct = new INDArray[steps];
      igt = new INDArray[steps];
      ct = new INDArray[steps + 1];
      dzt = new INDArray[steps];
      for (int k = 0; k < 4; k++) {
        qt[k] = new INDArray[steps];
        dzGate[k] = new INDArray[steps];
        at[k] = new INDArray[steps];
      }
      zSigmoid = new INDArray[steps];
      aSigmoid = new INDArray[steps];
      zCell = new INDArray[steps];
      tct = new INDArray[steps];
      ht = new INDArray[steps];
      INDArray dh2 = dh.reshape('c', rows, hidden);
      ct[0] = rowsOf(cAll, 0, n);
      for (int t = 0; t < steps; t++) {
        long r = t * n;
        dht[t] = rowsOf(dh2, r, n);
        pct[t] = rowsOf(pc, r, n);
        igt[t] = rowsOf(ig, r, n);
        ct[t + 1] = rowsOf(cAll, r + n, n);
        dzt[t] = rowsOf(dz, r, n);
        zSigmoid[t] = Nd4j.create(dz.data(), new long[] {n, 3, hidden}, new long[] {4 * hidden, hidden, 1},
            dz.offset() + r * 4 * hidden + hidden, 'c');
        aSigmoid[t] = Nd4j.create(a.data(), new long[] {n, 3, hidden}, new long[] {hidden, rows * hidden, 1},
            a.offset() + r * hidden, 'c');
        zCell[t] = Nd4j.create(dz.data(), new long[] {n, hidden}, new long[] {4 * hidden, 1}, dz.offset() + r * 4 * hidden, 'c');
        tct[t] = rowsOf(tc, r, n);
        ht[t] = rowsOf(h2, r, n);
        for (int k = 0; k < 4; k++) {
          at[k][t] = rowsOf(gates[k], r, n);
          qt[k][t] = rowsOf(qGate[k], r, n);
          dzGate[k][t] = Nd4j.create(dz.data(), new long[] {n, hidden}, new long[] {4 * hidden, 1},
              dz.offset() + r * 4 * hidden + DL4J_BLOCK[k] * hidden, 'c');
        }
      }
    }
  }

  /** True when this instance's buffers have the shape of a call with these sizes. */
  boolean fits(long stepsOf, long nOf, long nInOf, long hiddenOf, DataType type) {
    return steps == stepsOf && n == nOf && nIn == nInOf && hidden == hiddenOf && dataType == type;
  }

  /** Where the caller puts the input, time-major [T, n, nIn], before {@link #forward} or {@link #backward}. */
  INDArray input() {
    gatesKnown = false;
    return x;
  }

  /** Where the caller puts the gradient with respect to the outputs, [T, n, H], zero at masked steps. */
  INDArray outputGradient() {
    return dh;
  }

  /**
   * The forward pass of a training step from {@link #input()}: computes the outputs and keeps the
   * gates, the cell states and tanh(c), from which {@link #backward} starts. The input part of every step's pre-activations is one matrix
   * product over all rows ({@code Z = X·W + b}, straight into DL4J's block layout); then per step
   * one product {@code z_t += h_{t-1}·RW}, the sigmoid of the three gates and the tanh of the cell
   * input in one call each, and five element-wise calls for {@code c_t = f_t∘c_{t-1} + i_t∘g_t} and
   * {@code h_t = o_t∘tanh(c_t)}. It runs over every step, masked ones too, as libnd4j's op does.
   *
   * @param w input weights [nIn, 4H], DL4J's layout
   * @param rw recurrent weights [H, 4H], DL4J's layout
   * @param b bias [1, 4H], DL4J's layout
   * @return the outputs, time-major [T, n, H] (a buffer of this instance)
   */
  INDArray forward(INDArray w, INDArray rw, INDArray b) {
    Nd4j.gemm(x2, w, dz, false, false, 1.0, 0.0);
    dz.addiRowVector(b);
    for (int t = 0; t < steps; t++) {
      if (t > 0) {
        Nd4j.gemm(ht[t - 1], rw, dzt[t], false, false, 1.0, 1.0);
      }
      Nd4j.exec(new Sigmoid(zSigmoid[t], aSigmoid[t]));
      Nd4j.exec(new Tanh(zCell[t], at[G][t]));
      Nd4j.exec(new MulOp(at[I][t], at[G][t], igt[t]));
      if (t == 0) {
        ct[1].assign(igt[0]);
      } else {
        Nd4j.exec(new MulOp(at[F][t], ct[t], ct[t + 1]));
        ct[t + 1].addi(igt[t]);
      }
      Nd4j.exec(new Tanh(ct[t + 1], tct[t]));
      Nd4j.exec(new MulOp(at[O][t], tct[t], ht[t]));
    }
    gatesKnown = true;
    return h;
  }

  /**
   * Computes the gradients from the last {@link #forward} pass and {@link #outputGradient()} (which
   * it overwrites), once per forward pass.
   *
   * @param w input weights [nIn, 4H], DL4J's layout (those of the forward pass)
   * @param rw recurrent weights [H, 4H], DL4J's layout
   * @param gw receives dL/dW, DL4J's layout
   * @param grw receives dL/dRW
   * @param gb receives dL/db
   * @return the input gradient, time-major [T, n, nIn] (a buffer of this instance)
   */
  INDArray backward(INDArray w, INDArray rw, INDArray gw, INDArray grw, INDArray gb) {
    if (!gatesKnown) {
      throw new IllegalStateException("LSTM backward pass without the forward pass of its input");
    }
    gatesKnown = false;
    if (steps > 1) {
      hPrevTail.assign(hHead); // h_{t-1} of every row, for dRW
    }

    // (2) Factors: dz_o = dh∘q_o, dz_{i,f,g} = dc∘q_{i,f,g}, dc = dh∘pc + dc_next.
    Nd4j.exec(new ScalarReverseSubtraction(sigmoidGates, null, sd, 1.0));
    sd.muli(sigmoidGates);
    Nd4j.exec(new MulOp(tc, sdGate[O], qGate[O]));
    Nd4j.exec(new MulOp(gates[G], sdGate[I], qGate[I]));
    Nd4j.exec(new MulOp(cPrev, sdGate[F], qGate[F]));
    Nd4j.exec(new MulOp(gates[G], gates[G], qGate[G]));
    Nd4j.exec(new ScalarReverseSubtraction(qGate[G], null, qGate[G], 1.0));
    qGate[G].muli(gates[I]);
    Nd4j.exec(new MulOp(tc, tc, pc));
    Nd4j.exec(new ScalarReverseSubtraction(pc, null, pc, 1.0));
    pc.muli(gates[O]);

    // (3) Backward recurrence.
    for (int t = steps - 1; t >= 0; t--) {
      Nd4j.exec(new MulOp(dht[t], qt[O][t], dzGate[O][t]));
      Nd4j.exec(new MulOp(dht[t], pct[t], dc));
      if (t < steps - 1) {
        dc.addi(dcNext);
      }
      Nd4j.exec(new MulOp(dc, qt[I][t], dzGate[I][t]));
      Nd4j.exec(new MulOp(dc, qt[F][t], dzGate[F][t]));
      Nd4j.exec(new MulOp(dc, qt[G][t], dzGate[G][t]));
      Nd4j.exec(new MulOp(dc, at[F][t], dcNext));
      if (t > 0) {
        Nd4j.gemm(dzt[t], rw, dht[t - 1], false, true, 1.0, 1.0);
      }
    }

    // (4) Parameter and input gradients over all rows, into DL4J's arrays.
    Nd4j.gemm(x2, dz, gw, true, false, 1.0, 0.0);
    Nd4j.gemm(hPrev, dz, grw, true, false, 1.0, 0.0);
    Nd4j.gemm(ones, dz, gb, false, false, 1.0, 0.0);
    Nd4j.gemm(dz, w, dx2, false, true, 1.0, 0.0);
    return dx;
  }

  /** Rows [first, first + count) of a c-order matrix, as a view made on its buffer. */
  private static INDArray rowsOf(INDArray matrix, long first, long count) {
    long cols = matrix.size(1);
    return Nd4j.create(matrix.data(), new long[] {count, cols}, new long[] {cols, 1}, matrix.offset() + first * cols, 'c');
  }
}
