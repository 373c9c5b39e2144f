package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BeatModelTest {
  private static final int LEADS = 2;
  private static final int WINDOW = 64;

  static NetworkConfig smallConfig() {
    return NetworkConfig.reference(LEADS, WINDOW, AamiClass.vocabulary().size(), 1e-3, 7);
  }

  static ModelMetadata metadata(NetworkConfig cfg) {
    return metadata(cfg, WindowCut.OFF);
  }

  /** The test model's metadata (128 Hz, 24 + 40 samples, 2 leads) with its windows cut by {@code cut}. */
  static ModelMetadata metadata(NetworkConfig cfg, WindowCut cut) {
    Normalizer norm = new Normalizer(new double[] {0.1, -0.2}, new double[] {0.5, 2.0},
        new double[] {0.8, 0.8, 0.8, 0.8}, new double[] {0.1, 0.2, 0.1, 0.1}, 1000, RrEncoding.SECONDS, cut);
    DatasetSchema schema = DatasetSchema.current(128, 24, 40, LEADS);
    EpochMetrics e1 = new EpochMetrics(1, 1.2, 1000, 2.0, 500, 0.7, 0.5,
        List.of(0.9, 0.1, 0.8, Double.NaN, 0.2), List.of(0.8, 0.3, 0.7, Double.NaN, 0.5));
    return new ModelMetadata(ModelMetadata.CURRENT_VERSION, AamiClass.vocabulary(), 128, 24, 40, LEADS,
        List.of("MLII", "V1"), schema.rrFeatures(), norm, schema, "file:/data/ds", "abc123", cfg,
        Map.of("batch-size-per-worker", 32, "seed", 42L), List.of(e1), 1, "dev", "2026-11-25T00:00:00Z");
  }

  @Test
  void networkHasTheDocumentedShapesAndParameterCount() {
    NetworkConfig cfg = smallConfig();
    ComputationGraph graph = BeatNetwork.build(cfg, new double[] {1, 2, 3, 4, 5});
    assertThat(graph.numParams()).isEqualTo(BeatNetwork.expectedParameterCount(cfg));
    // The reference architecture, one lead, 256 samples: 32,293 parameters (torch reference: ~32.5k incl. its biases).
    assertThat(BeatNetwork.expectedParameterCount(NetworkConfig.reference(1, 256, 5, 1e-3, 1))).isEqualTo(32_293);

    INDArray wave = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, LEADS, WINDOW);
    INDArray rr = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 4);
    Map<String, INDArray> acts = graph.feedForward(new INDArray[] {wave, rr}, false);
    assertThat(acts.get("conv1").shape()).containsExactly(3, 16, WINDOW);
    assertThat(acts.get("pool1").shape()).containsExactly(3, 16, WINDOW / 2);
    assertThat(acts.get("conv2").shape()).containsExactly(3, 32, WINDOW / 2);
    assertThat(acts.get("pool2").shape()).containsExactly(3, 32, WINDOW / 4);
    assertThat(acts.get("lstm").shape()).containsExactly(3, 64, WINDOW / 4);
    assertThat(acts.get("last").shape()).containsExactly(3, 64);
    assertThat(acts.get("merge").shape()).containsExactly(3, 68);
    assertThat(acts.get("dense").shape()).containsExactly(3, 64);
    assertThat(acts.get(BeatNetwork.OUTPUT).shape()).containsExactly(3, 5);
  }

  @Test
  void dropoutDropsTheInputsOfDenseAndOutputWhileTrainingOnly() {
    NetworkConfig c = smallConfig();
    NetworkConfig cfg = new NetworkConfig(c.leadCount(), c.windowSamples(), c.rrFeatureCount(), c.classCount(),
        c.conv1Filters(), c.conv1Kernel(), c.conv2Filters(), c.conv2Kernel(), c.poolSize(), c.lstmUnits(),
        c.denseUnits(), c.learningRate(), c.l2(), c.seed(), c.kind(), c.direction(), c.sequenceLength(),
        c.sequenceOverlap(), c.conv1Stride(), 0.5, c.lstm(), c.beatEncoder());
    ComputationGraph graph = BeatNetwork.build(cfg, null);
    ComputationGraph plain = BeatNetwork.build(c, null);
    for (String layer : List.of("dense", BeatNetwork.OUTPUT)) {
      assertThat(graph.getLayer(layer).conf().getLayer().getIDropout()).as(layer).isNotNull();
      assertThat(plain.getLayer(layer).conf().getLayer().getIDropout()).as(layer).isNull();
    }
    assertThat(graph.getLayer("conv1").conf().getLayer().getIDropout()).isNull();
    assertThat(graph.numParams()).isEqualTo(BeatNetwork.expectedParameterCount(cfg));

    INDArray wave = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, LEADS, WINDOW);
    INDArray rr = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 4);
    INDArray scored = graph.outputSingle(false, wave, rr).dup();
    assertThat(graph.outputSingle(false, wave, rr)).isEqualTo(scored);
    INDArray dense = graph.feedForward(new INDArray[] {wave, rr}, false).get("dense").dup();
    INDArray denseTraining = graph.feedForward(new INDArray[] {wave, rr}, true).get("dense");
    assertThat(denseTraining).isNotEqualTo(dense);
    // The round trip through model.json keeps the rate, so a saved model rebuilds the same graph.
    ModelMetadata back = ModelMetadata.fromJson(metadata(cfg).toJson(), "test");
    assertThat(back.network().dropout()).isEqualTo(0.5);
  }

  @Test
  void metadataRoundTripsThroughJson() {
    ModelMetadata m = metadata(smallConfig());
    ModelMetadata back = ModelMetadata.fromJson(m.toJson(), "test");
    assertThat(back.normalizer()).isEqualTo(m.normalizer());
    assertThat(back.datasetSchema()).isEqualTo(m.datasetSchema());
    assertThat(back.network()).isEqualTo(m.network());
    assertThat(back.classes()).isEqualTo(m.classes());
    assertThat(back.epochs().get(0).valRecall().get(3)).isNaN();
    assertThat(back.epochs().get(0).valMacroF1()).isEqualTo(0.5);
    assertThat(back.leadNames()).containsExactly("MLII", "V1");
    assertThat(back.manifestSha256()).isEqualTo("abc123");
    assertThat(back.trainingConfig()).containsEntry("batch-size-per-worker", 32);
    assertThat(back.toJson()).isEqualTo(m.toJson());
  }

  @Test
  void metadataOfAnotherVersionIsRefused() {
    String json = metadata(smallConfig()).toJson().replace("\"formatVersion\" : 1", "\"formatVersion\" : 99");
    assertThatThrownBy(() -> ModelMetadata.fromJson(json, "m.json"))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("format version 99");
  }

  @Test
  void savedModelPredictsLikeTheInMemoryOne(@TempDir Path dir) throws Exception {
    NetworkConfig cfg = smallConfig();
    BeatModel model = new BeatModel(BeatNetwork.build(cfg, null), metadata(cfg));
    Random rnd = new Random(3);
    float[][] windows = new float[7][LEADS * WINDOW];
    float[][] rr = new float[7][4];
    for (int i = 0; i < windows.length; i++) {
      for (int j = 0; j < windows[i].length; j++) {
        windows[i][j] = (float) rnd.nextGaussian();
      }
      for (int j = 0; j < 4; j++) {
        rr[i][j] = 0.6f + 0.4f * rnd.nextFloat();
      }
    }
    float[][] expected = model.predictProbabilities(windows, rr);

    String uri = dir.resolve("m").toUri().toString();
    model.save(uri, new Configuration());
    assertThat(Files.list(dir.resolve("m")).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
        .containsExactlyInAnyOrder("model.zip", "model.json");
    BeatModel loaded = BeatModel.load(uri, new Configuration());
    BeatModel shipped = BeatModel.fromBytes(loaded.toBytes());
    for (BeatModel m : List.of(loaded, shipped)) {
      float[][] p = m.predictProbabilities(windows, rr);
      assertThat(p).hasDimensions(7, 5);
      for (int i = 0; i < p.length; i++) {
        float sum = 0;
        for (float v : p[i]) {
          sum += v;
        }
        assertThat(sum).isCloseTo(1f, within(1e-4f));
        assertThat(p[i]).containsExactly(expected[i], within(1e-6f));
      }
      assertThat(m.metadata().normalizer()).isEqualTo(model.metadata().normalizer());
    }
  }

  @Test
  void normalizerStatisticsAreMeanAndStdPerLead() {
    Normalizer.Accumulator acc = new Normalizer.Accumulator(2, 1);
    acc.add(new float[] {1, 3, 10, 10}, new float[] {1});
    acc.merge(new Normalizer.Accumulator(2, 1).add(new float[] {1, 3, 10, 10}, new float[] {3}));
    Normalizer n = acc.finish();
    assertThat(n.leadMean()).containsExactly(2.0, 10.0);
    assertThat(n.leadStd()).containsExactly(1.0, 0.0);
    assertThat(n.rrMean()).containsExactly(2.0);
    float[] out = new float[4];
    n.normalizeWindow(new float[] {1, 3, 10, 12}, new float[] {1}, out, 0);
    // A constant lead (std 0) is only centred.
    assertThat(out).containsExactly(-1f, 1f, 0f, 2f);
  }
}
