package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
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
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Both networks' max pooling ({@link RowMaxPooling} on the sequence network's rows [n, C, 1, W],
 * {@link SeriesMaxPooling} on the per-beat network's series [n, C, W]) computes DL4J's own layers'
 * output and input gradient, bit for bit, in Java loops ({@link MaxPooling}) instead of libnd4j's
 * ops; graphs written with DL4J's layers are rewired on loading.
 */
class MaxPoolingTest {

  /** Rows [n, C, 1, W] (the sequence network) or series [n, C, W] (the per-beat network). */
  enum Shape {
    ROWS, SERIES;

    SubsamplingLayer dl4j(PoolingType type, int p, ConvolutionMode mode) {
      // (the 1-D builder's constructor leaves the type at MAX; poolingType sets it)
      return this == ROWS ? new SubsamplingLayer.Builder(type).kernelSize(1, p).stride(1, p).convolutionMode(mode).build()
          : new Subsampling1DLayer.Builder(type).poolingType(type).kernelSize(p).stride(p).convolutionMode(mode).build();
    }

    SubsamplingLayer java(SubsamplingLayer dl4j) {
      return this == ROWS ? RowMaxPooling.of(dl4j) : SeriesMaxPooling.of((Subsampling1DLayer) dl4j);
    }

    AtomicLong forward() {
      return this == ROWS ? RowMaxPoolingLayer.FORWARD : SeriesMaxPoolingLayer.FORWARD;
    }

    AtomicLong backward() {
      return this == ROWS ? RowMaxPoolingLayer.BACKWARD : SeriesMaxPoolingLayer.BACKWARD;
    }

    long[] shape(long n, long channels, long length) {
      return this == ROWS ? new long[] {n, channels, 1, length} : new long[] {n, channels, length};
    }

