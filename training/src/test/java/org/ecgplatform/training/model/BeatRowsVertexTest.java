package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The beat-sequence network's own reshaping ({@link BeatImagesPreProcessor} at the wave input,
 * {@link BeatRowsVertex} before the embedding) computes what DL4J's reshaping pre-processors and
 * merge computed before them. The reference is the graph configuration that {@link
 * SequenceNetwork} wrote before they existed ({@code models-before-beat-rows/}: {@code
 * SequenceNetwork.build(cfg, null).getConfiguration().toJson()} at commit {@code 248933f} for the
 * test configurations, as {@code model.zip} stores a graph's configuration): with the same
 * parameters, both graphs give the same outputs, loss and gradients on a padded minibatch. So new
 * models train as the old graph trained, and models written before are rewired when they are
 * loaded ({@link BeatModel#upToDate}) and score as they did.
 */
class BeatRowsVertexTest {

  private static ComputationGraph before(String name) throws IOException {
    try (InputStream in = BeatRowsVertexTest.class.getResourceAsStream("/models-before-beat-rows/" + name + ".json")) {
      assertThat(in).as(name).isNotNull();
      ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      ComputationGraph g = new ComputationGraph(conf);
      g.init();
      return g;
    }
  }

  @ParameterizedTest
  @CsvSource({"sequence-causal-flat, CAUSAL, FLAT", "sequence-bidirectional-lstm, BIDIRECTIONAL, LSTM"})
  void computesWhatTheGraphWrittenBeforeComputed(String name, SequenceDirection direction, BeatEncoder encoder) throws IOException {
    NetworkConfig cfg = BeatModelTest.smallConfig().asSequence(direction, 8, 2, 2).withBeatEncoder(encoder);
    ComputationGraph now = SequenceNetwork.build(cfg, null);
    ComputationGraph old = before(name);
    assertThat(old.getConfiguration().getVertices()).as("the reference holds DL4J's reshaping").containsKey("steps");
    assertThat(((LayerVertex) old.getConfiguration().getVertices().get("conv1")).getPreProcessor())
        .isInstanceOf(RnnToCnnPreProcessor.class);
    assertThat(now.getConfiguration().getVertices()).doesNotContainKey("steps");
    assertThat(now.getConfiguration().getVertices().get("merge")).isInstanceOf(BeatRowsVertex.class)
        .isNotInstanceOf(MergeVertex.class);
    assertThat(((LayerVertex) now.getConfiguration().getVertices().get("conv1")).getPreProcessor())
        .isInstanceOf(BeatImagesPreProcessor.class);
    assertThat(now.numParams()).isEqualTo(old.numParams());

    INDArray params = perturbed(now, 11);
    old.setParams(params);

    MultiDataSet ds = SequenceLstmTest.batch(cfg, new int[] {8, 5, 1}, 12);
    FusedLstmTest.assertClose("outputs", SequenceLstmTest.output(old, ds), SequenceLstmTest.output(now, ds));
    double[] oldScore = new double[1];
    double[] nowScore = new double[1];
    Map<String, INDArray> oldGrad = SequenceLstmTest.gradients(old, ds, oldScore);
    Map<String, INDArray> nowGrad = SequenceLstmTest.gradients(now, ds, nowScore);
    assertThat(nowScore[0]).isCloseTo(oldScore[0], within(1e-5 * Math.max(1, oldScore[0])));
    assertThat(nowGrad.keySet()).isEqualTo(oldGrad.keySet()).contains("embed_W", "conv1_W");
    oldGrad.forEach((k, v) -> FusedLstmTest.assertClose("gradient " + k, v, nowGrad.get(k)));
  }

  /**
   * Models saved with the graph written before are rewired on loading, from storage and from bytes
   * (the executors' copy): the new vertices, the same predictions.
   */
  @ParameterizedTest
  @CsvSource({"sequence-causal-flat, CAUSAL, FLAT", "sequence-bidirectional-lstm, BIDIRECTIONAL, LSTM"})
  void modelsWrittenBeforeAreRewiredOnLoading(String name, SequenceDirection direction, BeatEncoder encoder,
      @TempDir Path dir) throws IOException {
    NetworkConfig cfg = BeatModelTest.smallConfig().asSequence(direction, 8, 2, 2).withBeatEncoder(encoder);
    ComputationGraph old = before(name);
    perturbed(old, 13);
    BeatModel saved = new BeatModel(old, BeatModelTest.metadata(cfg));
    String uri = dir.resolve("m").toUri().toString();
    saved.save(uri, new Configuration());
    MultiDataSet ds = SequenceLstmTest.batch(cfg, new int[] {8, 5, 1}, 14);
    INDArray expected = SequenceLstmTest.output(old, ds);
    for (BeatModel loaded : List.of(BeatModel.load(uri, new Configuration()), BeatModel.fromBytes(saved.toBytes()))) {
      assertThat(loaded.graph().getConfiguration().getVertices()).doesNotContainKey("steps");
      assertThat(loaded.graph().getConfiguration().getVertices().get("merge")).isInstanceOf(BeatRowsVertex.class);
      assertThat(((LayerVertex) loaded.graph().getConfiguration().getVertices().get("conv1")).getPreProcessor())
          .isInstanceOf(BeatImagesPreProcessor.class);
      FusedLstmTest.assertClose("predictions of the rewired model", expected, SequenceLstmTest.output(loaded.graph(), ds));
    }
  }

  @Test
  void otherGraphsAreLeftAsTheyAre() {
    NetworkConfig beat = BeatModelTest.smallConfig();
    ComputationGraph perBeat = beat.kind().build(beat, null);
    assertThat(BeatModel.upToDate(perBeat)).isSameAs(perBeat);
    ComputationGraph now = SequenceNetwork.build(beat.asSequence(SequenceDirection.CAUSAL, 8, 2, 2), null);
    assertThat(BeatModel.upToDate(now)).isSameAs(now);
  }

  /** Parameters moved off their initial values (non-zero biases, as after training), set and returned. */
  private static INDArray perturbed(ComputationGraph g, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray params = g.params().dup();
    params.addi(Nd4j.rand(params.dataType(), params.shape()).subi(0.5).muli(0.4));
    g.setParams(params);
    return params;
  }

  /** Beat images are time-major, as DL4J orders them: image {@code t·n + s} is beat {@code t} of sequence {@code s}. */
  @Test
  void theWaveBecomesTimeMajorBeatImagesAndBack() {
    int n = 3;
    int t = 4;
    int c = 2;
    int w = 5;
    INDArray wave = Nd4j.rand(DataType.FLOAT, n, c * w, t);
    BeatImagesPreProcessor images = new BeatImagesPreProcessor(c, w);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    INDArray beats = images.preProcess(wave, n, mgr);
    assertThat(beats.shape()).containsExactly(n * t, c, 1, w);
    for (int s = 0; s < n; s++) {
      for (int step = 0; step < t; step++) {
        for (int k = 0; k < c * w; k++) {
          assertThat(beats.getFloat(step * n + s, k / w, 0, k % w)).isEqualTo(wave.getFloat(s, k, step));
        }
      }
    }
    assertThat(images.backprop(beats, n, mgr)).isEqualTo(wave);
    assertThat(new RnnToCnnPreProcessor(1, w, c).preProcess(wave, n, mgr)).as("DL4J's rows").isEqualTo(beats);
    assertThatThrownBy(() -> images.preProcess(Nd4j.rand(DataType.FLOAT, n, c * w + 1, t), n, mgr))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 11, 4]");
  }
}
