package org.ecgplatform.training.model;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime layer of {@link FusedLstm}: DL4J's {@code LSTM} layer computed by a few native calls
 * per minibatch instead of DL4J's Java loop of small operations over the time steps. A forward pass
 * outside training ({@link #activate}, scoring) calls libnd4j's {@code lstmLayer} op once. In
 * training, with the default {@link Backward#BULK}, {@link LstmBackprop} computes the forward pass
 * (one matrix product for every step's input part, then a few calls per step), keeps the gates and
 * cell states, and computes the backward pass ({@link #backpropGradient}) from them; with
 * {@link Backward#OP} both passes call libnd4j's {@code lstmLayer} and {@code lstmLayer_bp} ops.
 *
 * <p>Steps of an op call: (1) decide whether the fused code computes DL4J's function for this call
 * ({@link #fusedPlan}); if not, run DL4J's own implementation ({@code super}); (2) reorder the
 * parameters' gate blocks from DL4J's (g, f, o, i) into libnd4j's (i, f, g, o) (copies of
 * 4H-column matrices, small next to the recurrence); (3) run the op on the input as it is (NCW is
 * libnd4j's {@code NST} format, NWC its {@code NTS}); (4) apply the mask; in the backward pass,
 * (5) write the parameter gradients back in DL4J's gate order into DL4J's gradient views.
 *
 * <p>Masks ([n, T], 1 for a real step). DL4J's {@code LSTM} zeroes its state and output at every
 * masked step, so a sequence whose real steps form one contiguous block starts from a zero state at
 * the block's first step and outputs zeros elsewhere:
 * <ul>
 *   <li>no mask, or every row starting at step 0 (right padding): the op runs on the input as it
 *       is and masked outputs are multiplied by 0; the op is causal, so real steps never see the
 *       padding;
 *   <li>blocks starting later (left padding, e.g. the reversed input of the backward half of a
 *       {@code Bidirectional} layer): each example is moved to the front (one copy per example),
 *       the op runs, the outputs are moved back;
 *   <li>rows with holes, values other than 0 and 1: DL4J's implementation.
 * </ul>
 * DL4J's implementation also serves dropout on the input, weight noise, activations other than
 * tanh/sigmoid, floating types other than float/double, and the stateful calls
 * ({@code rnnTimeStep}, truncated BPTT), which this class inherits unchanged.
 */
public class FusedLstmLayer extends org.deeplearning4j.nn.layers.recurrent.LSTM {
  private static final Logger LOG = LoggerFactory.getLogger(FusedLstmLayer.class);
  private static final Set<String> FALLBACKS_LOGGED = ConcurrentHashMap.newKeySet();
  /** Forward and backward calls that ran the fused op, over every instance of this JVM (tests, benchmarks). */
  static final AtomicLong FUSED_CALLS = new AtomicLong();
  /** Forward and backward calls that ran DL4J's implementation instead. */
  static final AtomicLong DL4J_CALLS = new AtomicLong();

  /** libnd4j's gate block k is DL4J's block {@code GATE_ORDER[k]} (DL4J: g, f, o, i; libnd4j: i, f, g, o). */
  static final int[] GATE_ORDER = {3, 1, 0, 2};

  /** How the backward pass is computed. */
  enum Backward {
    /**
     * {@link LstmBackprop}'s forward pass in training, which keeps the gates and cell states, and
     * its backward pass from them: large matrix products, few small calls per step.
     */
    BULK,
    /** libnd4j's {@code lstmLayer_bp} op (reruns the forward pass, then small per-step operations). */
    OP
  }

  /**
   * The backward strategy of every instance: system property {@code ecg.fused-lstm.backward}
   * ({@code bulk}, the default, or {@code op}); tests switch it to compare the two.
   */
  static volatile Backward backward = Backward.valueOf(
      System.getProperty("ecg.fused-lstm.backward", "bulk").toUpperCase(java.util.Locale.ROOT));

  /** The input whose forward pass the bulk buffers hold, or null. */
  private transient INDArray cachedFor;

  /** libnd4j's activation ids. */
  private static final int ACT_TANH = 0;
  private static final int ACT_SIGMOID = 2;

  public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    return activate(training, workspaceMgr);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    MaskPlan plan = fusedPlan(training);
    if (plan == null) {
      DL4J_CALLS.incrementAndGet();
      return super.activate(training, workspaceMgr);
    }
    FUSED_CALLS.incrementAndGet();
    INDArray x = contiguous(input, workspaceMgr, ArrayType.FF_WORKING_MEM);
    long[] outShape = outputShape(x);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), outShape, 'c');
    INDArray xs = plan.shifted() ? plan.toFront(x, workspaceMgr, ArrayType.FF_WORKING_MEM) : x;
    INDArray raw = plan.shifted() ? workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, x.dataType(), outShape, 'c') : out;
    cachedFor = null;
    if (training && backward == Backward.BULK) {
      // The training step's forward pass in the backward pass's buffers, which keep the gates and
      // cell states for it (a time-major copy: later layers may modify their input in place).
      timeMajorView(raw).assign(bulkForward(bulkBuffers(x), xs, workspaceMgr));
      cachedFor = input;
    } else {
      exec(forwardOp(xs, libnd4jWeights(workspaceMgr, ArrayType.FF_WORKING_MEM), raw));
    }
    if (plan.shifted()) {
      plan.toPlace(raw, out);
    } else {
      plan.applyMask(out);
    }
    return out;
  }

  /** {@link LstmBackprop#forward} on {@code xs} (front-aligned); returns its time-major outputs. */
  private INDArray bulkForward(LstmBackprop b, INDArray xs, LayerWorkspaceMgr mgr) {
    b.input().assign(timeMajorView(xs));
    return b.forward(getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, false, mgr),
        getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, false, mgr),
        getParamWithNoise(LSTMParamInitializer.BIAS_KEY, false, mgr));
  }

  /** [n, F, T] (NCW) or [n, T, F] (NWC) as a [T, n, F] view. */
  private INDArray timeMajorView(INDArray a) {
    return timeAxis() == 2 ? a.permute(2, 0, 1) : a.permute(1, 0, 2);
  }

  /**
   * The bulk buffers for input {@code x}: this thread's for the layer's position, made anew when the
   * shape changed ({@link ThreadBuffers}).
   */
  private LstmBackprop bulkBuffers(INDArray x) {
    long steps = x.size(timeAxis());
    long nIn = x.size(timeAxis() == 2 ? 1 : 2);
    long hidden = layerConf().getNOut();
    long n = x.size(0);
    DataType type = x.dataType();
    ThreadBuffers.Claim<LstmBackprop> claim = ThreadBuffers.claim(ThreadBuffers.keyOf(this), this,
        b -> b.fits(steps, n, nIn, hidden, type), () -> new LstmBackprop((int) steps, n, nIn, hidden, type));
    if (!claim.kept()) {
      cachedFor = null;
    }
    return claim.buffers();
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    MaskPlan plan = fusedPlan(true);
    if (plan == null) {
      DL4J_CALLS.incrementAndGet();
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    FUSED_CALLS.incrementAndGet();
    INDArray x = contiguous(input, workspaceMgr, ArrayType.BP_WORKING_MEM);
    INDArray dLdh = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, epsilon, 'c');
    plan.applyMask(dLdh);
    if (backward == Backward.BULK) {
      return bulkBackward(plan, x, dLdh, workspaceMgr);
    }
    Weights w = libnd4jWeights(workspaceMgr, ArrayType.BP_WORKING_MEM);
    INDArray dLdWx = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, w.wx.dataType(), w.wx.shape(), 'c');
    INDArray dLdWr = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, w.wr.dataType(), w.wr.shape(), 'c');
    INDArray dLdb = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, w.b.dataType(), w.b.shape(), 'c');
    INDArray dLdx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
    if (plan.shifted()) {
      INDArray xs = plan.toFront(x, workspaceMgr, ArrayType.BP_WORKING_MEM);
      INDArray dLdhs = plan.toFront(dLdh, workspaceMgr, ArrayType.BP_WORKING_MEM);
      INDArray dLdxs = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), x.shape(), 'c');
      exec(backwardOp(xs, w, dLdhs, dLdxs, dLdWx, dLdWr, dLdb));
      plan.toPlace(dLdxs, dLdx);
    } else {
      exec(backwardOp(x, w, dLdh, dLdx, dLdWx, dLdWr, dLdb));
    }
    INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
    INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    INDArray gb = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
    toDl4jOrder(dLdWx, gW, GATE_ORDER);
    toDl4jOrder(dLdWr, gRW, GATE_ORDER);
    toDl4jOrder(dLdb.reshape(1, dLdb.length()), gb, GATE_ORDER);
    return gradientAndEpsilon(dLdx);
  }

  private Pair<Gradient, INDArray> gradientAndEpsilon(INDArray dLdx) {
    INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
    INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    INDArray gb = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
    Gradient g = new DefaultGradient(gradientsFlattened);
    g.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
    g.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
    g.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gb);
    weightNoiseParams.clear();
    return new Pair<>(g, backpropDropOutIfPresent(dLdx));
  }

  /**
   * Keeps the mask, unlike DL4J's {@code LSTM}: inside a {@code ComputationGraph} DL4J M2 hands a
   * layer its input mask only through this method, and DL4J's {@code LSTM} passes it on without
   * keeping it, so its recurrence runs over the padding (harmless for a causal layer with right
   * padding, whose padded outputs the loss and {@code LastTimeStepVertex} ignore; wrong for the
   * backward half of a {@code Bidirectional} layer, which would start inside the padding). This
   * layer applies the mask as DL4J's {@code LSTM} does when it is given one ({@code setMaskArray}):
   * state and output are zero at masked steps.
   */
  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray mask, MaskState state, int minibatchSize) {
    this.maskArray = mask;
    this.maskState = state;
    return super.feedForwardMaskArray(mask, state, minibatchSize);
  }

  /**
   * {@link Backward#BULK}: {@link LstmBackprop} on time-major, front-aligned copies, from the
   * gates and cell states the training forward pass left in it (its forward pass runs again when
   * the input changed since).
   */
  private Pair<Gradient, INDArray> bulkBackward(MaskPlan plan, INDArray x, INDArray dLdh, LayerWorkspaceMgr mgr) {
    LstmBackprop b = bulkBuffers(x); // forgets the cached forward pass when it makes new buffers
    if (cachedFor != input) {
      bulkForward(b, plan.shifted() ? plan.toFront(x, mgr, ArrayType.BP_WORKING_MEM) : x, mgr);
    }
    cachedFor = null;
    b.outputGradient().assign(timeMajorView(plan.shifted() ? plan.toFront(dLdh, mgr, ArrayType.BP_WORKING_MEM) : dLdh));
    INDArray dxTimeMajor = b.backward(getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, false, mgr),
        getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, false, mgr),
        gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY),
        gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY),
        gradientViews.get(LSTMParamInitializer.BIAS_KEY));
    // Time-major [T, n, nIn] back to the input's layout.
    INDArray dxs = timeAxis() == 2 ? dxTimeMajor.permute(1, 2, 0) : dxTimeMajor.permute(1, 0, 2);
    INDArray dLdx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
    if (plan.shifted()) {
      plan.toPlace(dxs, dLdx);
    } else {
      dLdx.assign(dxs);
    }
    return gradientAndEpsilon(dLdx);
  }

  /** The mask plan when the fused op computes DL4J's function for this call, else null (after logging why, once). */
  MaskPlan fusedPlan(boolean training) {
    org.deeplearning4j.nn.conf.layers.LSTM c = layerConf();
    String reason = null;
    if (input.rank() != 3) {
      reason = "input of rank " + input.rank();
    } else if (!(c.getActivationFn() instanceof ActivationTanH) || !(c.getGateActivationFn() instanceof ActivationSigmoid)) {
      reason = "activations " + c.getActivationFn() + "/" + c.getGateActivationFn() + " (only tanh/sigmoid are fused)";
    } else if (training && c.getIDropout() != null) {
      reason = "input dropout";
    } else if (c.getWeightNoise() != null) {
      reason = "weight noise";
    } else if (input.dataType() != DataType.FLOAT && input.dataType() != DataType.DOUBLE) {
      reason = "data type " + input.dataType();
    }
    MaskPlan plan = null;
    if (reason == null) {
      if (maskArray != null && (maskArray.rank() != 2 || maskArray.size(0) != input.size(0)
          || maskArray.size(1) != input.size(timeAxis()))) {
        throw new IllegalStateException("Cannot run FusedLstm layer " + layerId() + ": mask of shape "
            + java.util.Arrays.toString(maskArray.shape()) + " for input of shape " + java.util.Arrays.toString(input.shape())
            + " (a mask is [minibatch, time steps])");
      }
      plan = MaskPlan.of(maskArray, timeAxis());
      if (plan == null) {
        reason = "a mask that is not one block of ones per row";
      }
    }
    if (reason != null && FALLBACKS_LOGGED.add(reason)) {
      LOG.info("FusedLstm layer {}: {}, using DL4J's LSTM implementation for such calls", layerId(), reason);
    }
    return plan;
  }

  private int timeAxis() {
    return layerConf().getRnnDataFormat() == RNNFormat.NWC ? 1 : 2;
  }

  /** libnd4j's data format: 2 = [n, nIn, T] (NCW), 1 = [n, T, nIn] (NWC). */
  private int dataFormat() {
    return layerConf().getRnnDataFormat() == RNNFormat.NWC ? 1 : 2;
  }

  private long[] outputShape(INDArray x) {
    long h = layerConf().getNOut();
    return timeAxis() == 2 ? new long[] {x.size(0), h, x.size(2)} : new long[] {x.size(0), x.size(1), h};
  }

  private static INDArray contiguous(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
    return COrder.laidOut(a) && a.offset() == 0 ? a : mgr.dup(type, a, 'c');
  }

  private record Weights(INDArray wx, INDArray wr, INDArray b) {}

  private Weights libnd4jWeights(LayerWorkspaceMgr mgr, ArrayType type) {
    INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, false, mgr);
    INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, false, mgr);
    INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, false, mgr);
    INDArray bl = reorder(b, mgr, type, GATE_ORDER);
    return new Weights(reorder(w, mgr, type, GATE_ORDER), reorder(rw, mgr, type, GATE_ORDER), bl.reshape(bl.length()));
  }

  /** [rows, 4H] with DL4J's gate blocks → a new c-order array whose block k is DL4J's block {@code order[k]}. */
  private static INDArray reorder(INDArray dl4j, LayerWorkspaceMgr mgr, ArrayType type, int[] order) {
    long h = dl4j.size(1) / 4;
    INDArray out = mgr.createUninitialized(type, dl4j.dataType(), dl4j.shape(), 'c');
    for (int k = 0; k < 4; k++) {
      out.get(NDArrayIndex.all(), NDArrayIndex.interval(k * h, (k + 1) * h))
          .assign(dl4j.get(NDArrayIndex.all(), NDArrayIndex.interval(order[k] * h, (order[k] + 1) * h)));
    }
    return out;
  }

  /** Writes [rows, 4H] whose block k is DL4J's block {@code order[k]} into {@code dl4jView} in DL4J's order. */
  private static void toDl4jOrder(INDArray reordered, INDArray dl4jView, int[] order) {
    long h = reordered.size(1) / 4;
    for (int k = 0; k < 4; k++) {
      dl4jView.get(NDArrayIndex.all(), NDArrayIndex.interval(order[k] * h, (order[k] + 1) * h))
          .assign(reordered.get(NDArrayIndex.all(), NDArrayIndex.interval(k * h, (k + 1) * h)));
    }
  }

  // Integer arguments: data format, direction (0 = forward), gate, cell and output activations.
  // Boolean arguments: has bias, has sequence lengths, has initial h, has initial c, has peepholes,
  // full sequence returned (or its gradient given), last h, last c. Float argument: cell clip (0: none).
  private DynamicCustomOp forwardOp(INDArray x, Weights w, INDArray out) {
    return DynamicCustomOp.builder("lstmLayer")
        .addInputs(x, w.wx, w.wr, w.b)
        .addOutputs(out)
        .addIntegerArguments(dataFormat(), 0, ACT_SIGMOID, ACT_TANH, ACT_TANH)
        .addFloatingPointArguments(0.0)
        .addBooleanArguments(true, false, false, false, false, true, false, false)
        .build();
  }

  private DynamicCustomOp backwardOp(INDArray x, Weights w, INDArray dLdh, INDArray dLdx, INDArray dLdWx,
      INDArray dLdWr, INDArray dLdb) {
    return DynamicCustomOp.builder("lstmLayer_bp")
        .addInputs(x, w.wx, w.wr, w.b, dLdh)
        .addOutputs(dLdx, dLdWx, dLdWr, dLdb)
        .addIntegerArguments(dataFormat(), 0, ACT_SIGMOID, ACT_TANH, ACT_TANH)
        .addFloatingPointArguments(0.0)
        .addBooleanArguments(true, false, false, false, false, true, false, false)
        .build();
  }

  private static void exec(DynamicCustomOp op) {
    Nd4j.exec(op);
  }

  /**
   * Where each example's real steps are: one block [start, start + length) per row. Pure bookkeeping
   * over the mask, plus the copies that move blocks to the front and back.
   *
   * @param mask the mask, or null for none
   * @param starts first real step per row
   * @param lengths real steps per row
   * @param timeAxis 2 for NCW arrays, 1 for NWC
   */
  record MaskPlan(INDArray mask, int[] starts, int[] lengths, int timeAxis) {
    /** True when some block does not start at step 0: examples must be moved to the front. */
    boolean shifted() {
      if (starts == null) {
        return false;
      }
      for (int s : starts) {
        if (s != 0) {
          return true;
        }
      }
      return false;
    }

    /** The plan for {@code mask}, or null when a row is not a single block of ones (zeros elsewhere). */
    static MaskPlan of(INDArray mask, int timeAxis) {
      if (mask == null) {
        return new MaskPlan(null, null, null, timeAxis);
      }
      if (mask.rank() != 2) {
        return null;
      }
      float[][] m = mask.toFloatMatrix();
      int[] starts = new int[m.length];
      int[] lengths = new int[m.length];
      boolean allOnes = true;
      for (int i = 0; i < m.length; i++) {
        int t = 0;
        int steps = m[i].length;
        while (t < steps && m[i][t] == 0f) {
          t++;
        }
        starts[i] = t;
        while (t < steps && m[i][t] == 1f) {
          t++;
        }
        lengths[i] = t - starts[i];
        while (t < steps && m[i][t] == 0f) {
          t++;
        }
        if (t < steps) {
          return null; // a hole, or a value other than 0 and 1
        }
        allOnes &= lengths[i] == steps;
      }
      return allOnes ? new MaskPlan(null, null, null, timeAxis) : new MaskPlan(mask, starts, lengths, timeAxis);
    }

    /** Multiplies {@code a} ([n, F, T] or [n, T, F]) in place by the mask; nothing without a mask. */
    void applyMask(INDArray a) {
      if (mask != null) {
        INDArray m = mask.dataType() == a.dataType() ? mask : mask.castTo(a.dataType());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(a, m, a, 0, timeAxis));
      }
    }

    /** A zero-filled copy of {@code a} with each example's block moved to step 0. */
    INDArray toFront(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
      INDArray out = mgr.create(type, a.dataType(), a.shape(), 'c');
      for (int i = 0; i < starts.length; i++) {
        if (lengths[i] > 0) {
          block(out, i, 0, lengths[i]).assign(block(a, i, starts[i], lengths[i]));
        }
      }
      return out;
    }

    /** Fills {@code target} with zeros and each example's block from step 0 of {@code front}. */
    void toPlace(INDArray front, INDArray target) {
      target.assign(0);
      for (int i = 0; i < starts.length; i++) {
        if (lengths[i] > 0) {
          block(target, i, starts[i], lengths[i]).assign(block(front, i, 0, lengths[i]));
        }
      }
    }

    private INDArray block(INDArray a, int example, int from, int length) {
      INDArray ex = a.get(NDArrayIndex.point(example), NDArrayIndex.all(), NDArrayIndex.all());
      INDArrayIndex steps = NDArrayIndex.interval(from, from + length);
      return timeAxis == 2 ? ex.get(NDArrayIndex.all(), steps) : ex.get(steps, NDArrayIndex.all());
    }
  }
}
