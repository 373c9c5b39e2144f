package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.junit.jupiter.api.Test;

class RrEncodingTest {
  private static final List<String> COLUMNS = RrEncoding.COLUMNS;

  @Test
  void relativeAddsTheSixRatiosAfterTheSeconds() {
    // A premature beat: 0.5 s after its predecessor in a rhythm of 0.8 s, then a 1.1 s pause.
    float[] raw = {0.5f, 1.1f, 0.8f, 1.0f};
    float[] e = RrEncoding.RELATIVE.encode(raw);
    assertThat(e).hasSize(RrEncoding.RELATIVE.width(4)).hasSize(10);
    assertThat(e[0]).isEqualTo(0.5f);
    assertThat(e[3]).isEqualTo(1.0f);
    assertThat(e[4]).isCloseTo(0.625f, within(1e-6f)); // prev / local
    assertThat(e[5]).isCloseTo(1.375f, within(1e-6f)); // next / local
    assertThat(e[6]).isCloseTo(0.5f, within(1e-6f)); // prev / mean
    assertThat(e[7]).isCloseTo(1.1f, within(1e-6f)); // next / mean
    assertThat(e[8]).isCloseTo(0.8f, within(1e-6f)); // local / mean
    assertThat(e[9]).isCloseTo(2.2f, within(1e-6f)); // next / prev
    assertThat(RrEncoding.RELATIVE.featureNames(COLUMNS)).hasSize(10).startsWith(COLUMNS.toArray(new String[0]))
        .contains("rr_prev/local", "rr_next/prev");
  }

  @Test
  void ratiosAreTheSameForTheSameRhythmAtAnotherRate() {
    float[] slow = RrEncoding.RELATIVE.encode(new float[] {0.6f, 1.4f, 1.0f, 1.0f});
    float[] fast = RrEncoding.RELATIVE.encode(new float[] {0.3f, 0.7f, 0.5f, 0.5f});
    for (int i = 4; i < 10; i++) {
      assertThat(fast[i]).as("ratio %d", i).isCloseTo(slow[i], within(1e-6f));
    }
  }

  @Test
  void undefinedRatiosAreOneAndSecondsPassesThrough() {
    float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    float[] e = RrEncoding.RELATIVE.encode(nan);
    for (int i = 4; i < 10; i++) {
      assertThat(e[i]).isEqualTo(1f);
    }
    float[] raw = {0.5f, 1.1f, 0.8f, 1.0f};
    assertThat(RrEncoding.SECONDS.encode(raw)).containsExactly(raw);
    assertThat(RrEncoding.SECONDS.width(4)).isEqualTo(4);
    assertThatThrownBy(() -> RrEncoding.RELATIVE.encode(new float[] {1, 2}))
        .hasMessageContaining("2 values, expected at least 4");
  }

  @Test
  void theLongerAverageAddsTwoRatiosAfterTheSix() {
    // The third beat of a run at 0.6 s after a rhythm of 1.0 s: early against the rhythm before
    // the run (the 32-interval average, 0.95 s), hardly against the 10 intervals ending at it.
    float[] five = RrEncoding.RELATIVE.encode(new float[] {0.6f, 0.6f, 0.64f, 0.9f, 0.95f});
    assertThat(five).hasSize(RrEncoding.RELATIVE.width(5)).hasSize(13);
    assertThat(five[4]).as("the column passes through").isEqualTo(0.95f);
    assertThat(five[5]).as("prev / local, as without it").isCloseTo(0.9375f, within(1e-6f));
    assertThat(five[11]).as("prev / long").isCloseTo(0.6f / 0.95f, within(1e-6f));
    assertThat(five[12]).as("local / long").isCloseTo(0.64f / 0.95f, within(1e-6f));
    List<String> withLong = DatasetSchema.current(360, 90, 166, 1, true).rrFeatures();
    assertThat(withLong).endsWith(DatasetSchema.RR_LONG).hasSize(5);
    assertThat(RrEncoding.RELATIVE.featureNames(withLong)).hasSize(13).endsWith("rr_prev/long", "rr_local/long");
    RrEncoding.RELATIVE.requireColumns(withLong, "ds");
    float[] undefined = RrEncoding.RELATIVE.encode(new float[] {0.6f, 0.6f, 0.64f, 0.9f, Float.NaN});
    assertThat(undefined[11]).isEqualTo(1f);
  }

