package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AugmentationTest {
  private static final double FS = 360;

  private static float[] ecgLike(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / FS;
      x[i] = (float) (Math.sin(2 * Math.PI * 1.2 * t) + 0.3 * Math.sin(2 * Math.PI * 7 * t) + 0.2);
    }
    return x;
  }

  private static double measuredSnrDb(float[] clean, float[] noisy) {
    float[] noise = new float[clean.length];
    for (int i = 0; i < clean.length; i++) {
      noise[i] = noisy[i] - clean[i];
    }
    return 10 * Math.log10(Augmentations.power(clean) / Augmentations.power(noise));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 6, 12, 20, 30})
  void gaussianNoiseHasTheTargetSnr(double snrDb) {
    float[] x = ecgLike(100_000);
    float[] y = Augmentations.withGaussianNoise(x, snrDb, new SplittableRandom(snrDb > 10 ? 1 : 2));
    assertThat(measuredSnrDb(x, y)).isCloseTo(snrDb, within(0.5));
  }

  @Test
  void realNoiseHasTheTargetSnrAndComesFromTheOffset() {
    float[] x = ecgLike(20_000);
    float[] noise = new float[50_000];
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (3 + Math.sin(i / 40.0) + r.nextGaussian());
    }
    float[] y = Augmentations.withNoise(x, noise, 12_345, 12.0);
    assertThat(measuredSnrDb(x, y)).isCloseTo(12.0, within(0.05));
    // The added noise is the chosen segment, scaled, mean removed.
    double gain = (y[1] - x[1] - (y[0] - x[0])) / (noise[12_346] - noise[12_345]);
    assertThat((double) (y[100] - x[100] - (y[0] - x[0]))).isCloseTo(gain * (noise[12_445] - noise[12_345]), within(1e-3));
    assertThatThrownBy(() -> Augmentations.withNoise(x, noise, 40_000, 12.0)).hasMessageContaining("outside");
  }

  @Test
  void shiftScaleAndWander() {
    float[] x = {1, 2, 3, 4, 5};
    assertThat(Augmentations.shifted(x, 2)).containsExactly(1, 1, 1, 2, 3);
    assertThat(Augmentations.shifted(x, -1)).containsExactly(2, 3, 4, 5, 5);
    assertThat(Augmentations.scaled(x, 2)).containsExactly(2, 4, 6, 8, 10);
    float[] w = Augmentations.withBaselineWander(new float[360], FS, 0.5, 0.25, 0);
    assertThat((double) w[360 - 1]).isCloseTo(0.5 * Math.sin(2 * Math.PI * 0.25 * 359 / FS), within(1e-6));
  }

  private static Augmenter augmenter(AugmentationConfig config) {
    float[][] em = new float[1][20_000];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < em[0].length; i++) {
      em[0][i] = (float) r.nextGaussian();
    }
    return new Augmenter(config, FS, List.of(new NoiseSource("em", em)));
  }

  @Test
  void oversamplingGivesFactorMinusOneCopies() {
    Augmenter a = augmenter(AugmentationConfig.defaults());
    float[] w = ecgLike(512);
    assertThat(a.augment("100", 1000, AamiClass.S, w, 2)).hasSize(3);
    assertThat(a.augment("100", 1000, AamiClass.F, w, 2)).hasSize(3);
    assertThat(a.augment("100", 1000, AamiClass.V, w, 2)).isEmpty();
    assertThat(a.augment("100", 1000, AamiClass.N, w, 2)).isEmpty();
    Augmenter v3 = augmenter(AugmentationConfig.defaults().withOversampling(Map.of(AamiClass.V, 3)));
    assertThat(v3.augment("100", 1000, AamiClass.V, w, 2)).hasSize(2);
    assertThat(v3.augment("100", 1000, AamiClass.S, w, 2)).isEmpty();
  }

  @Test
  void deterministicRegardlessOfProcessingOrder() {
    Augmenter a = augmenter(AugmentationConfig.defaults());
    float[] w = ecgLike(256);
    List<Long> samples = new ArrayList<>();
    for (long s = 0; s < 50; s++) {
      samples.add(1000 + 300 * s);
    }
    Map<Long, List<Augmenter.AugmentedWindow>> forward = new HashMap<>();
    for (long s : samples) {
      forward.put(s, a.augment("119", s, AamiClass.S, w, 1));
    }
    Collections.shuffle(samples, new java.util.Random(1));
    Augmenter fresh = augmenter(AugmentationConfig.defaults());
    for (long s : samples) {
      List<Augmenter.AugmentedWindow> again = fresh.augment("119", s, AamiClass.S, w, 1);
      for (int c = 0; c < again.size(); c++) {
        assertThat(again.get(c).window()).containsExactly(forward.get(s).get(c).window());
        assertThat(again.get(c).description()).isEqualTo(forward.get(s).get(c).description());
      }
    }
    // Different record, sample or seed: different copies.
    assertThat(a.augment("118", 1000, AamiClass.S, w, 1).get(0).window())
        .isNotEqualTo(forward.get(1000L).get(0).window());
    assertThat(augmenter(AugmentationConfig.defaults().withSeed(7)).augment("119", 1000, AamiClass.S, w, 1)
        .get(0).window()).isNotEqualTo(forward.get(1000L).get(0).window());
  }

  @Test
  void descriptionsNameWhatWasApplied() {
    float[] w = ecgLike(256);
    AugmentationConfig onlyGauss = new AugmentationConfig(1, Map.of(AamiClass.N, 3),
        new AugmentationConfig.Noise(1, 20, 20), new AugmentationConfig.Noise(0, 0, 0),
        new AugmentationConfig.Shift(0, 0), new AugmentationConfig.Scale(0, 1, 1),
        new AugmentationConfig.Wander(0, 0, 0.1, 0.1));
    List<Augmenter.AugmentedWindow> g = new Augmenter(onlyGauss, FS, List.of()).augment("r", 5, AamiClass.N, w, 1);
    assertThat(g).extracting(Augmenter.AugmentedWindow::description).containsOnly("gauss:snr=20.0dB");

    AugmentationConfig shiftScale = new AugmentationConfig(1, Map.of(AamiClass.N, 2),
        new AugmentationConfig.Noise(0, 20, 20), new AugmentationConfig.Noise(0, 0, 0),
        new AugmentationConfig.Shift(1, 3), new AugmentationConfig.Scale(1, 1.07, 1.07),
        new AugmentationConfig.Wander(0, 0, 0.1, 0.1));
    Augmenter.AugmentedWindow s = new Augmenter(shiftScale, FS, List.of()).augment("r", 5, AamiClass.N, w, 1).get(0);
    assertThat(s.description()).matches("shift:[+-][0-3];scale:1\\.070");
    int shift = Integer.parseInt(s.description().substring(6, s.description().indexOf(';')));
    assertThat(s.window()).containsExactly(Augmentations.scaled(Augmentations.shifted(w, shift), 1.07));

    for (Augmenter.AugmentedWindow aw : augmenter(AugmentationConfig.defaults()).augment("r", 9, AamiClass.S, w, 1)) {
      assertThat(aw.description()).matches("((shift|scale|wander|gauss|noise-em)[^;]*;?)+");
    }
  }

  @Test
  void configValidationNamesFieldAndValue() {
    assertThatThrownBy(() -> new AugmentationConfig.Scale(0.5, -1, 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("etl.augment.scale.range")
        .hasMessageContaining("-1.0");
    assertThatThrownBy(() -> AugmentationConfig.defaults().withOversampling(Map.of(AamiClass.S, 0)))
        .hasMessageContaining("etl.augment.oversampling.S");
    assertThatThrownBy(() -> new Augmenter(AugmentationConfig.defaults(), FS, List.of()))
        .hasMessageContaining("etl.augment.nstdb.probability");
  }
}
