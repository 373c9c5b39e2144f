package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgplatform.training.data.BeatBatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-beat network's convolutions ({@link ReusingConvolution1D}) compute DL4J's own layer's
 * function and gradients without recomputing the convolution in the backward pass, by products
 * over the kernel's taps ({@link TapConvolution}).
 */
class ReusingConvolutionTest {

  /**
   * A copy of {@code graph} with the same parameters, each layer that {@code dl4j} maps to another
   * (else null) replaced; {@code expected} layers must be.
   */
  static ComputationGraph withLayersReplaced(ComputationGraph graph, UnaryOperator<Layer> dl4j, int expected) {
    ComputationGraphConfiguration conf = graph.getConfiguration().clone();
    int swapped = 0;
    for (GraphVertex v : conf.getVertices().values()) {
      Layer replacement = v instanceof LayerVertex lv ? dl4j.apply(lv.getLayerConf().getLayer()) : null;
      if (replacement != null) {
        ((LayerVertex) v).getLayerConf().setLayer(replacement);
        swapped++;
      }
    }
    assertThat(swapped).as("replaced layers of the network").isEqualTo(expected);
    ComputationGraph copy = new ComputationGraph(conf);
    copy.init(graph.params().dup(), false);
    return copy;
  }

  /** A copy of {@code graph} with DL4J's own convolution layers and the same parameters. */
  private static ComputationGraph withDl4jConvolutions(ComputationGraph graph) {
    return withLayersReplaced(graph, l -> l instanceof ReusingConvolution1D r ? r.toDl4j() : null, 2);
  }

  private static MultiDataSet batch(NetworkConfig cfg, int n, long seed) {
    Normalizer norm = BeatModelTest.metadata(cfg).normalizer();
    return BeatBatcher.toMultiDataSet(LstmImplementationTest.beats(n, cfg, seed), norm, cfg.windowSamples(), cfg.classCount());
  }

  private static void gradients(ComputationGraph g, MultiDataSet batch) {
    g.setInputs(batch.getFeatures());
    g.setLabels(batch.getLabels());
    g.computeGradientAndScore();
  }

  @Test
  void perBeatNetworkUsesItWithoutTheDataGradient() {
    ComputationGraph graph = BeatNetwork.build(BeatModelTest.smallConfig(), null);
    assertThat(graph.getLayer("conv1")).isInstanceOf(ReusingConvolution1DLayer.class);
    assertThat(graph.getLayer("conv2")).isInstanceOf(ReusingConvolution1DLayer.class);
    assertThat(((ReusingConvolution1D) graph.getLayer("conv1").conf().getLayer()).isInputGradient()).isFalse();
    assertThat(((ReusingConvolution1D) graph.getLayer("conv2").conf().getLayer()).isInputGradient()).isTrue();
  }

  @Test
  void gradientsAndTrainingMatchDl4jsLayer() {
    NetworkConfig cfg = BeatModelTest.smallConfig();
    ComputationGraph reusing = BeatNetwork.build(cfg, new double[] {1, 2, 3, 4, 5});
    ComputationGraph dl4j = withDl4jConvolutions(reusing);
    assertThat(dl4j.getLayer("conv1")).isNotInstanceOf(ReusingConvolution1DLayer.class);

    MultiDataSet first = batch(cfg, 48, 1);
    long reused = ReusingConvolution1DLayer.REUSED.get();
    gradients(reusing, first);
    gradients(dl4j, first);
    assertThat(ReusingConvolution1DLayer.REUSED.get() - reused).as("backward passes that reused the output, by products")
        .isEqualTo(2);
    assertThat(reusing.score()).isEqualTo(dl4j.score());
    Map<String, INDArray> expected = dl4j.gradient().gradientForVariable();
    assertThat(expected).containsKeys("conv1_W", "conv1_b", "conv2_W", "conv2_b");
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      INDArray actual = reusing.gradient().getGradientFor(e.getKey());
      if (e.getKey().startsWith("conv1_")) {
        // conv1's gradient comes through conv2's input gradient, summed in another order
        FusedLstmTest.assertClose("gradient " + e.getKey(), e.getValue(), actual);
      } else {
        assertThat(actual).as("gradient " + e.getKey() + ", bit for bit").isEqualTo(e.getValue());
      }
    }

