package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgplatform.training.bench.ConvolutionBackwardBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sequence network's convolutions ({@link RowConvolution}: 1 × k kernels over every beat's
 * window) compute DL4J's own {@code ConvolutionLayer}'s function and gradients by products over the
 * kernel's taps ({@link TapConvolution}), without im2col, the recomputation in the backward pass or
 * col2im.
 */
class RowConvolutionTest {

  private static NetworkConfig config(SequenceDirection direction, BeatEncoder encoder) {
    return BeatModelTest.smallConfig().asSequence(direction, 8, 2, 2).withBeatEncoder(encoder);
  }

  /** A copy of {@code graph} with DL4J's own convolution layers and the same parameters. */
  private static ComputationGraph withDl4jConvolutions(ComputationGraph graph) {
    return ReusingConvolutionTest.withLayersReplaced(graph, l -> l instanceof RowConvolution r ? r.toDl4j() : null, 2);
  }

  @Test
  void sequenceNetworkUsesItWithoutTheDataGradient() {
    ComputationGraph graph = SequenceNetwork.build(config(SequenceDirection.CAUSAL, BeatEncoder.FLAT), null);
    assertThat(graph.getLayer("conv1")).isInstanceOf(RowConvolutionLayer.class);
    assertThat(graph.getLayer("conv2")).isInstanceOf(RowConvolutionLayer.class);
    assertThat(((RowConvolution) graph.getLayer("conv1").conf().getLayer()).isInputGradient()).isFalse();
    assertThat(((RowConvolution) graph.getLayer("conv2").conf().getLayer()).isInputGradient()).isTrue();
    assertThat(((RowConvolution) graph.getLayer("conv1").conf().getLayer()).getStride()).containsExactly(1, 2);
  }

  /**
   * A padded minibatch (sequences of 8, 5 and 1 beats), both encoders and directions: the loss, every
   * gradient, four Adam steps on minibatches of other sizes (the layer's buffers are made anew) and
   * the scores (inference workspaces) follow the same network with DL4J's layers.
   */
  @ParameterizedTest
  @CsvSource({"CAUSAL, FLAT", "BIDIRECTIONAL, FLAT", "CAUSAL, LSTM", "BIDIRECTIONAL, LSTM"})
  void gradientsTrainingAndScoresMatchDl4jsLayer(SequenceDirection direction, BeatEncoder encoder) {
    NetworkConfig cfg = config(direction, encoder);
    ComputationGraph rows = SequenceNetwork.build(cfg, new double[] {1, 2, 3, 4, 5});
    ComputationGraph dl4j = withDl4jConvolutions(rows);
    assertThat(dl4j.getLayer("conv1")).isNotInstanceOf(RowConvolutionLayer.class);

    MultiDataSet first = SequenceLstmTest.batch(cfg, new int[] {8, 5, 1}, 1);
    long forward = RowConvolutionLayer.FORWARD.get();
    long backward = RowConvolutionLayer.BACKWARD.get();
    double[] score = new double[2];
    Map<String, INDArray> actual = SequenceLstmTest.gradients(rows, first, score);
    Map<String, INDArray> expected = SequenceLstmTest.gradients(dl4j, first, new double[1]);
    assertThat(RowConvolutionLayer.FORWARD.get() - forward).as("forward passes by products").isEqualTo(2);
    assertThat(RowConvolutionLayer.BACKWARD.get() - backward).as("backward passes by products").isEqualTo(2);
    assertThat(expected).containsKeys("conv1_W", "conv1_b", "conv2_W", "conv2_b");
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      FusedLstmTest.assertClose("gradient " + e.getKey(), e.getValue(), actual.get(e.getKey()));
    }

