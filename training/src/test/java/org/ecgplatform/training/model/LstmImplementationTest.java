package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.BeatBatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * {@code training.network.lstm} on the product's network: both implementations build the same
 * graph and train identically; the choice is recorded in {@code model.json}; models saved before the
 * setting existed (DL4J's LSTM, no {@code network.lstm}) load and predict as before.
 */
class LstmImplementationTest {

  private static NetworkConfig config(LstmImplementation lstm) {
    return BeatModelTest.smallConfig().withLstm(lstm);
  }

  /** {@code n} noisy sine windows with RR features, classes in turn (also for other tests of the per-beat network). */
  static List<Beat> beats(int n, NetworkConfig cfg, long seed) {
    Random rnd = new Random(seed);
    List<Beat> beats = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] w = new float[cfg.leadCount() * cfg.windowSamples()];
      for (int j = 0; j < w.length; j++) {
        w[j] = (float) (Math.sin(j * 0.2 + i) + 0.3 * rnd.nextGaussian());
      }
      float[] rr = {0.6f + 0.4f * rnd.nextFloat(), 0.8f, 0.8f, 0.8f};
      beats.add(new Beat(w, rr, i % cfg.classCount()));
    }
    return beats;
  }

  @Test
  void bothImplementationsBuildTheSameGraphAndTrainAlike() {
    ComputationGraph fused = BeatNetwork.build(config(LstmImplementation.FUSED), new double[] {1, 2, 3, 4, 5});
    ComputationGraph dl4j = BeatNetwork.build(config(LstmImplementation.DL4J), new double[] {1, 2, 3, 4, 5});
    assertThat(fused.getLayer("lstm")).isInstanceOf(FusedLstmLayer.class);
    assertThat(dl4j.getLayer("lstm")).isNotInstanceOf(FusedLstmLayer.class);
    assertThat(fused.numParams()).isEqualTo(dl4j.numParams());
    assertThat(fused.params()).as("same seed, same initialisation").isEqualTo(dl4j.params());

    NetworkConfig cfg = config(LstmImplementation.FUSED);
    Normalizer norm = BeatModelTest.metadata(cfg).normalizer();
    for (int step = 0; step < 4; step++) {
      MultiDataSet batch = BeatBatcher.toMultiDataSet(beats(32, cfg, step), norm, cfg.windowSamples(), cfg.classCount());
      fused.fit(batch);
      dl4j.fit(batch);
    }
    FusedLstmTest.assertClose("parameters after 4 Adam steps", dl4j.params(), fused.params());
  }

  @Test
  void theImplementationIsRecordedAndOldMetadataMeansDl4j() {
    ModelMetadata m = BeatModelTest.metadata(config(LstmImplementation.FUSED));
    assertThat(m.toJson()).contains("\"lstm\" : \"FUSED\"");
    assertThat(ModelMetadata.fromJson(m.toJson(), "new").network().lstm()).isEqualTo(LstmImplementation.FUSED);
    String old = m.toJson().replace(",\n    \"lstm\" : \"FUSED\"", "");
    assertThat(old).doesNotContain("lstm\" :");
    assertThat(ModelMetadata.fromJson(old, "old").network().lstm()).isEqualTo(LstmImplementation.DL4J);
  }

  @Test
  void modelsSavedWithDl4jsLstmLoadAndPredictAsBefore(@TempDir Path dir) throws Exception {
    NetworkConfig cfg = config(LstmImplementation.DL4J);
    ComputationGraph graph = BeatNetwork.build(cfg, null);
    Normalizer norm = BeatModelTest.metadata(cfg).normalizer();
    graph.fit(BeatBatcher.toMultiDataSet(beats(32, cfg, 1), norm, cfg.windowSamples(), cfg.classCount()));
    String uri = dir.resolve("old").toUri().toString();
    new BeatModel(graph, BeatModelTest.metadata(cfg)).save(uri, new Configuration());
    // A model.json of before the setting: no network.lstm.
    Path json = dir.resolve("old").resolve(ModelMetadata.FILE_NAME);
    String text = Files.readString(json, StandardCharsets.UTF_8);
    Files.writeString(json, text.replace(",\n    \"lstm\" : \"DL4J\"", ""), StandardCharsets.UTF_8);
    Files.deleteIfExists(json.resolveSibling("." + ModelMetadata.FILE_NAME + ".crc")); // Hadoop's local checksum
    assertThat(Files.readString(json, StandardCharsets.UTF_8)).doesNotContain("lstm\" :");

    List<Beat> test = beats(9, cfg, 2);
    float[][] windows = test.stream().map(Beat::window).toArray(float[][]::new);
    float[][] rr = test.stream().map(Beat::rr).toArray(float[][]::new);
    float[][] expected = new BeatModel(graph, BeatModelTest.metadata(cfg)).predictProbabilities(windows, rr);

    BeatModel loaded = BeatModel.load(uri, new Configuration());
    assertThat(loaded.metadata().network().lstm()).isEqualTo(LstmImplementation.DL4J);
    assertThat(LstmConversion.dl4jLstmCount(loaded.graph())).isEqualTo(1);
    BeatModel converted = new BeatModel(LstmConversion.toFused(loaded.graph()), loaded.metadata());
    for (BeatModel m : List.of(loaded, converted)) {
      float[][] p = m.predictProbabilities(windows, rr);
      for (int i = 0; i < p.length; i++) {
        assertThat(p[i]).containsExactly(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
      }
    }
  }
}