  @Test
  void parsesConfigValuesAndChecksTheDatasetColumns() {
    assertThat(RrEncoding.parse("k", "Relative")).isEqualTo(RrEncoding.RELATIVE);
    assertThat(RrEncoding.parse("k", "seconds")).isEqualTo(RrEncoding.SECONDS);
    assertThatThrownBy(() -> RrEncoding.parse("training.rr-encoding", "ratios"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.rr-encoding").hasMessageContaining("'ratios'");
    RrEncoding.RELATIVE.requireColumns(COLUMNS, "ds");
    RrEncoding.RELATIVE.requireColumns(DatasetSchema.current(360, 90, 166, 1).rrFeatures(), "ds");
    RrEncoding.SECONDS.requireColumns(List.of("x"), "ds");
    assertThatThrownBy(() -> RrEncoding.RELATIVE.requireColumns(List.of("rr_prev_s"), "file:/ds"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("file:/ds").hasMessageContaining("rr-encoding = seconds");
    List<String> other = new java.util.ArrayList<>(COLUMNS);
    other.add("rr_other_s");
    assertThatThrownBy(() -> RrEncoding.RELATIVE.requireColumns(other, "file:/ds"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("rr_other_s").hasMessageContaining("rr_long_s");
  }

  @Test
  void normalizerEncodesBeforeScalingAndKeepsItsEncodingInTheModelJson() {
    Normalizer.Accumulator acc = new Normalizer.Accumulator(1, 4, RrEncoding.RELATIVE);
    acc.add(new float[] {0, 2}, new float[] {0.5f, 1.1f, 0.8f, 1.0f});
    acc.add(new float[] {0, 2}, new float[] {0.8f, 0.8f, 0.8f, 1.0f});
    Normalizer norm = acc.finish();
    assertThat(norm.rrEncoding()).isEqualTo(RrEncoding.RELATIVE);
    assertThat(norm.rrMean()).hasSize(10);
    assertThat(norm.rrMean()[9]).isCloseTo((2.2 + 1.0) / 2, within(1e-6)); // next/prev of both beats
    float[] out = new float[10];
    norm.normalizeRr(new float[] {0.8f, 0.8f, 0.8f, 1.0f}, out, 0);
    assertThat(out[9]).isCloseTo(-1f, within(1e-5f)); // (1.0 - 1.6) / 0.6

    ModelMetadata meta = BeatModelTest.metadata(BeatModelTest.smallConfig());
    ModelMetadata withRelative = new ModelMetadata(meta.formatVersion(), meta.classes(), meta.fsHz(), meta.samplesBefore(),
        meta.samplesAfter(), meta.leadCount(), meta.leadNames(), meta.rrFeatures(),
        new Normalizer(new double[] {0, 0}, new double[] {1, 1}, norm.rrMean(), norm.rrStd(), 2, RrEncoding.RELATIVE),
        meta.datasetSchema(), meta.datasetUri(), meta.manifestSha256(), meta.network(), meta.trainingConfig(),
        meta.epochs(), meta.bestEpoch(), meta.softwareVersion(), meta.createdAt());
    String json = withRelative.toJson();
    assertThat(json).contains("\"rrEncoding\" : \"RELATIVE\"");
    assertThat(ModelMetadata.fromJson(json, "m").normalizer()).isEqualTo(withRelative.normalizer());
    // Models written before the encoding existed read as SECONDS.
    String old = meta.toJson().replaceAll(",\\s*\"rrEncoding\" : \"SECONDS\"", "");
    assertThat(old).doesNotContain("rrEncoding");
    assertThat(ModelMetadata.fromJson(old, "old").normalizer().rrEncoding()).isEqualTo(RrEncoding.SECONDS);
  }

  @Test
  void aRelativeModelTakesTheDatasetColumnsAndFeedsTheNetworkTenFeatures() {
    ModelMetadata meta = BeatModelTest.metadata(BeatModelTest.smallConfig());
    NetworkConfig c = meta.network();
    NetworkConfig wide = new NetworkConfig(c.leadCount(), c.windowSamples(), RrEncoding.RELATIVE.width(4), c.classCount(),
        c.conv1Filters(), c.conv1Kernel(), c.conv2Filters(), c.conv2Kernel(), c.poolSize(), c.lstmUnits(), c.denseUnits(),
        c.learningRate(), c.l2(), c.seed(), c.kind(), c.direction(), c.sequenceLength(), c.sequenceOverlap(), c.conv1Stride(), c.dropout());
    double[] zeros = new double[10];
    double[] ones = new double[10];
    java.util.Arrays.fill(ones, 1);
    ModelMetadata relative = new ModelMetadata(meta.formatVersion(), meta.classes(), meta.fsHz(), meta.samplesBefore(),
        meta.samplesAfter(), meta.leadCount(), meta.leadNames(), meta.rrFeatures(),
        new Normalizer(new double[] {0, 0}, new double[] {1, 1}, zeros, ones, 1, RrEncoding.RELATIVE),
        meta.datasetSchema(), meta.datasetUri(), meta.manifestSha256(), wide, meta.trainingConfig(),
        meta.epochs(), meta.bestEpoch(), meta.softwareVersion(), meta.createdAt());
    BeatModel model = new BeatModel(BeatNetwork.build(wide, null), relative);
    float[][] windows = new float[3][meta.leadCount() * meta.windowSamples()];
    float[][] rr = {{0.5f, 1.1f, 0.8f, 1.0f}, {0.8f, 0.8f, 0.8f, 0.8f}, {1, 1, 1, 1}};
    float[][] p = model.predictProbabilities(windows, rr);
    assertThat(p).hasDimensions(3, 5);
    // Same window, different rhythm: the ratios reach the network.
    assertThat(p[0]).isNotEqualTo(p[1]);
  }
}