    for (int step = 0; step < 4; step++) {
      MultiDataSet b = SequenceLstmTest.batch(cfg, step % 2 == 0 ? new int[] {8, 8} : new int[] {6, 8, 3, 2}, 10 + step);
      rows.fit(b);
      dl4j.fit(b);
    }
    FusedLstmTest.assertClose("parameters after 4 Adam steps", dl4j.params(), rows.params());
    rows.clear(); // the last minibatch's labels, whose size DL4J's preprocessors would read
    dl4j.clear();
    MultiDataSet probe = SequenceLstmTest.batch(cfg, new int[] {8, 3}, 99);
    FusedLstmTest.assertClose("scores", SequenceLstmTest.output(dl4j, probe), SequenceLstmTest.output(rows, probe));
  }

  /**
   * One layer against DL4J's on the same parameters: output, gradients and the input gradient, with
   * strides, kernels longer than the window and even kernels; without the input gradient it returns 0.
   */
  @ParameterizedTest
  @CsvSource({"2, 16, 7, 2, 64", "16, 32, 5, 1, 32", "3, 4, 1, 1, 9", "4, 6, 3, 1, 2", "2, 8, 7, 3, 50",
      "3, 5, 4, 1, 17", "3, 5, 4, 2, 17", "2, 3, 9, 2, 5"})
  void oneLayerMatchesDl4jsLayer(int nIn, int nOut, int kernel, int stride, int length) {
    ConvolutionLayer plain = new ConvolutionLayer.Builder(new int[] {1, kernel}, new int[] {1, stride}).nIn(nIn).nOut(nOut)
        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build();
    Nd4j.getRandom().setSeed(kernel * 100 + length);
    INDArray x = Nd4j.randn(DataType.FLOAT, 5, nIn, 1, length);
    INDArray eps = Nd4j.randn(DataType.FLOAT, 5, nOut, 1, (length + stride - 1) / stride);
    Pass expected = pass(plain, x, eps);
    long forward = RowConvolutionLayer.FORWARD.get();
    long backward = RowConvolutionLayer.BACKWARD.get();
    Pass actual = pass(RowConvolution.of(plain), x, eps);
    assertThat(RowConvolutionLayer.FORWARD.get() - forward).as("forward passes by products").isEqualTo(2);
    assertThat(RowConvolutionLayer.BACKWARD.get() - backward).as("backward passes by products").isEqualTo(1);
    FusedLstmTest.assertClose("output", expected.output, actual.output);
    FusedLstmTest.assertClose("scoring output", expected.scored, actual.scored);
    for (String p : new String[] {"W", "b"}) {
      FusedLstmTest.assertClose(p, expected.gradient.getGradientFor(p), actual.gradient.getGradientFor(p));
    }
    FusedLstmTest.assertClose("input gradient", expected.inputGradient, actual.inputGradient);
    Pass skipped = pass(RowConvolution.of(plain).withInputGradient(false), x, eps);
    FusedLstmTest.assertClose("W without the input gradient", expected.gradient.getGradientFor("W"),
        skipped.gradient.getGradientFor("W"));
    assertThat(skipped.inputGradient.amaxNumber().doubleValue()).as("input gradient not computed").isZero();
  }

  private record Pass(INDArray output, INDArray scored, Gradient gradient, INDArray inputGradient) {}

  /** One layer's forward pass in training mode, its backward pass, then a scoring pass, on the same initial parameters. */
  private static Pass pass(ConvolutionLayer conf, INDArray x, INDArray eps) {
    Layer layer = layer(conf, x.size(1), x.size(3));
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    INDArray out = layer.activate(x, true, none).dup();
    Pair<Gradient, INDArray> r = layer.backpropGradient(eps, none);
    Gradient g = new DefaultGradient();
    r.getFirst().gradientForVariable().forEach((k, v) -> g.setGradientFor(k, v.dup()));
    INDArray inputGradient = r.getSecond().dup();
    return new Pass(out, layer.activate(x, false, none).dup(), g, inputGradient);
  }

  private static Layer layer(ConvolutionLayer conf, long channels, long length) {
    return ConvolutionBackwardBenchmark.rowLayer(conf, channels, length);
  }

  /**
   * DL4J's own passes where the products do not apply (another activation, a kernel taller than
   * one row) or where the kept forward pass is not the backward pass's (a scoring pass ran on other
   * input since): the results are DL4J's.
   */
  @Test
  void otherLayersAndStaleForwardPassesRunDl4jsPasses() {
    ConvolutionLayer tanh = new ConvolutionLayer.Builder(new int[] {1, 5}).nIn(2).nOut(4)
        .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH).build();
    ConvolutionLayer tall = new ConvolutionLayer.Builder(new int[] {3, 3}).nIn(2).nOut(4)
        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build();
    RowConvolution conf = RowConvolution.of(tanh);
    assertThat(conf.toDl4j()).isEqualTo(tanh);
    assertThat((Object) conf).isNotEqualTo(tanh);
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 1, 20);
    INDArray eps = Nd4j.randn(DataType.FLOAT, 3, 4, 1, 20);
    long forward = RowConvolutionLayer.FORWARD.get();
    long backward = RowConvolutionLayer.BACKWARD.get();
    Pass expected = pass(tanh, x, eps);
    Pass actual = pass(conf, x, eps);
    assertThat(actual.output).isEqualTo(expected.output);
    assertThat(actual.gradient.getGradientFor("W")).isEqualTo(expected.gradient.getGradientFor("W"));
    INDArray square = Nd4j.randn(DataType.FLOAT, 3, 2, 4, 20);
    INDArray squareEps = Nd4j.randn(DataType.FLOAT, 3, 4, 4, 20);
    assertThat(pass(RowConvolution.of(tall), square, squareEps).inputGradient)
        .isEqualTo(pass(tall, square, squareEps).inputGradient);
    assertThat(RowConvolutionLayer.FORWARD.get()).as("tanh, 3 x 3: DL4J's forward passes").isEqualTo(forward);
    assertThat(RowConvolutionLayer.BACKWARD.get()).as("tanh, 3 x 3: DL4J's backward passes").isEqualTo(backward);

    ConvolutionLayer relu = new ConvolutionLayer.Builder(new int[] {1, 5}).nIn(2).nOut(4)
        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build();
    Layer plain = layer(relu, 2, 20);
    Layer rows = layer(RowConvolution.of(relu), 2, 20);
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    INDArray other = Nd4j.randn(DataType.FLOAT, 3, 2, 1, 20);
    for (Layer l : new Layer[] {plain, rows}) {
      l.activate(x, true, none);
      l.activate(other, false, none);
    }
    backward = RowConvolutionLayer.BACKWARD.get();
    INDArray stale = rows.backpropGradient(eps, none).getSecond().dup();
    assertThat(RowConvolutionLayer.BACKWARD.get()).as("after a pass on other input: DL4J's backward pass").isEqualTo(backward);
    assertThat(stale).isEqualTo(plain.backpropGradient(eps, none).getSecond());
  }

  @ParameterizedTest
  @EnumSource(BeatEncoder.class)
  void savedModelsKeepTheLayerAndItsSetting(BeatEncoder encoder) throws Exception {
    ComputationGraph graph = SequenceNetwork.build(config(SequenceDirection.CAUSAL, encoder), null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(graph, bytes, false);
    ComputationGraph loaded = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
    assertThat(loaded.getLayer("conv1")).isInstanceOf(RowConvolutionLayer.class);
    assertThat(((RowConvolution) loaded.getLayer("conv1").conf().getLayer()).isInputGradient()).isFalse();
    assertThat(loaded.getConfiguration()).isEqualTo(graph.getConfiguration());
    assertThat(loaded.params()).isEqualTo(graph.params());
  }
}
