package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;

class RecordAmplitudeTest {
  private static final List<String> CHANNELS = List.of("MLII", "V1", "MLII:template", "V1:template");
  private static final RecordAmplitude SCALE = RecordAmplitude.of(true, CHANNELS, "file:/d");
  private static final int SAMPLES = 64;

  /** Two leads and their templates: a QRS of the given heights on a baseline, plus noise. */
  private static float[] window(Random random, double lead1, double lead2, double template1, double template2) {
    double[] heights = {lead1, lead2, template1, template2};
    float[] w = new float[4 * SAMPLES];
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < SAMPLES; i++) {
        double t = i - 24;
        w[c * SAMPLES + i] = (float) (heights[c] * Math.exp(-t * t / 8.0) + 0.01 * random.nextGaussian() - 0.2);
      }
    }
    return w;
  }

  private static float range(float[] w, int channel) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = channel * SAMPLES; i < (channel + 1) * SAMPLES; i++) {
      min = Math.min(min, w[i]);
      max = Math.max(max, w[i]);
    }
    return max - min;
  }

  @Test
  void eachLeadAndItsTemplateAreDividedByTheTemplatesPeakToPeakAmplitude() {
    float[] w = window(new Random(1), 1.5, -0.4, 1.2, -0.5);
    float[] f = SCALE.factors(w, 4);
    assertThat(f[0]).isEqualTo(f[2]).isCloseTo(1 / range(w, 2), within(1e-6f));
    assertThat(f[1]).isEqualTo(f[3]).isCloseTo(1 / range(w, 3), within(1e-6f));
    assertThat(f[0]).isBetween(0.7f, 0.9f);
    assertThat(f[1]).isBetween(1.6f, 2.2f);
    // Off, or a flat template: every factor 1.
    assertThat(RecordAmplitude.OFF.factors(w, 4)).containsOnly(1f);
    float[] flat = w.clone();
    java.util.Arrays.fill(flat, 2 * SAMPLES, 3 * SAMPLES, 0.3f);
    assertThat(SCALE.factors(flat, 4)).containsExactly(1f, f[1], 1f, f[3]);
  }

  @Test
  void aDatasetWithoutATemplatePerLeadIsRefusedNamingTheKeyAndTheDataset() {
    assertThat(RecordAmplitude.of(false, List.of("MLII"), "d")).isEqualTo(RecordAmplitude.OFF);
    assertThat(SCALE).isEqualTo(new RecordAmplitude(4));
    assertThatThrownBy(() -> RecordAmplitude.of(true, List.of("MLII", "V1"), "file:/d"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.record-amplitude")
        .hasMessageContaining("file:/d")
        .hasMessageContaining("etl.leads.record-template = true");
    assertThatThrownBy(() -> SCALE.factors(new float[2 * SAMPLES], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 channels, the model's windows have 4");
  }

  /** Statistics of the beats' windows (two leads and their templates, no RR columns) with this scaling. */
  private static Normalizer statistics(RecordAmplitude amplitude, List<float[]> windows) {
    Normalizer.Accumulator acc = new Normalizer.Accumulator(4, 0, RrEncoding.SECONDS, WindowCut.OFF, AtrialMatch.OFF, amplitude);
    windows.forEach(w -> acc.add(w, new float[0]));
    return acc.finish();
  }

  private static float[] times(float[] w, float k) {
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = w[i] * k;
    }
    return out;
  }

  private static float[] normalised(Normalizer norm, float[] w) {
    float[] out = new float[w.length];
    norm.normalizeWindow(w, new float[0], out, 0);
    return out;
  }

  @Test
  void aPatientRecordedThreeTimesLargerReachesTheNetworkAsTheSameInputs() {
    Random random = new Random(2);
    float[] beat = window(random, 1.1, 0.5, 1.0, 0.45);
    float[] ectopic = window(random, 2.4, -0.9, 1.0, 0.45);
    List<float[]> patient = List.of(beat, ectopic);
    List<float[]> larger = List.of(times(beat, 3), times(ectopic, 3));
    Normalizer scaled = statistics(SCALE, patient);
    assertThat(scaled.recordAmplitude()).isEqualTo(SCALE);
    // The statistics and each normalised input are the same, float rounding apart.
    Normalizer scaledLarger = statistics(SCALE, larger);
    for (int c = 0; c < 4; c++) {
      assertThat(scaledLarger.leadMean()[c]).isCloseTo(scaled.leadMean()[c], within(1e-6));
      assertThat(scaledLarger.leadStd()[c]).isCloseTo(scaled.leadStd()[c], within(1e-6));
    }
    for (int b = 0; b < 2; b++) {
      float[] a = normalised(scaled, patient.get(b));
      float[] l = normalised(scaled, larger.get(b));
      for (int i = 0; i < a.length; i++) {
        assertThat(l[i]).isCloseTo(a[i], within(1e-4f));
      }
    }
    // Without the scaling, the larger patient's beats reach it three times as far from the mean.
    Normalizer plain = statistics(RecordAmplitude.OFF, patient);
    float[] a = normalised(plain, beat);
    float[] l = normalised(plain, times(beat, 3));
    int peak = 24;
    assertThat(l[peak] - normalised(plain, times(beat, 0))[peak])
        .isCloseTo(3 * (a[peak] - normalised(plain, times(beat, 0))[peak]), within(1e-3f));
    // A beat's amplitude against its template's stays: the ectopic beat twice its template's height
    // keeps a larger input than the beat like its template.
    assertThat(normalised(scaled, ectopic)[peak]).isGreaterThan(normalised(scaled, beat)[peak] + 1);
  }

  @Test
  void offTheStatisticsAndInputsAreThoseOfTheNormaliserBeforeTheSetting() {
    Random random = new Random(3);
    List<float[]> windows = List.of(window(random, 1.1, 0.5, 1.0, 0.45), window(random, 2.4, -0.9, 1.0, 0.45));
    Normalizer.Accumulator before = new Normalizer.Accumulator(4, 0, RrEncoding.SECONDS, WindowCut.OFF, AtrialMatch.OFF);
    windows.forEach(w -> before.add(w, new float[0]));
    Normalizer old = before.finish();
    Normalizer off = statistics(RecordAmplitude.OFF, windows);
    assertThat(off).isEqualTo(old);
    assertThat(normalised(off, windows.get(1))).containsExactly(normalised(old, windows.get(1)));
  }

  @Test
  void modelsWrittenBeforeTheSettingReadWithoutIt() throws Exception {
    ModelMetadata plain = BeatModelTest.metadata(BeatModelTest.smallConfig());
    ObjectMapper json = new ObjectMapper();
    ObjectNode old = (ObjectNode) json.readTree(plain.toJson());
    assertThat(old.get("normalizer").has("recordAmplitude")).isTrue();
    ((ObjectNode) old.get("normalizer")).remove("recordAmplitude");
    assertThat(ModelMetadata.fromJson(json.writeValueAsString(old), "old.json").normalizer().recordAmplitude())
        .isEqualTo(RecordAmplitude.OFF);
  }
}
