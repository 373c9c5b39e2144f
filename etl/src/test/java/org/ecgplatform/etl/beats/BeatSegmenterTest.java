package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import org.junit.jupiter.api.Test;

class BeatSegmenterTest {
  private static final double FS = 360;

  /** Lead 0 holds the sample index, lead 1 its negative: windows can be checked exactly. */
  private static float[][] ramp(int n) {
    float[][] s = new float[2][n];
    for (int i = 0; i < n; i++) {
      s[0][i] = i;
      s[1][i] = -i;
    }
    return s;
  }

  @Test
  void cutsLeadMajorWindowsAroundEachBeat() {
    WindowConfig wc = WindowConfig.defaults();
    assertThat(wc.samplesBefore(FS)).isEqualTo(90);
    assertThat(wc.samplesAfter(FS)).isEqualTo(166);
    long[] samples = {500, 900};
    Segmentation s = new BeatSegmenter(wc).segment(ramp(2000), FS,
        Annotations.atSourceRate(samples, new String[] {"N", "V"}, FS));
    assertThat(s.beats()).hasSize(2);
    Beat v = s.beats().get(1);
    assertThat(v.aamiClass()).isEqualTo(AamiClass.V);
    assertThat(v.symbol()).isEqualTo("V");
    assertThat(v.window()).hasSize(2 * 256);
    assertThat(v.windowSamples()).isEqualTo(256);
    assertThat(v.window()[90]).isEqualTo(900f);
    assertThat(v.window()[0]).isEqualTo(810f);
    assertThat(v.window()[255]).isEqualTo(1065f);
    assertThat(v.window()[256 + 90]).isEqualTo(-900f);
    assertThat(v.lead(1)[90]).isEqualTo(-900f);
  }

  @Test
  void countsEdgeSkipsAndNonBeatsSoThatInEqualsOutPlusSkipped() {
    long[] samples = {10, 50, 400, 400, 800, 1200, 1999};
    String[] symbols = {"+", "N", "N", "~", "A", "|", "N"};
    Segmentation s = new BeatSegmenter(WindowConfig.defaults()).segment(ramp(2000), FS,
        Annotations.atSourceRate(samples, symbols, FS));
    Segmentation.Counts c = s.counts();
    assertThat(c.beatsIn()).isEqualTo(4);
    assertThat(c.windowsOut()).isEqualTo(2);
    assertThat(c.skippedAtEdges()).isEqualTo(2);
    assertThat(c.nonBeatIgnored()).isEqualTo(3);
    assertThat(c.beatsIn()).isEqualTo(c.windowsOut() + c.skippedAtEdges());
    assertThat(s.beats()).extracting(Beat::beatIndex).containsExactly(1, 2);
  }

  @Test
  void windowTouchingTheLastSampleIsKept() {
    int n = 1000;
    long last = n - 166;
    Segmentation s = new BeatSegmenter(WindowConfig.defaults()).segment(ramp(n), FS,
        Annotations.atSourceRate(new long[] {90, last, last + 1}, new String[] {"N", "N", "N"}, FS));
    assertThat(s.beats()).extracting(Beat::sample).containsExactly(90L, last);
  }

  @Test
  void rrNeighboursAreBeatsNotOtherAnnotations() {
    long[] samples = {360, 500, 720, 1080};
    String[] symbols = {"N", "+", "N", "N"};
    Segmentation s = new BeatSegmenter(WindowConfig.defaults()).segment(ramp(4000), FS,
        Annotations.atSourceRate(samples, symbols, FS));
    assertThat(s.beats().get(1).rr().prevS()).isCloseTo(1.0, within(1e-9));
    assertThat(s.beats().get(1).rr().nextS()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void rrComesFromSourcePositionsWhenResampled() {
    // positions at 360 Hz mapped from 250 Hz; RR must be exact in source time.
    Annotations a = new Annotations(new long[] {360, 720, 1081}, new String[] {"N", "N", "N"},
        new long[] {250, 500, 751}, 250);
    Segmentation s = new BeatSegmenter(WindowConfig.defaults()).segment(ramp(3000), FS, a);
    assertThat(s.beats().get(2).rr().prevS()).isCloseTo(251 / 250.0, within(1e-12));
    assertThat(s.beats().get(2).sourceSample()).isEqualTo(751);
    assertThat(s.beats().get(2).sample()).isEqualTo(1081);
  }

  @Test
  void rejectsBadInputs() {
    assertThatThrownBy(() -> new WindowConfig(0.25, -1, 10))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("etl.window.after-s")
        .hasMessageContaining("-1.0");
    assertThatThrownBy(() -> Annotations.atSourceRate(new long[] {5, 3}, new String[] {"N", "N"}, FS))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("time order");
    assertThatThrownBy(() -> Annotations.atSourceRate(new long[] {5}, new String[] {"N", "N"}, FS))
        .hasMessageContaining("differ in length");
    assertThatThrownBy(() -> new BeatSegmenter(WindowConfig.defaults())
            .segment(new float[][] {new float[10], new float[11]}, FS,
                Annotations.atSourceRate(new long[0], new String[0], FS)))
        .hasMessageContaining("differ in length");
  }
}
