package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ecgplatform.etl.signal.CleaningConfig;
import org.ecgplatform.etl.signal.ResamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BeatExtractorTest {

  /** Synthetic record: QRS-like Gaussian pulses (σ = 12 ms) on a 0.3 Hz wander, beats every ~0.8 s. */
  private static final class Synthetic {
    final float[][] signals;
    final long[] samples;
    final String[] symbols;

    Synthetic(int fsHz, double seconds) {
      int n = (int) (fsHz * seconds);
      signals = new float[2][n];
      int beats = (int) (seconds / 0.8) - 1;
      samples = new long[beats + 1];
      symbols = new String[beats + 1];
      double sigma = 0.012 * fsHz;
      for (int b = 0; b < beats; b++) {
        long pos = Math.round((0.3 + b * 0.8 + (b % 3 == 0 ? 0.05 : 0)) * fsHz);
        samples[b] = pos;
        symbols[b] = b % 5 == 0 ? "V" : "N";
        for (int i = (int) Math.max(0, pos - 6 * sigma); i < Math.min(n, pos + 6 * sigma); i++) {
          double d = (i - pos) / sigma;
          signals[0][i] += (float) Math.exp(-0.5 * d * d);
          signals[1][i] -= (float) (0.5 * Math.exp(-0.5 * d * d));
        }
      }
      samples[beats] = samples[beats - 1] + 10; // a rhythm annotation
      symbols[beats] = "+";
      for (int i = 0; i < n; i++) {
        signals[0][i] += (float) (0.4 * Math.sin(2 * Math.PI * 0.3 * i / fsHz));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {250, 360, 500, 128})
  void beatsAreCentredOnTheirPeaksAtTheTargetRate(int fsIn) {
    Synthetic rec = new Synthetic(fsIn, 30);
    ExtractionConfig config = ExtractionConfig.defaults();
    Segmentation s = new BeatExtractor(config).extract(rec.signals, fsIn, rec.samples, rec.symbols);
    int before = config.samplesBefore();
    assertThat(before).isEqualTo(90);
    assertThat(s.counts().nonBeatIgnored()).isEqualTo(1);
    assertThat(s.counts().beatsIn()).isEqualTo(rec.samples.length - 1);
    assertThat(s.counts().skippedAtEdges()).isZero();
    for (Beat b : s.beats()) {
      float[] lead0 = b.lead(0);
      float[] lead1 = b.lead(1);
      assertThat(argMax(lead0)).as("beat at %d", b.sourceSample()).isBetween(before - 1, before + 1);
      assertThat(argMin(lead1)).isBetween(before - 1, before + 1);
      // 0.4 mV wander removed down to the medians' error near its extrema (< 0.1 mV)
      assertThat((double) lead0[5]).isCloseTo(0.0, within(0.1));
      assertThat(b.sample()).isEqualTo(Math.round(b.sourceSample() * 360.0 / fsIn));
    }
    Beat third = s.beats().get(3); // 0.8 s spacing, beats 0, 3, 6 ... 50 ms late
    assertThat(third.rr().prevS()).isCloseTo(0.85, within(1.0 / fsIn + 1e-9));
    assertThat(third.aamiClass()).isEqualTo(AamiClass.N);
    assertThat(s.beats().get(0).aamiClass()).isEqualTo(AamiClass.V);
  }

  @Test
  void beatsNearTheEdgesAreSkippedAndCounted() {
    Synthetic rec = new Synthetic(360, 10);
    rec.samples[0] = 20; // too close to the start for 0.25 s before
    Segmentation s = new BeatExtractor(ExtractionConfig.defaults()).extract(rec.signals, 360, rec.samples, rec.symbols);
    assertThat(s.counts().skippedAtEdges()).isEqualTo(1);
    assertThat(s.counts().beatsIn()).isEqualTo(s.counts().windowsOut() + 1);
  }

  @Test
  void withoutCleaningAtTheSameRateWindowsAreTheRawSamples() {
    Synthetic rec = new Synthetic(360, 10);
    ExtractionConfig raw = new ExtractionConfig(CleaningConfig.none(), ResamplingConfig.defaults(), WindowConfig.defaults());
    Beat b = new BeatExtractor(raw).extract(rec.signals, 360, rec.samples, rec.symbols).beats().get(2);
    for (int i = 0; i < b.windowSamples(); i++) {
      assertThat(b.window()[i]).isEqualTo(rec.signals[0][(int) b.sample() - 90 + i]);
    }
  }

  @Test
  void nonFiniteSamplesAreAClearError() {
    Synthetic rec = new Synthetic(360, 10);
    rec.signals[1][1234] = Float.NaN;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new BeatExtractor(ExtractionConfig.defaults()).extract(rec.signals, 360, rec.samples, rec.symbols))
        .isInstanceOf(org.ecgplatform.common.EcgPlatformException.class)
        .hasMessageContaining("lead 1")
        .hasMessageContaining("index 1234");
  }

  private static int argMax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int argMin(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] < x[best]) {
        best = i;
      }
    }
    return best;
  }
}
