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

class AtrialMatchTest {
  /** 360 Hz, 90 samples before the fiducial point: the segment is samples 7 to 64 of each channel. */
  private static final AtrialMatch MATCH = AtrialMatch.of(true, 360, 90, List.of("MLII", "MLII:template"), "file:/d");
  private static final int SAMPLES = 256;

  /** A window of the beat's lead and its template, each a P wave of the given height plus noise. */
  private static float[] window(Random random, double beatP, double templateP, double noise) {
    float[] w = new float[2 * SAMPLES];
    for (int c = 0; c < 2; c++) {
      double p = c == 0 ? beatP : templateP;
      for (int i = 0; i < SAMPLES; i++) {
        double t = i - 40;
        w[c * SAMPLES + i] = (float) (p * Math.exp(-t * t / 50.0) + noise * random.nextGaussian() + (c == 0 ? 0.3 : -0.1));
      }
    }
    return w;
  }

  @Test
  void theSegmentIsTheStretchBeforeTheQrsAndTheTemplateIsTheFirstLeadsOwn() {
    assertThat(MATCH).isEqualTo(new AtrialMatch(7, 65, 2, 1));
    assertThat(AtrialMatch.of(true, 360, 90, List.of("MLII", "V1", "MLII:template", "V1:template"), "d"))
        .isEqualTo(new AtrialMatch(7, 65, 4, 2));
    assertThat(AtrialMatch.of(false, 360, 90, List.of("MLII"), "d")).isEqualTo(AtrialMatch.OFF);
    assertThat(AtrialMatch.OFF.enabled()).isFalse();
    assertThat(AtrialMatch.OFF.width()).isZero();
    assertThat(MATCH.width()).isEqualTo(1);
  }

  @Test
  void aDatasetWithoutTemplatesOrWithShortWindowsIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> AtrialMatch.of(true, 360, 90, List.of("MLII", "V1"), "file:/d"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.atrial-match")
        .hasMessageContaining("file:/d")
        .hasMessageContaining("etl.leads.record-template = true");
    assertThatThrownBy(() -> AtrialMatch.of(true, 360, 90, List.of("MLII", "V1:template"), "file:/d"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[MLII, V1:template]");
    assertThatThrownBy(() -> AtrialMatch.of(true, 128, 24, List.of("MLII", "MLII:template"), "file:/d"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.atrial-match")
        .hasMessageContaining("0.188 s before the beat")
        .hasMessageContaining("etl.window.before-s");
  }

  @Test
  void theValueIsTheCorrelationOfTheBeatsSegmentWithItsTemplates() {
    Random random = new Random(4);
    // The same P wave, another height and baseline: 1. Inverted: -1. None on a flat template: 0.
    assertThat(MATCH.value(window(random, 0.2, 0.1, 0))).isCloseTo(1f, within(1e-5f));
    assertThat(MATCH.value(window(random, -0.2, 0.1, 0))).isCloseTo(-1f, within(1e-5f));
    assertThat(MATCH.value(window(random, 0.2, 0, 0))).isZero();
    // Noise instead of the P wave: near 0; a P wave in noise: between.
    float noiseOnly = MATCH.value(window(random, 0, 0.1, 0.05));
    float noisyP = MATCH.value(window(random, 0.2, 0.1, 0.02));
    assertThat(Math.abs(noiseOnly)).isLessThan(0.4f);
    assertThat(noisyP).isBetween(0.8f, 1f);
  }

  @Test
  void onlyTheSegmentsOfTheFirstLeadAndItsTemplateCount() {
    Random random = new Random(5);
    float[] w = window(random, 0.2, 0.1, 0.02);
    float before = MATCH.value(w);
    float[] outside = w.clone();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < SAMPLES; i++) {
        if (i < 7 || i >= 65) {
          outside[c * SAMPLES + i] += (float) random.nextGaussian();
        }
      }
    }
    assertThat(MATCH.value(outside)).isEqualTo(before);
    float[] inside = w.clone();
    inside[30] += 0.5f;
    assertThat(MATCH.value(inside)).isLessThan(before);
    assertThatThrownBy(() -> MATCH.value(new float[2 * 40])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment ends at sample 65");
  }

  @Test
  void theNormaliserAppendsTheValueToTheEncodedRrFeaturesAndStoresTheInput() throws Exception {
    Random random = new Random(6);
    float[] rr = {0.8f, 0.9f, 0.85f, 0.8f};
    Normalizer.Accumulator acc = new Normalizer.Accumulator(2, 4, RrEncoding.RELATIVE, WindowCut.OFF, MATCH);
    float[] a = window(random, 0.2, 0.1, 0.01);
    float[] b = window(random, -0.1, 0.1, 0.01);
    Normalizer norm = acc.add(a, rr).add(b, rr).finish();
    assertThat(norm.atrialMatch()).isEqualTo(MATCH);
    assertThat(norm.rrMean()).hasSize(11);
    assertThat(norm.rrMean()[10]).isCloseTo((MATCH.value(a) + MATCH.value(b)) / 2, within(1e-6));
    assertThat(norm.rrFeatureNames(RrEncoding.COLUMNS)).hasSize(11).endsWith(AtrialMatch.FEATURE);
    float[] encoded = norm.encodeRr(a, rr);
    assertThat(encoded).hasSize(11);
    assertThat(encoded[10]).isEqualTo(MATCH.value(a));
    float[] out = new float[12];
    norm.normalizeRr(a, rr, out, 1);
    assertThat(out[11]).isCloseTo((float) ((encoded[10] - norm.rrMean()[10]) / norm.rrStd()[10]), within(1e-5f));
    assertThatThrownBy(() -> norm.normalizeRr(rr, out, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("atrial-match input needs the beat's window");
    // Without the input nothing is appended and no window is needed.
    Normalizer plain = new Normalizer.Accumulator(2, 4, RrEncoding.RELATIVE).add(a, rr).finish();
    assertThat(plain.rrMean()).hasSize(10);
    assertThat(plain.rrFeatureNames(RrEncoding.COLUMNS)).doesNotContain(AtrialMatch.FEATURE);
    plain.normalizeRr(rr, out, 0);
  }

  @Test
  void aSavedModelKeepsTheInputAndModelsWrittenBeforeItReadWithout() throws Exception {
    NetworkConfig cfg = BeatModelTest.smallConfig();
    ModelMetadata plain = BeatModelTest.metadata(cfg);
    Normalizer p = plain.normalizer();
    Normalizer withMatch = new Normalizer(p.leadMean(), p.leadStd(), p.rrMean(), p.rrStd(), p.count(), p.rrEncoding(),
        p.windowCut(), new AtrialMatch(2, 15, 2, 1));
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(plain.toJson());
    tree.set("normalizer", json.valueToTree(withMatch));
    ModelMetadata read = ModelMetadata.fromJson(json.writeValueAsString(tree), "m.json");
    assertThat(read.normalizer()).isEqualTo(withMatch);
    assertThat(read.normalizer().atrialMatch()).isEqualTo(new AtrialMatch(2, 15, 2, 1));

    ObjectNode old = (ObjectNode) json.readTree(plain.toJson());
    ((ObjectNode) old.get("normalizer")).remove("atrialMatch");
    assertThat(ModelMetadata.fromJson(json.writeValueAsString(old), "old.json").normalizer().atrialMatch())
        .isEqualTo(AtrialMatch.OFF);
  }
}