    for (int step = 0; step < 4; step++) {
      MultiDataSet b = batch(cfg, 32, 10 + step);
      reusing.fit(b);
      dl4j.fit(b);
    }
    FusedLstmTest.assertClose("parameters after 4 Adam steps", dl4j.params(), reusing.params());
    INDArray probe = batch(cfg, 8, 99).getFeatures(0);
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    assertThat(reusing.getLayer("conv1").activate(probe, false, none))
        .as("the forward pass is DL4J's").isEqualTo(dl4j.getLayer("conv1").activate(probe, false, none));
  }

  /**
   * The products against libnd4j's op on one layer, with and without the input gradient, several
   * shapes; a strided layer or an even kernel runs DL4J's own backward pass.
   */
  @ParameterizedTest
  @CsvSource({"2, 16, 7, 1, 64, true", "16, 32, 5, 1, 32, true", "3, 4, 1, 1, 9, true", "4, 6, 3, 1, 2, true",
      "2, 8, 7, 2, 64, false", "3, 5, 4, 1, 17, false"})
  void oneLayerMatchesDl4jsBackwardPass(int nIn, int nOut, int kernel, int stride, int length, boolean byProducts) {
    Convolution1DLayer plain = new Convolution1DLayer.Builder(kernel).stride(stride).nIn(nIn).nOut(nOut)
        .convolutionMode(ConvolutionMode.Same).rnnDataFormat(RNNFormat.NCW).activation(Activation.RELU).build();
    INDArray x = Nd4j.randn(DataType.FLOAT, 5, nIn, length);
    INDArray eps = Nd4j.randn(DataType.FLOAT, 5, nOut, (length + stride - 1) / stride);
    Pair<Gradient, INDArray> expected = backward(plain, x, eps);
    long reused = ReusingConvolution1DLayer.REUSED.get();
    Pair<Gradient, INDArray> actual = backward(ReusingConvolution1D.of(plain), x, eps);
    assertThat(ReusingConvolution1DLayer.REUSED.get() - reused).as("computed by products (else by DL4J's backward pass)")
        .isEqualTo(byProducts ? 1 : 0);
    for (String p : new String[] {"W", "b"}) {
      assertThat(actual.getFirst().getGradientFor(p)).as(p).isEqualTo(expected.getFirst().getGradientFor(p));
    }
    FusedLstmTest.assertClose("input gradient", expected.getSecond(), actual.getSecond());
    Pair<Gradient, INDArray> skipped = backward(ReusingConvolution1D.of(plain).withInputGradient(false), x, eps);
    assertThat(skipped.getFirst().getGradientFor("W")).isEqualTo(expected.getFirst().getGradientFor("W"));
    if (byProducts) {
      assertThat(skipped.getSecond().amaxNumber().doubleValue()).as("input gradient not computed").isZero();
    } else {
      assertThat(skipped.getSecond()).as("DL4J's backward pass computes it anyway").isEqualTo(expected.getSecond());
    }
  }

  /** One layer's forward pass in training mode and backward pass, on the same initial parameters. */
  private static Pair<Gradient, INDArray> backward(Convolution1DLayer conf, INDArray x, INDArray eps) {
    ComputationGraph g = new ComputationGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3)
        .graphBuilder().addInputs("in").addLayer("conv", conf, "in")
        .addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nIn(conf.getNOut()).nOut(2)
            .activation(Activation.SOFTMAX).build(), "conv")
        .setOutputs("out").build());
    g.init();
    g.initGradientsView();
    org.deeplearning4j.nn.api.Layer layer = g.getLayer("conv");
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    layer.activate(x, true, none);
    Pair<Gradient, INDArray> r = layer.backpropGradient(eps, none);
    return new Pair<>(copy(r.getFirst()), r.getSecond().dup());
  }

  private static Gradient copy(Gradient g) {
    Gradient c = new org.deeplearning4j.nn.gradient.DefaultGradient();
    g.gradientForVariable().forEach((k, v) -> c.setGradientFor(k, v.dup()));
    return c;
  }

  @Test
  void otherActivationsAndStaleOutputsFallBackToDl4jsBackwardPass() {
    Convolution1DLayer tanh = new Convolution1DLayer.Builder(5).nIn(2).nOut(4)
        .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH).build();
    ReusingConvolution1D conf = ReusingConvolution1D.of(tanh);
    assertThat(conf.toDl4j()).isEqualTo(tanh);
    assertThat((Object) conf).isNotEqualTo(tanh);
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 20);
    long before = ReusingConvolution1DLayer.REUSED.get();
    Pair<Gradient, INDArray> expected = backward(tanh, x, Nd4j.onesLike(Nd4j.create(DataType.FLOAT, 3, 4, 20)));
    Pair<Gradient, INDArray> actual = backward(conf, x, Nd4j.onesLike(Nd4j.create(DataType.FLOAT, 3, 4, 20)));
    assertThat(ReusingConvolution1DLayer.REUSED.get()).as("tanh: DL4J's backward pass").isEqualTo(before);
    assertThat(actual.getFirst().getGradientFor("W")).isEqualTo(expected.getFirst().getGradientFor("W"));

    NetworkConfig cfg = BeatModelTest.smallConfig();
    ComputationGraph graph = BeatNetwork.build(cfg, null);
    MultiDataSet b = batch(cfg, 16, 3);
    graph.initGradientsView();
    ReusingConvolution1DLayer conv1 = (ReusingConvolution1DLayer) graph.getLayer("conv1");
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    INDArray out = conv1.activate(b.getFeatures(0), false, none);
    Pair<Gradient, INDArray> g = conv1.backpropGradient(Nd4j.onesLike(out), none);
    assertThat(ReusingConvolution1DLayer.REUSED.get()).as("no training forward pass: recomputed").isEqualTo(before);
    assertThat(g.getSecond().shape()).isEqualTo(b.getFeatures(0).shape());
  }

  @Test
  void savedModelsKeepTheLayerAndItsSetting() throws Exception {
    ComputationGraph graph = BeatNetwork.build(BeatModelTest.smallConfig(), null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(graph, bytes, false);
    ComputationGraph loaded = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
    assertThat(loaded.getLayer("conv1")).isInstanceOf(ReusingConvolution1DLayer.class);
    assertThat(((ReusingConvolution1D) loaded.getLayer("conv1").conf().getLayer()).isInputGradient()).isFalse();
    assertThat(loaded.getConfiguration()).isEqualTo(graph.getConfiguration());
    assertThat(loaded.params()).isEqualTo(graph.params());
  }
}