    /** The layer inside a one-layer graph. */
    Layer layer(SubsamplingLayer conf, long channels, long length) {
      NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(3);
      ComputationGraph g = this == ROWS
          ? new ComputationGraph(b.graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(1, length, channels))
              .addLayer("pool", conf, "in")
              .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "pool")
              .setOutputs("out").build())
          : new ComputationGraph(b.graphBuilder().addInputs("in")
              .setInputTypes(InputType.recurrent(channels, length, RNNFormat.NCW)).addLayer("pool", conf, "in")
              .addLayer("out", new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "pool")
              .setOutputs("out").build());
      g.init();
      return g.getLayer("pool");
    }
  }

  private record Pass(INDArray output, INDArray scored, INDArray inputGradient) {}

  /** A training forward pass, its backward pass, then a scoring pass. */
  private static Pass pass(Shape shape, SubsamplingLayer conf, INDArray x, INDArray eps, INDArray mask) {
    Layer layer = shape.layer(conf, x.size(1), x.size(x.rank() - 1));
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    layer.setMaskArray(mask);
    INDArray out = layer.activate(x, true, none).dup();
    long[] inputShape = x.shape().clone();
    Pair<?, INDArray> r = layer.backpropGradient(eps, none);
    assertThat(x.shape()).as("the input's shape after the passes").containsExactly(inputShape);
    assertThat(r.getSecond().shape()).containsExactly(inputShape);
    INDArray inputGradient = r.getSecond().dup();
    return new Pass(out, layer.activate(x, false, none).dup(), inputGradient);
  }

  /**
   * Input after a ReLU (a third of it exactly 0, so windows with equal largest values, where the
   * gradient must go to the first, as in libnd4j), windows of 1 to 4 samples, in both padding modes,
   * and a view into a larger array as input: DL4J's values exactly.
   */
  @ParameterizedTest
  @CsvSource({"ROWS, 16, 128, 2, Same", "ROWS, 32, 64, 2, Truncate", "ROWS, 3, 12, 3, Same", "ROWS, 2, 8, 4, Truncate",
      "ROWS, 4, 10, 1, Same", "ROWS, 1, 2, 2, Same", "SERIES, 16, 128, 2, Same", "SERIES, 32, 64, 2, Truncate",
      "SERIES, 3, 12, 3, Same", "SERIES, 4, 10, 1, Truncate"})
  void matchesDl4jsLayerBitForBit(Shape shape, int channels, int length, int p, ConvolutionMode mode) {
    Nd4j.getRandom().setSeed(channels * 100L + length + p);
    INDArray x = Transforms.relu(Nd4j.randn(DataType.FLOAT, shape.shape(5, channels, length)).subi(0.4), false);
    INDArray eps = Nd4j.randn(DataType.FLOAT, shape.shape(5, channels, length / p));
    SubsamplingLayer dl4j = shape.dl4j(PoolingType.MAX, p, mode);
    Pass expected = pass(shape, dl4j, x, eps, null);
    long forward = shape.forward().get();
    long backward = shape.backward().get();
    Pass actual = pass(shape, shape.java(dl4j), x, eps, null);
    assertThat(shape.forward().get() - forward).as("forward passes in Java").isEqualTo(2);
    assertThat(shape.backward().get() - backward).as("backward passes in Java").isEqualTo(1);
    assertThat(actual.output()).isEqualTo(expected.output());
    assertThat(actual.scored()).isEqualTo(expected.scored());
    assertThat(actual.inputGradient()).isEqualTo(expected.inputGradient());

    INDArray larger = Nd4j.zeros(DataType.FLOAT, shape.shape(8, channels, length)).subi(1);
    INDArrayIndex[] rows = new INDArrayIndex[x.rank()];
    rows[0] = NDArrayIndex.interval(2, 7);
    for (int d = 1; d < rows.length; d++) {
      rows[d] = NDArrayIndex.all();
    }
    INDArray view = larger.get(rows);
    view.assign(x);
    assertThat(view.offset()).as("a view with an offset").isPositive();
    Pass fromView = pass(shape, shape.java(dl4j), view, eps, null);
    assertThat(fromView.output()).isEqualTo(expected.output());
    assertThat(fromView.inputGradient()).isEqualTo(expected.inputGradient());
  }

  /**
   * Average pooling, a length that the window does not divide (the modes pad differently), and a
   * masked series: DL4J's own passes, and its results.
   */
  @ParameterizedTest
  @CsvSource({"ROWS, AVG, 2, 12, Same, false", "ROWS, MAX, 2, 13, Same, false", "ROWS, MAX, 3, 13, Truncate, false",
      "SERIES, AVG, 2, 12, Same, false", "SERIES, MAX, 2, 13, Same, false", "SERIES, MAX, 2, 12, Same, true"})
  void otherLayersRunDl4jsPasses(Shape shape, PoolingType type, int p, int length, ConvolutionMode mode, boolean masked) {
    SubsamplingLayer dl4j = shape.dl4j(type, p, mode);
    Nd4j.getRandom().setSeed(length);
    INDArray x = Nd4j.randn(DataType.FLOAT, shape.shape(3, 2, length));
    INDArray mask = masked ? Nd4j.ones(DataType.FLOAT, 3, length) : null;
    if (masked) {
      mask.get(NDArrayIndex.point(1), NDArrayIndex.interval(8, length)).assign(0);
    }
    Layer probe = shape.layer(dl4j, 2, length);
    probe.setMaskArray(mask);
    INDArray eps = Nd4j.randn(DataType.FLOAT, probe.activate(x, false, LayerWorkspaceMgr.noWorkspaces()).shape());
    long forward = shape.forward().get();
    long backward = shape.backward().get();
    Pass actual = pass(shape, shape.java(dl4j), x, eps, mask);
    assertThat(shape.forward().get()).as("DL4J's forward passes").isEqualTo(forward);
    assertThat(shape.backward().get()).as("DL4J's backward passes").isEqualTo(backward);
    Pass expected = pass(shape, dl4j, x, eps, mask);
    assertThat(actual.output()).isEqualTo(expected.output());
    assertThat(actual.inputGradient()).isEqualTo(expected.inputGradient());
  }

  private static ComputationGraph withDl4jPooling(ComputationGraph graph) {
    return ReusingConvolutionTest.withLayersReplaced(graph,
        l -> l instanceof RowMaxPooling r ? r.toDl4j() : l instanceof SeriesMaxPooling s ? s.toDl4j() : null, 2);
  }

  private static ComputationGraph roundTrip(ComputationGraph graph) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(graph, bytes, false);
    return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
  }

  /**
   * The same loss and gradients on {@code first} (both pooling layers' backward passes in Java in
   * {@code java}), then the same parameters after fitting {@code steps}, bit for bit.
   */
  private static void assertTrainsAlike(ComputationGraph java, ComputationGraph dl4j, MultiDataSet first,
      List<MultiDataSet> steps, AtomicLong javaBackward) {
    long backward = javaBackward.get();
    double[] javaScore = new double[1];
    double[] dl4jScore = new double[1];
    Map<String, INDArray> actual = SequenceLstmTest.gradients(java, first, javaScore);
    Map<String, INDArray> expected = SequenceLstmTest.gradients(dl4j, first, dl4jScore);
    assertThat(javaBackward.get() - backward).as("backward passes in Java").isEqualTo(2);
    assertThat(javaScore[0]).isEqualTo(dl4jScore[0]);
    assertThat(actual).isEqualTo(expected);
    for (MultiDataSet b : steps) {
      java.fit(b);
      dl4j.fit(b);
    }
    assertThat(java.params()).isEqualTo(dl4j.params());
  }

  /**
   * The whole sequence network on a padded minibatch (both directions, both encoders): the same
   * loss, gradients, four Adam steps and scores as with DL4J's pooling layers, bit for bit; the
   * graph written with DL4J's layers is rewired and scores the same.
   */
  @ParameterizedTest
  @CsvSource({"CAUSAL, FLAT", "BIDIRECTIONAL, FLAT", "CAUSAL, LSTM"})
  void sequenceNetworkTrainsAndScoresAsWithDl4jsPooling(SequenceDirection direction, BeatEncoder encoder) throws Exception {
    NetworkConfig cfg = BeatModelTest.smallConfig().asSequence(direction, 8, 2, 2).withBeatEncoder(encoder);
    ComputationGraph java = SequenceNetwork.build(cfg, new double[] {1, 2, 3, 4, 5});
    assertThat(java.getLayer("pool1")).isInstanceOf(RowMaxPoolingLayer.class);
    assertThat(java.getLayer("pool2")).isInstanceOf(RowMaxPoolingLayer.class);
    ComputationGraph dl4j = withDl4jPooling(java);
    assertThat(dl4j.getLayer("pool1")).isNotInstanceOf(RowMaxPoolingLayer.class);

    List<MultiDataSet> steps = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      steps.add(SequenceLstmTest.batch(cfg, step % 2 == 0 ? new int[] {8, 8} : new int[] {6, 8, 3, 2}, 10 + step));
    }
    assertTrainsAlike(java, dl4j, SequenceLstmTest.batch(cfg, new int[] {8, 5, 1}, 1), steps, RowMaxPoolingLayer.BACKWARD);
    java.clear();
    dl4j.clear();
    MultiDataSet probe = SequenceLstmTest.batch(cfg, new int[] {8, 3}, 99);
    assertThat(SequenceLstmTest.output(java, probe)).isEqualTo(SequenceLstmTest.output(dl4j, probe));

    ComputationGraph before = roundTrip(dl4j);
    assertThat(before.getLayer("pool1")).isNotInstanceOf(RowMaxPoolingLayer.class);
    ComputationGraph rewired = BeatModel.upToDate(before);
    assertThat(rewired.getLayer("pool1")).isInstanceOf(RowMaxPoolingLayer.class);
    assertThat(rewired.getLayer("pool2")).isInstanceOf(RowMaxPoolingLayer.class);
    assertThat(rewired.getConfiguration().toJson())
        .isEqualTo(SequenceNetwork.build(cfg, new double[] {1, 2, 3, 4, 5}).getConfiguration().toJson());
    assertThat(SequenceLstmTest.output(rewired, probe)).isEqualTo(SequenceLstmTest.output(dl4j, probe));
  }

  private static MultiDataSet perBeatBatch(NetworkConfig cfg, int n, long seed) {
    return BeatBatcher.toMultiDataSet(LstmImplementationTest.beats(n, cfg, seed), BeatModelTest.metadata(cfg).normalizer(),
        cfg.windowSamples(), cfg.classCount());
  }

  /** The per-beat network likewise: the same gradients, four Adam steps and scores; old graphs rewired. */
  @Test
  void perBeatNetworkTrainsAndScoresAsWithDl4jsPooling() throws Exception {
    NetworkConfig cfg = BeatModelTest.smallConfig();
    ComputationGraph java = BeatNetwork.build(cfg, new double[] {1, 2, 3, 4, 5});
    assertThat(java.getLayer("pool1")).isInstanceOf(SeriesMaxPoolingLayer.class);
    assertThat(java.getLayer("pool2")).isInstanceOf(SeriesMaxPoolingLayer.class);
    ComputationGraph dl4j = withDl4jPooling(java);
    assertThat(dl4j.getLayer("pool1")).isNotInstanceOf(SeriesMaxPoolingLayer.class);

    List<MultiDataSet> steps = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      steps.add(perBeatBatch(cfg, 5 + step, 10 + step));
    }
    assertTrainsAlike(java, dl4j, perBeatBatch(cfg, 7, 1), steps, SeriesMaxPoolingLayer.BACKWARD);
    MultiDataSet probe = perBeatBatch(cfg, 6, 99);
    assertThat(java.output(probe.getFeatures())[0]).isEqualTo(dl4j.output(probe.getFeatures())[0]);

    ComputationGraph rewired = BeatModel.upToDate(roundTrip(dl4j));
    assertThat(rewired.getLayer("pool1")).isInstanceOf(SeriesMaxPoolingLayer.class);
    assertThat(rewired.getConfiguration().toJson())
        .isEqualTo(BeatNetwork.build(cfg, new double[] {1, 2, 3, 4, 5}).getConfiguration().toJson());
    assertThat(rewired.output(probe.getFeatures())[0]).isEqualTo(dl4j.output(probe.getFeatures())[0]);
  }

  /**
   * The backward pass's pair rule at the bit level, for every kind of pair: the second value takes
   * the gradient only when it is strictly larger (ties, 0 against -0 and pairs with NaN give it to
   * the first, as the comparison does), the other value gets +0, and the gradient's own bits pass
   * unchanged (-0, NaN, infinity); pairs beyond one chunk of the loop too.
   */
  @Test
  void backwardGivesEachPairsGradientToItsFirstLargestValueBitForBit() {
    float nan = Float.intBitsToFloat(0x7fc00123);
    float negativeNan = Float.intBitsToFloat(0xffc00456);
    float[][] pairs = {{1, 2}, {2, 1}, {0, 0}, {-0f, 0f}, {0f, -0f}, {nan, 1}, {1, nan}, {1, negativeNan}, {-3, -3},
        {Float.NEGATIVE_INFINITY, -1e30f}, {Float.MIN_VALUE, 0}, {0, Float.MIN_VALUE}};
    float[] gradients = {0.5f, -0f, nan, Float.POSITIVE_INFINITY, -2.25f, 7f, -1e-40f, 3f, 4f, 5f, 6f, 8f};
    int cells = 5003; // more than the loop's chunk of 2048 pairs
    java.nio.FloatBuffer x = java.nio.FloatBuffer.allocate(2 * cells + 1);
    java.nio.FloatBuffer eps = java.nio.FloatBuffer.allocate(cells + 2);
    java.nio.FloatBuffer grad = java.nio.FloatBuffer.allocate(2 * cells + 3);
    for (int i = 0; i < cells; i++) {
      float[] pair = pairs[i % pairs.length];
      x.put(1 + 2 * i, pair[0]).put(2 + 2 * i, pair[1]);
      eps.put(2 + i, gradients[(i / pairs.length) % gradients.length]);
    }
    MaxPooling.backward(x, 1, eps, 2, grad, 3, cells, 2);
    for (int i = 0; i < cells; i++) {
      float[] pair = pairs[i % pairs.length];
      int e = Float.floatToRawIntBits(eps.get(2 + i));
      boolean second = pair[1] > pair[0];
      assertThat(Float.floatToRawIntBits(grad.get(3 + 2 * i))).as("pair %d, first", i).isEqualTo(second ? 0 : e);
      assertThat(Float.floatToRawIntBits(grad.get(4 + 2 * i))).as("pair %d, second", i).isEqualTo(second ? e : 0);
    }
  }

  @Test
  void graphsWithTheLayersAreNotRewiredAndKeepThemWhenSaved() throws Exception {
    ComputationGraph sequence = SequenceNetwork.build(BeatModelTest.smallConfig().asSequence(SequenceDirection.CAUSAL, 8, 2, 2), null);
    ComputationGraph perBeat = BeatNetwork.build(BeatModelTest.smallConfig(), null);
    for (ComputationGraph g : new ComputationGraph[] {sequence, perBeat}) {
      assertThat(BeatModel.upToDate(g)).isSameAs(g);
      ComputationGraph loaded = roundTrip(g);
      assertThat(loaded.getLayer("pool1").conf().getLayer()).isInstanceOfAny(RowMaxPooling.class, SeriesMaxPooling.class);
      assertThat(loaded.getConfiguration()).isEqualTo(g.getConfiguration());
    }
    for (Shape s : Shape.values()) {
      SubsamplingLayer plain = s.dl4j(PoolingType.MAX, 2, ConvolutionMode.Same);
      SubsamplingLayer java = s.java(plain);
      assertThat((Object) java).isNotEqualTo(plain);
      assertThat(java instanceof RowMaxPooling r ? r.toDl4j() : ((SeriesMaxPooling) java).toDl4j()).isEqualTo(plain);
    }
  }
}
