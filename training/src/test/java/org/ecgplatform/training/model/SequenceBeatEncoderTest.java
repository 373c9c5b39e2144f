package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The beat-sequence model with {@code training.sequence.beat-encoder = lstm}: every beat window is
 * encoded by an LSTM along it (the per-beat model's encoder) before the LSTM across beats. The
 * graph holds the layers the shape table says; a padded minibatch gives each sequence the outputs
 * and gradients it gets alone, in both directions (the padding mask skips the window LSTM and is
 * taken up again at the merge); saved models keep the encoder and run on DL4J's LSTM too; models
 * written before the setting read as the flat encoder.
 */
class SequenceBeatEncoderTest {
  private static final int LENGTH = 8;

  private static NetworkConfig config(SequenceDirection direction, LstmImplementation lstm) {
    return BeatModelTest.smallConfig().asSequence(direction, LENGTH, 2, 2).withLstm(lstm)
        .withBeatEncoder(BeatEncoder.LSTM);
  }

  /** A graph whose parameters are all moved off their initial values (non-zero biases, as after training). */
  private static ComputationGraph perturbed(NetworkConfig cfg) {
    ComputationGraph g = SequenceNetwork.build(cfg, null);
    Nd4j.getRandom().setSeed(5);
    INDArray params = g.params().dup();
    params.addi(Nd4j.rand(params.dataType(), params.shape()).subi(0.5).muli(0.4));
    g.setParams(params);
    return g;
  }

  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void eachBeatIsEncodedByAnLstmAlongItsWindow(SequenceDirection direction) {
    NetworkConfig cfg = config(direction, LstmImplementation.FUSED);
    ComputationGraph g = SequenceNetwork.build(cfg, null);
    long h = cfg.lstmUnits();
    long conv = (long) cfg.leadCount() * cfg.conv1Filters() * cfg.conv1Kernel() + cfg.conv1Filters()
        + (long) cfg.conv1Filters() * cfg.conv2Filters() * cfg.conv2Kernel() + cfg.conv2Filters();
    long encoder = 4 * h * (cfg.conv2Filters() + h + 1);
    long embed = (h + cfg.rrFeatureCount()) * cfg.denseUnits() + cfg.denseUnits();
    int halves = direction == SequenceDirection.BIDIRECTIONAL ? 2 : 1;
    long across = halves * 4 * h * (cfg.denseUnits() + h + 1);
    long out = halves * h * cfg.classCount() + cfg.classCount();
    assertThat(g.getLayer("encoder").numParams()).isEqualTo(encoder);
    assertThat(g.numParams()).isEqualTo(conv + encoder + embed + across + out);
    assertThat(LstmConversion.dl4jLstmCount(g)).as("fused window and sequence LSTMs").isZero();
    assertThat(LstmConversion.dl4jLstmCount(SequenceNetwork.build(config(direction, LstmImplementation.DL4J), null)))
        .isEqualTo(1 + halves);
    assertThat(SequenceNetwork.build(cfg.withBeatEncoder(BeatEncoder.FLAT), null).getVertex("encoder"))
        .as("the flat encoder has no window LSTM").isNull();
  }

  /**
   * Sequences of 8, 5 and 1 beats in one padded minibatch: each gets the outputs it gets alone, and
   * the loss and gradients are those of the sequences one by one. For the bidirectional model this
   * needs the padding mask at the LSTM across beats (its backward half would otherwise start inside
   * the padding), so it fails if the merge drops the mask as DL4J's own merge vertex does.
   */
  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void paddedMinibatchGivesEachSequenceItsOwnFunction(SequenceDirection direction) {
    NetworkConfig cfg = config(direction, LstmImplementation.FUSED);
    ComputationGraph g = perturbed(cfg);
    int[] lengths = {LENGTH, 5, 1};
    MultiDataSet ds = SequenceLstmTest.batch(cfg, lengths, 4);
    INDArray batchOut = SequenceLstmTest.output(g, ds);
    double[] batchScore = new double[1];
    Map<String, INDArray> batchGrad = SequenceLstmTest.gradients(g, ds, batchScore);
    Map<String, INDArray> sum = new TreeMap<>();
    double scoreSum = 0;
    for (int i = 0; i < lengths.length; i++) {
      MultiDataSet one = SequenceLstmTest.single(ds, i, lengths[i]);
      INDArray inBatch = batchOut.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.interval(0, lengths[i]));
      FusedLstmTest.assertClose("sequence " + i + " in the padded batch", SequenceLstmTest.output(g, one), inBatch);
      double[] s = new double[1];
      SequenceLstmTest.gradients(g, one, s).forEach((k, v) -> sum.merge(k, v, INDArray::add));
      scoreSum += s[0];
    }
    assertThat(batchScore[0]).isCloseTo(scoreSum / lengths.length, within(1e-5 * Math.max(1, batchScore[0])));
    assertThat(batchGrad.keySet()).anyMatch(k -> k.startsWith("encoder_"));
    sum.forEach((k, v) -> FusedLstmTest.assertClose("gradient " + k, v, batchGrad.get(k)));
  }

  /** A beat's code depends on its own window: changing one beat's window changes the causal outputs from that beat on only. */
  @Test
  void aCausalModelReadsEachBeatsOwnWindow() {
    NetworkConfig cfg = config(SequenceDirection.CAUSAL, LstmImplementation.FUSED);
    ComputationGraph g = perturbed(cfg);
    MultiDataSet ds = SequenceLstmTest.batch(cfg, new int[] {LENGTH}, 9);
    INDArray before = SequenceLstmTest.output(g, ds);
    INDArray wave = ds.getFeatures(0).dup();
    wave.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 10), NDArrayIndex.point(5)).addi(1.5);
    MultiDataSet changed = new MultiDataSet(new INDArray[] {wave, ds.getFeatures(1)}, ds.getLabels(),
        ds.getFeaturesMaskArrays(), ds.getLabelsMaskArrays());
    INDArray after = SequenceLstmTest.output(g, changed);
    for (int t = 0; t < LENGTH; t++) {
      double diff = Math.abs(after.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))
          .sub(before.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))).maxNumber().doubleValue());
      if (t < 5) {
        assertThat(diff).as("beat %d, before the changed beat", t).isLessThan(1e-6);
      } else {
        assertThat(diff).as("beat %d, from the changed beat on", t).isGreaterThan(1e-5);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SequenceDirection.class)
  void savedModelsKeepTheEncoderAndItsPredictions(SequenceDirection direction, @TempDir Path dir) {
    NetworkConfig cfg = config(direction, LstmImplementation.FUSED);
    ComputationGraph graph = SequenceNetwork.build(cfg, null);
    graph.fit(SequenceLstmTest.batch(cfg, new int[] {LENGTH, 6}, 21));
    BeatModel model = new BeatModel(graph, BeatModelTest.metadata(cfg));
    String uri = dir.resolve("m").toUri().toString();
    model.save(uri, new Configuration());

    BeatModel loaded = BeatModel.load(uri, new Configuration());
    assertThat(loaded.metadata().network().beatEncoder()).isEqualTo(BeatEncoder.LSTM);
    assertThat(loaded.graph().getConfiguration()).isEqualTo(graph.getConfiguration());
    MultiDataSet ds = SequenceLstmTest.batch(cfg, new int[] {LENGTH, 3}, 22);
    FusedLstmTest.assertClose("restored predictions", SequenceLstmTest.output(graph, ds),
        SequenceLstmTest.output(loaded.graph(), ds));
    MultiDataSet full = SequenceLstmTest.batch(cfg, new int[] {LENGTH, LENGTH}, 23);
    ComputationGraph dl4j = LstmConversion.toDl4j(loaded.graph());
    assertThat(LstmConversion.dl4jLstmCount(dl4j)).isEqualTo(direction == SequenceDirection.BIDIRECTIONAL ? 3 : 2);
    FusedLstmTest.assertClose("on DL4J's LSTM", SequenceLstmTest.output(graph, full), SequenceLstmTest.output(dl4j, full));
  }

  @Test
  void modelsWrittenBeforeTheSettingReadAsTheFlatEncoder() {
    for (NetworkConfig cfg : new NetworkConfig[] {BeatModelTest.smallConfig(),
        BeatModelTest.smallConfig().asSequence(SequenceDirection.CAUSAL, LENGTH, 2, 2)}) {
      String json = BeatModelTest.metadata(cfg).toJson();
      assertThat(json).contains("\"beatEncoder\"");
      String old = json.replaceAll(",?\\s*\"beatEncoder\"\\s*:\\s*\"[A-Z]+\"", "");
      assertThat(old).doesNotContain("beatEncoder");
      NetworkConfig read = ModelMetadata.fromJson(old, "model.json").network();
      assertThat(read.beatEncoder()).isEqualTo(cfg.kind() == ModelKind.SEQUENCE ? BeatEncoder.FLAT : BeatEncoder.LSTM);
      assertThat(read).isEqualTo(cfg);
    }
  }

  @Test
  void thePerBeatModelHasNoOtherEncoder() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BeatModelTest.smallConfig().withBeatEncoder(BeatEncoder.FLAT))
        .isInstanceOf(org.ecgplatform.common.ConfigException.class)
        .hasMessageContaining("lstm for the per-beat model");
  }
}
