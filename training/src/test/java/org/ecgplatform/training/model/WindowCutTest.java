package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowCutTest {
  /** 100 Hz, 10 samples before the fiducial point, rr_next_s in column 1. */
  private static final WindowCut CUT = new WindowCut(0.05, 100, 10, 1);

  private static float[] rr(double next) {
    return new float[] {0.8f, (float) next, 0.8f, 0.8f};
  }

  @Test
  void theWindowEndsTheGivenTimeBeforeTheNextBeat() {
    // Next beat 0.10 s after this one: cut 0.05 s before it, at sample 10 + 5.
    assertThat(CUT.cutIndex(30, rr(0.10))).isEqualTo(15);
    assertThat(CUT.cutIndex(30, rr(0.184))).isEqualTo(23);
    // A next beat beyond the window, an unknown interval, or no cut: nothing is cut.
    assertThat(CUT.cutIndex(30, rr(0.30))).isEqualTo(30);
    assertThat(CUT.cutIndex(30, rr(0))).isEqualTo(30);
    assertThat(CUT.cutIndex(30, rr(Double.NaN))).isEqualTo(30);
    assertThat(WindowCut.OFF.cutIndex(30, rr(0.10))).isEqualTo(30);
    // A next beat closer than the cut keeps the fiducial point itself.
    assertThat(CUT.cutIndex(30, rr(0.02))).isEqualTo(11);
  }

  @Test
  void everyChannelHoldsItsLastValueFromTheCutOn() {
    float[] window = new float[60];
    for (int i = 0; i < window.length; i++) {
      window[i] = i;
    }
    float[] before = window.clone();
    float[] cut = CUT.apply(window, 2, rr(0.10));
    assertThat(window).containsExactly(before); // the input is not changed
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 30; i++) {
        assertThat(cut[c * 30 + i]).as("channel %d sample %d", c, i).isEqualTo(i < 15 ? c * 30 + i : c * 30 + 14);
      }
    }
    assertThat(CUT.apply(window, 2, rr(0.5))).isSameAs(window);
    assertThat(WindowCut.OFF.apply(window, 2, rr(0.1))).isSameAs(window);
  }

  @Test
  void theNormaliserCutsAsApplyDoesWithoutChangingItsInput() {
    double[] mean = {1.5, -2};
    double[] std = {2, 0.5};
    double[] rrMean = {0, 0, 0, 0};
    double[] rrStd = {1, 1, 1, 1};
    Normalizer cutting = new Normalizer(mean, std, rrMean, rrStd, 1, RrEncoding.SECONDS, CUT);
    Normalizer plain = new Normalizer(mean, std, rrMean, rrStd, 1, RrEncoding.SECONDS);
    Random random = new Random(3);
    float[] window = new float[60];
    for (int i = 0; i < window.length; i++) {
      window[i] = (float) random.nextGaussian();
    }
    float[] before = window.clone();
    for (double next : new double[] {0.02, 0.10, 0.184, 0.5, 0}) {
      float[] got = new float[window.length + 3];
      cutting.normalizeWindow(window, rr(next), got, 3);
      float[] want = new float[window.length + 3];
      plain.normalizeWindow(CUT.apply(window, 2, rr(next)), rr(next), want, 3);
      assertThat(got).as("next beat after %s s", next).containsExactly(want);
      assertThat(window).containsExactly(before);
    }
  }

  @Test
  void aDatasetWithoutTheNextIntervalCannotBeCut() {
    assertThat(WindowCut.of(-1, 360, 90, List.of("rr_prev_s"), "file:/d")).isEqualTo(WindowCut.OFF);
    WindowCut cut = WindowCut.of(0.1, 360, 90, List.of("rr_prev_s", DatasetSchema.RR_NEXT), "file:/d");
    assertThat(cut).isEqualTo(new WindowCut(0.1, 360, 90, 1));
    assertThatThrownBy(() -> WindowCut.of(0.1, 360, 90, List.of("rr_prev_s"), "file:/d"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file:/d")
        .hasMessageContaining("rr_next_s");
  }

  @Test
  void aSavedModelCutsItsInputsAsItWasTrained(@TempDir Path dir) throws Exception {
    NetworkConfig cfg = BeatModelTest.smallConfig();
    ModelMetadata plain = BeatModelTest.metadata(cfg);
    // The test schema: 128 Hz, 24 samples before the fiducial point, 40 from it; 2 leads.
    WindowCut cut = WindowCut.of(0.05, 128, 24, plain.rrFeatures(), "test");
    ModelMetadata meta = BeatModelTest.metadata(cfg, cut);
    assertThat(ModelMetadata.fromJson(meta.toJson(), "test").normalizer()).isEqualTo(meta.normalizer());

    BeatModel model = new BeatModel(BeatNetwork.build(cfg, null), meta);
    String uri = dir.resolve("m").toUri().toString();
    model.save(uri, new Configuration());
    BeatModel loaded = BeatModel.load(uri, new Configuration());
    assertThat(loaded.metadata().normalizer().windowCut()).isEqualTo(cut);

    // Next beat 0.25 s on (32 samples): the window is cut at 24 + round(0.2 * 128) = 50 of 64.
    Random rnd = new Random(5);
    float[] a = new float[2 * 64];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    float[] after = a.clone();   // differs only from the cut on
    float[] inside = a.clone();  // differs before it
    for (int c = 0; c < 2; c++) {
      for (int i = 50; i < 64; i++) {
        after[c * 64 + i] += 3f;
      }
      inside[c * 64 + 40] += 3f;
    }
    float[] r = {0.8f, 0.25f, 0.8f, 0.8f};
    float[][] p = loaded.predictProbabilities(new float[][] {a, after, inside}, new float[][] {r, r, r});
    assertThat(p[1]).containsExactly(p[0], within(1e-7f));
    assertThat(p[2]).isNotEqualTo(p[0]);
    // Without the cut the model sees the difference.
    float[][] q = new BeatModel(model.graph(), plain).predictProbabilities(new float[][] {a, after}, new float[][] {r, r});
    assertThat(q[1]).isNotEqualTo(q[0]);
  }

  @Test
  void modelsWrittenBeforeTheCutReadAsUncut() throws Exception {
    ModelMetadata cut = BeatModelTest.metadata(BeatModelTest.smallConfig(), new WindowCut(0.1, 128, 24, 1));
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(cut.toJson());
    assertThat(((ObjectNode) tree.get("normalizer")).remove("windowCut")).isNotNull();
    ModelMetadata old = ModelMetadata.fromJson(json.writeValueAsString(tree), "old.json");
    assertThat(old.normalizer().windowCut()).isEqualTo(WindowCut.OFF);
  }
}
