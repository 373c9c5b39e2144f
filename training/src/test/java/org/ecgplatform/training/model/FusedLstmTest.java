package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FusedLstm} computes DL4J's {@link LSTM}: same outputs, same gradients (parameters and
 * input), same training steps, for the same weights, with and without masks, in both directions;
 * it survives serialisation; models saved with DL4J's LSTM load, and convert without changing
 * their predictions.
 */
class FusedLstmTest {
  private static final int N_IN = 6;
  private static final int HIDDEN = 5;
  private static final int CLASSES = 3;

  /** Float tolerance, relative to the largest magnitude compared. */
  private static final double TOLERANCE = 1e-5;

  enum Kind { DL4J, FUSED }

  enum Head { LAST_STEP, EVERY_STEP }

  private static Layer lstm(Kind kind, RNNFormat format, boolean bidirectional) {
    LSTM plain = new LSTM.Builder().nOut(HIDDEN).activation(Activation.TANH).dataFormat(format).build();
    Layer layer = kind == Kind.FUSED ? FusedLstm.of(plain) : plain;
    return bidirectional ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer;
  }

  /**
   * input [n, N_IN, T] → DL4J LSTM "pre" (its gradients check the input gradient of the layer under
   * test) → LSTM under test → head.
   */
  static ComputationGraph graph(Kind kind, RNNFormat format, boolean bidirectional, Head head, int steps) {
    return graph(kind, format, bidirectional, head, steps, DataType.FLOAT, new Adam(1e-2), false);
  }

