package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code training.network.lstm} on the beat-sequence model ({@link SequenceNetwork}), causal (the
 * fused layer itself) and bidirectional (DL4J's {@code Bidirectional} around two fused layers):
 * same parameters, outputs, loss and gradients as DL4J's LSTM, same training steps; a padded
 * minibatch gives each sequence's function as if it were scored alone; saved models keep the
 * fused layers and their predictions.
 */
class SequenceLstmTest {
  private static final int LENGTH = 8;

  private static NetworkConfig config(SequenceDirection direction, LstmImplementation lstm) {
    return BeatModelTest.smallConfig().asSequence(direction, LENGTH, 2, 2).withLstm(lstm);
  }

  /** {@code lengths.length} sequences of random beats, padded to the longest, with per-beat labels. */
  static MultiDataSet batch(NetworkConfig cfg, int[] lengths, long seed) {
    Random rnd = new Random(seed);
    List<float[][]> windows = new ArrayList<>();
    List<float[][]> rr = new ArrayList<>();
    int steps = 0;
    for (int len : lengths) {
      float[][] w = new float[len][cfg.leadCount() * cfg.windowSamples()];
      float[][] r = new float[len][4];
      for (int b = 0; b < len; b++) {
        for (int j = 0; j < w[b].length; j++) {
          w[b][j] = (float) (Math.sin(j * 0.3 + b) + 0.5 * rnd.nextGaussian());
        }
        r[b] = new float[] {0.5f + 0.5f * rnd.nextFloat(), 0.8f, 0.7f + 0.2f * rnd.nextFloat(), 0.8f};
      }
      windows.add(w);
      rr.add(r);
      steps = Math.max(steps, len);
    }
    SequenceInputs f = SequenceInputs.of(windows, rr, BeatModelTest.metadata(cfg).normalizer());
    INDArray y = Nd4j.zeros(DataType.FLOAT, lengths.length, cfg.classCount(), steps);
    for (int i = 0; i < lengths.length; i++) {
      for (int t = 0; t < lengths[i]; t++) {
        y.putScalar(i, rnd.nextInt(cfg.classCount()), t, 1);
      }
    }
    return new MultiDataSet(new INDArray[] {f.wave(), f.rr()}, new INDArray[] {y},
        new INDArray[] {f.mask(), f.mask()}, new INDArray[] {f.mask()});
  }

  /** Sequence {@code i} of {@code ds} alone, without padding (so without masks: DL4J refuses a [1, 1] mask). */
  static MultiDataSet single(MultiDataSet ds, int i, int length) {
    org.nd4j.linalg.indexing.INDArrayIndex row = org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1);
    org.nd4j.linalg.indexing.INDArrayIndex steps = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, length);
    org.nd4j.linalg.indexing.INDArrayIndex all = org.nd4j.linalg.indexing.NDArrayIndex.all();
    return new MultiDataSet(
        new INDArray[] {ds.getFeatures(0).get(row, all, steps).dup(), ds.getFeatures(1).get(row, all, steps).dup()},
        new INDArray[] {ds.getLabels(0).get(row, all, steps).dup()}, null, null);
  }

  private static ComputationGraph[] dl4jAndFused(SequenceDirection direction) {
    ComputationGraph dl4j = SequenceNetwork.build(config(direction, LstmImplementation.DL4J), null);
    ComputationGraph fused = SequenceNetwork.build(config(direction, LstmImplementation.FUSED), null);
    assertThat(fused.params()).as("same seed, same initialisation").isEqualTo(dl4j.params());
    return new ComputationGraph[] {dl4j, fused};
  }

  static INDArray output(ComputationGraph g, MultiDataSet ds) {
    return g.output(false, ds.getFeatures(), ds.getFeaturesMaskArrays())[0];
  }

  /** Score and a copy of every gradient of {@code g} on {@code ds}. */
  static Map<String, INDArray> gradients(ComputationGraph g, MultiDataSet ds, double[] score) {
    g.setInputs(ds.getFeatures());
    g.setLabels(ds.getLabels());
    g.setLayerMaskArrays(ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
    g.computeGradientAndScore();
    g.clearLayerMaskArrays();
    score[0] = g.score();
    Map<String, INDArray> out = new TreeMap<>();
    g.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
    g.clear(); // inputs, labels: a later call may have another minibatch size
    return out;
  }

  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void theSequenceModelsLstmIsFusedInBothDirections(SequenceDirection direction) {
    ComputationGraph[] g = dl4jAndFused(direction);
    org.deeplearning4j.nn.api.Layer layer = g[1].getLayer("lstm");
    if (direction == SequenceDirection.BIDIRECTIONAL) {
      assertThat(layer).isInstanceOf(BidirectionalLayer.class);
      assertThat(g[1].getOutputLayer(0).conf().getLayer().getLayerName()).isEqualTo(BeatNetwork.OUTPUT);
      String json = g[1].getConfiguration().toJson();
      assertThat(json.split(java.util.regex.Pattern.quote(FusedLstm.class.getName()), -1)).as("two fused halves").hasSize(3);
    } else {
      assertThat(layer).isInstanceOf(FusedLstmLayer.class);
    }
    assertThat(LstmConversion.dl4jLstmCount(g[1])).isZero();
    assertThat(LstmConversion.dl4jLstmCount(g[0])).isEqualTo(direction == SequenceDirection.BIDIRECTIONAL ? 2 : 1);
    assertThat(g[1].numParams()).isEqualTo(g[0].numParams());
  }

  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void sameOutputsLossAndGradientsAsDl4jOnFullSequences(SequenceDirection direction) {
    ComputationGraph[] g = dl4jAndFused(direction);
    MultiDataSet ds = batch(config(direction, LstmImplementation.FUSED), new int[] {LENGTH, LENGTH, LENGTH}, 3);
    long fusedBefore = FusedLstmLayer.FUSED_CALLS.get();
    long dl4jBefore = FusedLstmLayer.DL4J_CALLS.get();
    FusedLstmTest.assertClose("output", output(g[0], ds), output(g[1], ds));
    double[] scoreDl4j = new double[1];
    double[] scoreFused = new double[1];
    Map<String, INDArray> expected = gradients(g[0], ds, scoreDl4j);
    Map<String, INDArray> actual = gradients(g[1], ds, scoreFused);
    assertThat(scoreFused[0]).isCloseTo(scoreDl4j[0], within(1e-5 * Math.max(1, scoreDl4j[0])));
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, v) -> FusedLstmTest.assertClose("gradient " + k, v, actual.get(k)));
    assertThat(FusedLstmLayer.FUSED_CALLS.get() - fusedBefore).as("fused calls").isPositive();
    assertThat(FusedLstmLayer.DL4J_CALLS.get() - dl4jBefore).as("calls on DL4J's implementation").isZero();
  }

  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void trainsLikeDl4j(SequenceDirection direction) {
    ComputationGraph[] g = dl4jAndFused(direction);
    for (int step = 0; step < 3; step++) {
      MultiDataSet ds = batch(config(direction, LstmImplementation.FUSED), new int[] {LENGTH, LENGTH, LENGTH, LENGTH}, 10 + step);
      g[0].fit(ds);
      g[1].fit(ds);
    }
    FusedLstmTest.assertClose("parameters after 3 Adam steps", g[0].params(), g[1].params());
  }

  /**
   * A minibatch of sequences of different lengths (right padding, as {@code SequenceBatcher} and
   * scoring make them): with the fused layer every sequence gets the outputs it gets alone, and
   * the loss and gradients are those of the sequences fitted one by one (DL4J sums gradients over
   * the minibatch and averages the score). Reference: DL4J's LSTM on each sequence alone.
   */
  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void paddedMinibatchGivesEachSequenceItsOwnFunction(SequenceDirection direction) {
    ComputationGraph[] g = dl4jAndFused(direction);
    // Non-zero biases everywhere (as after training): fresh LSTM biases but the forget gate's are 0,
    // which keeps a state started on zero inputs at exactly 0 and would hide where the recurrence starts.
    Nd4j.getRandom().setSeed(5);
    INDArray params = g[0].params().dup();
    params.addi(Nd4j.rand(params.dataType(), params.shape()).subi(0.5).muli(0.4));
    g[0].setParams(params);
    g[1].setParams(params);
    int[] lengths = {LENGTH, 5, 1};
    MultiDataSet ds = batch(config(direction, LstmImplementation.FUSED), lengths, 4);
    INDArray fusedOut = output(g[1], ds);
    INDArray dl4jOut = output(g[0], ds);
    double[] fusedScore = new double[1];
    Map<String, INDArray> fusedGrad = gradients(g[1], ds, fusedScore);

    Map<String, INDArray> sum = new TreeMap<>();
    double scoreSum = 0;
    for (int i = 0; i < lengths.length; i++) {
      MultiDataSet one = single(ds, i, lengths[i]);
      INDArray alone = output(g[0], one);
      INDArray inBatch = fusedOut.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1),
          org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, lengths[i]));
      FusedLstmTest.assertClose("sequence " + i + " in the padded batch", alone, inBatch);
      double[] s = new double[1];
      gradients(g[0], one, s).forEach((k, v) -> sum.merge(k, v, INDArray::add));
      scoreSum += s[0];
    }
    assertThat(fusedScore[0]).isCloseTo(scoreSum / lengths.length, within(1e-5 * Math.max(1, fusedScore[0])));
    sum.forEach((k, v) -> FusedLstmTest.assertClose("gradient " + k, v, fusedGrad.get(k)));

    // DL4J's own LSTM inside the graph: same for the causal model; the bidirectional one's backward
    // half starts its recurrence inside the padding (the graph never gives DL4J's LSTM the mask).
    INDArray realSteps = Nd4j.expandDims(ds.getFeaturesMaskArray(0), 1);
    double diff = dl4jOut.mul(realSteps).sub(fusedOut.mul(realSteps)).amaxNumber().doubleValue();
    if (direction == SequenceDirection.CAUSAL) {
      assertThat(diff).as("causal: DL4J's LSTM on the padded batch").isLessThan(1e-5);
    } else {
      assertThat(diff).as("bidirectional: DL4J's LSTM on the padded batch sees the padding").isGreaterThan(1e-4);
    }
  }

  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void savedModelsKeepTheFusedLayersAndTheirPredictions(SequenceDirection direction, @TempDir Path dir) {
    NetworkConfig cfg = config(direction, LstmImplementation.FUSED);
    ComputationGraph graph = SequenceNetwork.build(cfg, null);
    graph.fit(batch(cfg, new int[] {LENGTH, 6}, 21));
    BeatModel model = new BeatModel(graph, BeatModelTest.metadata(cfg));
    String uri = dir.resolve("m").toUri().toString();
    model.save(uri, new Configuration());

    BeatModel loaded = BeatModel.load(uri, new Configuration());
    assertThat(loaded.metadata().network().lstm()).isEqualTo(LstmImplementation.FUSED);
    assertThat(loaded.metadata().network().kind()).isEqualTo(ModelKind.SEQUENCE);
    assertThat(loaded.metadata().network().direction()).isEqualTo(direction);
    assertThat(LstmConversion.dl4jLstmCount(loaded.graph())).isZero();
    assertThat(loaded.graph().getConfiguration()).isEqualTo(graph.getConfiguration());
    assertThat(BeatModel.fromBytes(model.toBytes()).graph().getConfiguration()).isEqualTo(graph.getConfiguration());

    MultiDataSet ds = batch(cfg, new int[] {LENGTH, 3}, 22);
    FusedLstmTest.assertClose("restored predictions", output(graph, ds), output(loaded.graph(), ds));
    // The same parameters on DL4J's LSTM: a model trained fused runs on DL4J's code and back.
    MultiDataSet full = batch(cfg, new int[] {LENGTH, LENGTH}, 23);
    FusedLstmTest.assertClose("on DL4J's LSTM", output(graph, full), output(LstmConversion.toDl4j(loaded.graph()), full));
  }

  @Test
  void configurationChoosesTheImplementationForBothKinds() {
    for (ModelKind kind : ModelKind.values()) {
      for (LstmImplementation impl : LstmImplementation.values()) {
        NetworkConfig beat = BeatModelTest.smallConfig().withLstm(impl);
        NetworkConfig cfg = kind == ModelKind.SEQUENCE ? beat.asSequence(SequenceDirection.CAUSAL, LENGTH, 2, 2) : beat;
        assertThat(cfg.lstm()).isEqualTo(impl);
        ComputationGraph g = kind.build(cfg, null);
        assertThat(LstmConversion.dl4jLstmCount(g)).as(kind + " " + impl).isEqualTo(impl == LstmImplementation.DL4J ? 1 : 0);
      }
    }
  }
}