  /** With {@code convPre} the layer below is a 1x1 convolution (NCW only): fewer parameters for gradient checks. */
  static ComputationGraph graph(Kind kind, RNNFormat format, boolean bidirectional, Head head, int steps,
      DataType dataType, IUpdater updater, boolean convPre) {
    Layer pre = convPre
        ? new Convolution1DLayer.Builder(1).nOut(N_IN).rnnDataFormat(format).activation(Activation.TANH).build()
        : new LSTM.Builder().nOut(N_IN).activation(Activation.TANH).dataFormat(format).build();
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .seed(11).dataType(dataType).updater(updater)
        .graphBuilder()
        .addInputs("x")
        .setInputTypes(InputType.recurrent(N_IN, steps, format))
        .addLayer("pre", pre, "x")
        .addLayer("lstm", lstm(kind, format, bidirectional), "pre");
    if (head == Head.LAST_STEP) {
      b.addVertex("last", new LastTimeStepVertex("x"), "lstm")
          .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
              .activation(Activation.SOFTMAX).build(), "last");
    } else {
      b.addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
          .activation(Activation.SOFTMAX).dataFormat(format).build(), "lstm");
    }
    ComputationGraph g = new ComputationGraph(b.setOutputs("out").build());
    g.init();
    return g;
  }

  /** A DL4J graph and a fused one with the same parameters. */
  static ComputationGraph[] pair(RNNFormat format, boolean bidirectional, Head head, int steps) {
    ComputationGraph dl4j = graph(Kind.DL4J, format, bidirectional, head, steps);
    ComputationGraph fused = graph(Kind.FUSED, format, bidirectional, head, steps);
    fused.setParams(dl4j.params());
    assertThat(fused.getLayer("lstm").getClass().getSimpleName()).isEqualTo(bidirectional ? "BidirectionalLayer" : "FusedLstmLayer");
    return new ComputationGraph[] {dl4j, fused};
  }

  static MultiDataSet data(int n, int steps, RNNFormat format, Head head, INDArray mask, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, N_IN, steps).subi(0.5).muli(4);
    INDArray y = head == Head.LAST_STEP ? Nd4j.zeros(DataType.FLOAT, n, CLASSES) : Nd4j.zeros(DataType.FLOAT, n, CLASSES, steps);
    for (int i = 0; i < n; i++) {
      if (head == Head.LAST_STEP) {
        y.putScalar(i, i % CLASSES, 1);
      } else {
        for (int t = 0; t < steps; t++) {
          y.putScalar(i, (i + t) % CLASSES, t, 1);
        }
      }
    }
    if (format == RNNFormat.NWC) {
      x = x.permute(0, 2, 1).dup('c');
      y = y.rank() == 3 ? y.permute(0, 2, 1).dup('c') : y;
    }
    INDArray[] masks = mask == null ? null : new INDArray[] {mask};
    INDArray[] labelMasks = mask != null && head == Head.EVERY_STEP ? new INDArray[] {mask} : null;
    return new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}, masks, labelMasks);
  }

  /** Outputs of the LSTM, the score and every gradient agree; the fused graph ran the fused op (or DL4J's, when told). */
  static void assertSameFunctionAndGradients(ComputationGraph dl4j, ComputationGraph fused, MultiDataSet ds, boolean expectFallback) {
    long fusedBefore = FusedLstmLayer.FUSED_CALLS.get();
    long dl4jBefore = FusedLstmLayer.DL4J_CALLS.get();
    Map<String, INDArray> a = activations(dl4j, ds);
    Map<String, INDArray> b = activations(fused, ds);
    assertClose("lstm output", a.get("lstm"), b.get("lstm"));
    assertClose("network output", a.get("out"), b.get("out"));
    gradients(dl4j, ds);
    gradients(fused, ds);
    assertThat(fused.score()).isCloseTo(dl4j.score(), org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(dl4j.score()))));
    for (Map.Entry<String, INDArray> e : dl4j.gradient().gradientForVariable().entrySet()) {
      assertClose("gradient " + e.getKey(), e.getValue(), fused.gradient().getGradientFor(e.getKey()));
    }
    long fusedCalls = FusedLstmLayer.FUSED_CALLS.get() - fusedBefore;
    long dl4jCalls = FusedLstmLayer.DL4J_CALLS.get() - dl4jBefore;
    if (expectFallback) {
      assertThat(dl4jCalls).as("calls on DL4J's implementation").isPositive();
    } else {
      assertThat(fusedCalls).as("fused calls").isPositive();
      assertThat(dl4jCalls).as("calls on DL4J's implementation").isZero();
    }
  }

  private static Map<String, INDArray> activations(ComputationGraph g, MultiDataSet ds) {
    INDArray[] out = g.output(java.util.List.of("lstm", "out"), false, ds.getFeatures(), ds.getFeaturesMaskArrays());
    return Map.of("lstm", out[0], "out", out[1]);
  }

  private static void gradients(ComputationGraph g, MultiDataSet ds) {
    g.setInputs(ds.getFeatures());
    g.setLabels(ds.getLabels());
    g.setLayerMaskArrays(ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
    g.computeGradientAndScore();
    g.clearLayerMaskArrays();
  }

  static void assertClose(String what, INDArray expected, INDArray actual) {
    assertThat(actual).as(what).isNotNull();
    assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertThat(diff / scale).as(what + ": max |difference| " + diff + " for max |value| " + scale).isLessThan(TOLERANCE);
  }

  private static INDArray rightPadded(int n, int steps) {
    INDArray m = Nd4j.ones(DataType.FLOAT, n, steps);
    for (int i = 0; i < n; i++) {
      for (int t = steps - (i % steps); t < steps; t++) {
        m.putScalar(i, t, 0);
      }
    }
    return m;
  }

  /** Real steps at the end (as the backward half of a bidirectional layer sees right padding). */
  private static INDArray leftPadded(int n, int steps) {
    INDArray m = Nd4j.ones(DataType.FLOAT, n, steps);
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < i % steps; t++) {
        m.putScalar(i, t, 0);
      }
    }
    return m;
  }

  // DL4J's LastTimeStepVertex reads NCW only: the NWC case trains on every step.
  @ParameterizedTest(name = "batch {0}, {1} steps, {2}, {3}, backward {4}")
  @CsvSource({"1, 1, NCW, LAST_STEP, BULK", "3, 7, NCW, LAST_STEP, BULK", "16, 64, NCW, LAST_STEP, BULK",
      "128, 2, NCW, LAST_STEP, BULK", "5, 13, NWC, EVERY_STEP, BULK", "2, 4, NCW, EVERY_STEP, BULK",
      "16, 64, NCW, LAST_STEP, OP", "5, 13, NWC, EVERY_STEP, OP"})
  void sameOutputsAndGradientsAsDl4jLstm(int n, int steps, RNNFormat format, Head head, FusedLstmLayer.Backward backward) {
    withBackward(backward, () -> {
      ComputationGraph[] g = pair(format, false, head, steps);
      assertSameFunctionAndGradients(g[0], g[1], data(n, steps, format, head, null, n * 31L + steps), false);
    });
  }

  /** Runs {@code body} with every FusedLstmLayer using {@code strategy} for its backward pass. */
  static void withBackward(FusedLstmLayer.Backward strategy, Runnable body) {
    FusedLstmLayer.Backward previous = FusedLstmLayer.backward;
    FusedLstmLayer.backward = strategy;
    try {
      body.run();
    } finally {
      FusedLstmLayer.backward = previous;
    }
  }

  @Test
  void rightPaddedSequencesInAGraphTrainAsWithDl4j() {
    // DL4J's LSTM never sees the mask inside a graph; the fused layer zeroes its padded outputs.
    // Either way the real steps, the loss and every gradient are the same.
    int n = 6;
    int steps = 9;
    INDArray mask = rightPadded(n, steps);
    ComputationGraph[] g = pair(RNNFormat.NCW, false, Head.EVERY_STEP, steps);
    MultiDataSet ds = data(n, steps, RNNFormat.NCW, Head.EVERY_STEP, mask, 5);
    Map<String, INDArray> a = activations(g[0], ds);
    Map<String, INDArray> b = activations(g[1], ds);
    INDArray realSteps = Nd4j.expandDims(mask, 1);
    assertClose("lstm output at real steps", a.get("lstm").mul(realSteps), b.get("lstm"));
    assertClose("network output at real steps", a.get("out").mul(realSteps), b.get("out").mul(realSteps));
    gradients(g[0], ds);
    gradients(g[1], ds);
    assertThat(g[1].score()).isCloseTo(g[0].score(), org.assertj.core.data.Offset.offset(1e-5));
    for (Map.Entry<String, INDArray> e : g[0].gradient().gradientForVariable().entrySet()) {
      assertClose("gradient " + e.getKey(), e.getValue(), g[1].gradient().getGradientFor(e.getKey()));
    }
  }

  @Test
  void bidirectionalGraphMatchesDl4j() {
    ComputationGraph[] g = pair(RNNFormat.NCW, true, Head.EVERY_STEP, 11);
    assertSameFunctionAndGradients(g[0], g[1], data(7, 11, RNNFormat.NCW, Head.EVERY_STEP, null, 8), false);
  }

  private static INDArray mask(String kind, int n, int steps) {
    return switch (kind) {
      case "RIGHT" -> rightPadded(n, steps);
      case "LEFT" -> leftPadded(n, steps);
      default -> Nd4j.createFromArray(new float[][] {
          {1, 1, 1, 0, 1, 1, 1, 1, 1}, {0, 1, 1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1, 1},
          {1, 0, 0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 0, 0, 0, 0, 0, 0, 0}});
    };
  }

  /**
   * Masks given to the layer itself ({@code setMaskArray}, as DL4J's bidirectional wrapper and this
   * layer's {@code feedForwardMaskArray} do): DL4J's LSTM resets state and output at masked steps,
   * and so does the fused layer. Gradients are compared where DL4J's are right (right padding;
   * holes, which run DL4J's code): with leading padding DL4J M2's backward pass ignores its own
   * state reset and disagrees with finite differences, see {@link #maskedGradientsMatchFiniteDifferences}.
   */
  @ParameterizedTest(name = "{0} mask, bidirectional {1}, backward {2}")
  @CsvSource({"RIGHT, false, BULK", "LEFT, false, BULK", "HOLES, false, BULK", "RIGHT, true, BULK", "LEFT, true, BULK",
      "HOLES, true, BULK", "RIGHT, false, OP", "LEFT, true, OP"})
  void maskedLayerComputesDl4jsFunction(String maskKind, boolean bidirectional, FusedLstmLayer.Backward backward) {
    withBackward(backward, () -> maskedLayerComputesDl4jsFunction(maskKind, bidirectional));
  }

  private void maskedLayerComputesDl4jsFunction(String maskKind, boolean bidirectional) {
    int n = 6;
    int steps = 9;
    INDArray mask = mask(maskKind, n, steps);
    ComputationGraph[] g = pair(RNNFormat.NCW, bidirectional, Head.EVERY_STEP, steps);
    g[0].initGradientsView();
    g[1].initGradientsView();
    INDArray x = data(n, steps, RNNFormat.NCW, Head.EVERY_STEP, null, 6).getFeatures(0);
    Nd4j.getRandom().setSeed(7);
    // The gradient arriving from above is zero at masked steps, as from a masked loss or a
    // LastTimeStepVertex (DL4J's LSTM does not mask the incoming gradient itself; the fused layer does).
    INDArray eps = Nd4j.rand(DataType.FLOAT, n, bidirectional ? 2 * HIDDEN : HIDDEN, steps).subi(0.5)
        .muli(Nd4j.expandDims(mask, 1));
    long fusedBefore = FusedLstmLayer.FUSED_CALLS.get();
    long dl4jBefore = FusedLstmLayer.DL4J_CALLS.get();
    LayerResult expected = runLayer(g[0].getLayer("lstm"), x, mask, eps);
    LayerResult actual = runLayer(g[1].getLayer("lstm"), x, mask, eps);
    assertClose("output", expected.output, actual.output);
    INDArray padded = Nd4j.expandDims(mask.rsub(1.0), 1);
    assertThat(actual.output.mul(padded).amaxNumber().doubleValue()).as("output at masked steps").isZero();
    if (maskKind.equals("HOLES") || (maskKind.equals("RIGHT") && !bidirectional)) {
      assertClose("input gradient", expected.inputGradient, actual.inputGradient);
      for (Map.Entry<String, INDArray> e : expected.gradients.entrySet()) {
        assertClose("gradient " + e.getKey(), e.getValue(), actual.gradients.get(e.getKey()));
      }
    }
    if (maskKind.equals("HOLES")) {
      assertThat(FusedLstmLayer.DL4J_CALLS.get() - dl4jBefore).as("calls on DL4J's implementation").isPositive();
    } else {
      assertThat(FusedLstmLayer.FUSED_CALLS.get() - fusedBefore).as("fused calls").isPositive();
      assertThat(FusedLstmLayer.DL4J_CALLS.get() - dl4jBefore).as("calls on DL4J's implementation").isZero();
    }
  }

  /**
   * The fused layer's gradients with masks (which reach it inside a graph) against central finite
   * differences of the whole graph, in double precision (DL4J's GradientCheckUtil): every parameter
   * of the layer, and of the convolution below it, which checks the input gradient.
   */
  // LEFT runs the shifted path; a bidirectional layer on right padding runs both (its backward half
  // sees the reversed, left-padded mask). Right padding alone is compared with DL4J above.
  @ParameterizedTest(name = "{0} mask, bidirectional {1}, backward {2}")
  @CsvSource({"LEFT, false, BULK", "RIGHT, true, BULK", "LEFT, false, OP"})
  void maskedGradientsMatchFiniteDifferences(String maskKind, boolean bidirectional, FusedLstmLayer.Backward backward) {
    withBackward(backward, () -> maskedGradientsMatchFiniteDifferences(maskKind, bidirectional));
  }

  private void maskedGradientsMatchFiniteDifferences(String maskKind, boolean bidirectional) {
    int n = 3;
    int steps = 5;
    INDArray mask = mask(maskKind, n, steps).castTo(DataType.DOUBLE);
    ComputationGraph fused = graph(Kind.FUSED, RNNFormat.NCW, bidirectional, Head.EVERY_STEP, steps, DataType.DOUBLE, new NoOp(), true);
    MultiDataSet ds = data(n, steps, RNNFormat.NCW, Head.EVERY_STEP, mask, 12);
    long fusedBefore = FusedLstmLayer.FUSED_CALLS.get();
    DataType previous = Nd4j.dataType();
    DataType previousFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists on it
    try {
      boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(fused)
          .inputs(new INDArray[] {ds.getFeatures(0).castTo(DataType.DOUBLE)})
          .labels(new INDArray[] {ds.getLabels(0).castTo(DataType.DOUBLE)})
          .inputMask(new INDArray[] {mask}).labelMask(new INDArray[] {mask})
          .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)
          .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
      assertThat(ok).as("gradient check").isTrue();
    } finally {
      Nd4j.setDefaultDataTypes(previous, previousFloat);
    }
    assertThat(FusedLstmLayer.FUSED_CALLS.get() - fusedBefore).as("fused calls").isPositive();
  }

  private record LayerResult(INDArray output, INDArray inputGradient, Map<String, INDArray> gradients) {}

  private static LayerResult runLayer(org.deeplearning4j.nn.api.Layer layer, INDArray x, INDArray mask, INDArray eps) {
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, mgr);
    layer.setMaskArray(mask);
    INDArray out = layer.activate(true, mgr).dup();
    Pair<Gradient, INDArray> bp = layer.backpropGradient(eps, mgr);
    Map<String, INDArray> grads = new java.util.TreeMap<>();
    bp.getFirst().gradientForVariable().forEach((k, v) -> grads.put(k, v.dup()));
    layer.setMaskArray(null);
    return new LayerResult(out, bp.getSecond().dup(), grads);
  }

  /**
   * Training computes the forward pass with {@link LstmBackprop#forward} (it keeps the gates for the
   * backward pass), scoring with libnd4j's op: the same outputs, on the shifted path too.
   */
  @ParameterizedTest(name = "{0} mask")
  @CsvSource({"NONE", "RIGHT", "LEFT"})
  void trainingForwardPassEqualsScoringForwardPass(String maskKind) {
    int n = 6;
    int steps = 9;
    INDArray mask = maskKind.equals("NONE") ? null : mask(maskKind, n, steps);
    org.deeplearning4j.nn.api.Layer layer = pair(RNNFormat.NCW, false, Head.EVERY_STEP, steps)[1].getLayer("lstm");
    INDArray x = data(n, steps, RNNFormat.NCW, Head.EVERY_STEP, null, 21).getFeatures(0);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, mgr);
    layer.setMaskArray(mask);
    INDArray scoring = layer.activate(false, mgr).dup();
    INDArray training = layer.activate(true, mgr).dup();
    layer.setMaskArray(null);
    assertThat(scoring.amaxNumber().doubleValue()).as("outputs").isGreaterThan(0.01);
    assertClose("training forward pass", scoring, training);
  }

  /**
   * The backward pass uses the gates its training forward pass kept only for that input: after a
   * forward pass on other data (training or not) it recomputes them, and the gradients are those
   * of a forward and backward pass on the input alone.
   */
  @ParameterizedTest(name = "other forward pass in training {0}")
  @CsvSource({"true", "false"})
  void backwardPassAfterAnotherForwardPassRecomputesTheGates(boolean otherInTraining) {
    int n = 5;
    int steps = 7;
    ComputationGraph g = pair(RNNFormat.NCW, false, Head.EVERY_STEP, steps)[1];
    g.initGradientsView();
    org.deeplearning4j.nn.api.Layer layer = g.getLayer("lstm");
    INDArray x = data(n, steps, RNNFormat.NCW, Head.EVERY_STEP, null, 31).getFeatures(0);
    INDArray other = data(n, steps, RNNFormat.NCW, Head.EVERY_STEP, null, 32).getFeatures(0);
    Nd4j.getRandom().setSeed(9);
    INDArray eps = Nd4j.rand(DataType.FLOAT, n, HIDDEN, steps).subi(0.5);
    LayerResult alone = runLayer(layer, x, null, eps);

    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, mgr);
    layer.activate(true, mgr);
    layer.setInput(other, mgr);
    layer.activate(otherInTraining, mgr);
    layer.setInput(x, mgr);
    Pair<Gradient, INDArray> bp = layer.backpropGradient(eps, mgr);
    assertClose("input gradient", alone.inputGradient, bp.getSecond());
    for (Map.Entry<String, INDArray> e : alone.gradients.entrySet()) {
      assertClose("gradient " + e.getKey(), e.getValue(), bp.getFirst().getGradientFor(e.getKey()));
    }
  }

  @Test
  void bulkBackwardPassRefusesToRunWithoutItsForwardPass() {
    LstmBackprop b = new LstmBackprop(3, 2, N_IN, HIDDEN, DataType.FLOAT);
    INDArray w = Nd4j.rand(DataType.FLOAT, N_IN, 4 * HIDDEN);
    INDArray rw = Nd4j.rand(DataType.FLOAT, HIDDEN, 4 * HIDDEN);
    INDArray bias = Nd4j.rand(DataType.FLOAT, 1, 4 * HIDDEN);
    INDArray gw = w.like();
    INDArray grw = rw.like();
    INDArray gb = bias.like();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.backward(w, rw, gw, grw, gb))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("without the forward pass");
    b.input().assign(Nd4j.rand(DataType.FLOAT, 3, 2, N_IN));
    b.forward(w, rw, bias);
    b.backward(w, rw, gw, grw, gb);
    assertThat(gw.amaxNumber().doubleValue()).as("weight gradient").isEqualTo(0.0); // zero output gradient
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.backward(w, rw, gw, grw, gb))
        .as("a second backward pass of one forward pass").isInstanceOf(IllegalStateException.class);
  }

  @Test
  void trainsLikeDl4jLstm() {
    ComputationGraph[] g = pair(RNNFormat.NCW, false, Head.LAST_STEP, 12);
    for (int step = 0; step < 5; step++) {
      MultiDataSet ds = data(32, 12, RNNFormat.NCW, Head.LAST_STEP, null, 100 + step);
      g[0].fit(ds);
      g[1].fit(ds);
    }
    assertClose("parameters after 5 Adam steps", g[0].params(), g[1].params());
  }

  @Test
  void survivesModelSerializerRoundTrip() throws Exception {
    ComputationGraph fused = graph(Kind.FUSED, RNNFormat.NCW, true, Head.EVERY_STEP, 8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(fused, bytes, true);
    ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);

    assertThat(back.getConfiguration().toJson()).contains(FusedLstm.class.getName());
    assertThat(back.getConfiguration()).isEqualTo(fused.getConfiguration());
    assertThat(LstmConversion.dl4jLstmCount(back)).as("only the DL4J layer 'pre'").isEqualTo(1);
    MultiDataSet ds = data(4, 8, RNNFormat.NCW, Head.EVERY_STEP, null, 9);
    assertClose("restored output", fused.output(ds.getFeatures())[0], back.output(ds.getFeatures())[0]);
    assertThat(back.getUpdater().getStateViewArray()).isEqualTo(fused.getUpdater().getStateViewArray());
  }

  @Test
  void modelsSavedWithDl4jLstmLoadAndConvertWithoutChangingPredictions() throws Exception {
    ComputationGraph old = graph(Kind.DL4J, RNNFormat.NCW, false, Head.LAST_STEP, 10);
    old.fit(data(16, 10, RNNFormat.NCW, Head.LAST_STEP, null, 3));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(old, bytes, false);
    ComputationGraph loaded = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
    assertThat(LstmConversion.dl4jLstmCount(loaded)).as("'pre' and 'lstm'").isEqualTo(2);

    ComputationGraph fused = LstmConversion.toFused(loaded);
    assertThat(LstmConversion.dl4jLstmCount(fused)).isZero();
    assertThat(fused.getLayer("lstm")).isInstanceOf(FusedLstmLayer.class);
    INDArray x = data(7, 10, RNNFormat.NCW, Head.LAST_STEP, null, 4).getFeatures(0);
    INDArray expected = old.output(x)[0];
    assertClose("loaded model's predictions", expected, loaded.output(x)[0]);
    assertClose("converted model's predictions", expected, fused.output(x)[0]);
    assertClose("converted back", expected, LstmConversion.toDl4j(fused).output(x)[0]);
  }

  @Test
  void maskPlanFindsOneBlockPerRowOrRefuses() {
    INDArray m = Nd4j.createFromArray(new float[][] {{1, 1, 0, 0}, {0, 1, 1, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}});
    FusedLstmLayer.MaskPlan plan = FusedLstmLayer.MaskPlan.of(m, 2);
    assertThat(plan.starts()).containsExactly(0, 1, 4, 0);
    assertThat(plan.lengths()).containsExactly(2, 3, 0, 4);
    assertThat(plan.shifted()).isTrue();
    assertThat(FusedLstmLayer.MaskPlan.of(Nd4j.ones(DataType.FLOAT, 3, 4), 2).mask()).isNull();
    assertThat(FusedLstmLayer.MaskPlan.of(Nd4j.createFromArray(new float[][] {{1, 0, 1}}), 2)).isNull();
    assertThat(FusedLstmLayer.MaskPlan.of(Nd4j.createFromArray(new float[][] {{1, 0.5f, 0}}), 2)).isNull();
  }
}
