package org.ecgplatform.evaluation.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.Beat;
import org.ecgplatform.etl.beats.BeatExtractor;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.beats.Segmentation;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;

class AtrialActivityTest {
  /** reference.conf's segment, 0.23 to 0.07 s before the beat, in the ETL's default window (90 samples before, 360 Hz). */
  static AtrialActivity at(double maxSimilarity) {
    return AtrialActivity.of(0.23, 0.07, maxSimilarity, 360, 90);
  }

  /** A window whose first lead holds a P wave (a bump) before the beat, with noise of the given size. */
  static float[] window(Random random, double pWave, double noise) {
    float[] w = new float[256];
    for (int j = 0; j < w.length; j++) {
      double p = pWave * Math.exp(-Math.pow((j - 40) / 8.0, 2));
      w[j] = (float) (p + noise * random.nextGaussian());
    }
    return w;
  }

  @Test
  void theSegmentIsTheFirstLeadBeforeTheBeatWithItsMeanRemoved() {
    AtrialActivity a = at(0.7);
    assertThat(a.from()).isEqualTo(90 - 83);
    assertThat(a.to()).isEqualTo(90 - 25);
    float[] w = new float[512]; // two leads
    for (int j = 0; j < w.length; j++) {
      w[j] = j;
    }
    double[] s = a.segment(w);
    assertThat(s).hasSize(58);
    assertThat(s[0]).isCloseTo(-28.5, within(1e-9));
    assertThat(s[57]).isCloseTo(28.5, within(1e-9));
  }

  @Test
  void similarityIsOneForARepeatedPWaveAndLowForUnrelatedSegments() {
    Random random = new Random(3);
    AtrialActivity a = at(0.7);
    List<double[]> p = new ArrayList<>();
    List<double[]> fibrillation = new ArrayList<>();
    for (int k = 0; k < 64; k++) {
      p.add(a.segment(window(random, 0.15, 0.01)));
      fibrillation.add(a.segment(window(random, 0, 0.05)));
    }
    assertThat(AtrialActivity.similarity(p)).isGreaterThan(0.9);
    assertThat(AtrialActivity.similarity(fibrillation)).isLessThan(0.4);
    assertThat(a.organised(AtrialActivity.similarity(p))).isTrue();
    assertThat(a.organised(AtrialActivity.similarity(fibrillation))).isFalse();
    // a flat segment correlates 0; the median of an even count is the mean of the middle two
    assertThat(AtrialActivity.correlation(new double[8], p.get(0))).isZero();
    assertThat(AtrialActivity.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void refiningKeepsOnlyTheFlaggedBeatsOfUnorganisedStretches() {
    Random random = new Random(5);
    AtrialActivity a = at(0.7);
    List<double[]> segments = new ArrayList<>();
    boolean[] flags = new boolean[300];
    for (int i = 0; i < 300; i++) {
      // beats 0..149 have P waves, 150..299 fibrillatory waves; all but the first 10 flagged by their RR intervals
      segments.add(a.segment(i < 150 ? window(random, 0.15, 0.01) : window(random, 0, 0.05)));
      flags[i] = i >= 10;
    }
    boolean[] refined = a.refine(flags, segments, 32);
    for (int i = 0; i < 300; i++) {
      if (i < 10 || i < 150 - 32) {
        assertThat(refined[i]).as("beat %d", i).isFalse();
      } else if (i > 150 + 32) {
        assertThat(refined[i]).as("beat %d", i).isTrue();
      }
    }
    // off: the RR flags unchanged
    assertThat(at(1).refine(flags, segments, 32)).containsExactly(flags);
    assertThat(at(1).enabled()).isFalse();
    assertThatThrownBy(() -> a.refine(flags, segments.subList(0, 10), 32)).hasMessageContaining("10 segments for 300 beats");
  }

  /**
   * MIT-BIH DS1's rhythm labels (DS2 is never read), with the ETL's windows of the reference beats:
   * of the beats the RR intervals place in an irregular rhythm, nearly all inside AF/flutter stay
   * gated, most outside go, and so do nearly all S beats outside AF/flutter.
   */
  @Test
  void onMitdbDs1TheAfStretchesStayGatedAndTheEctopicOnesGo() {
    LocalWfdbStorage db = new LocalWfdbStorage(TestData.require("mitdb"));
    AtrialActivity a = at(0.7);
    long afFlagged = 0;
    long afKept = 0;
    long otherFlagged = 0;
    long otherKept = 0;
    long sFlagged = 0;
    long sKept = 0;
    for (String r : List.of("101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122", "124", "201",
        "203", "205", "207", "208", "209", "215", "220", "223", "230")) {
      WfdbRecord rec = WfdbRecord.open(db, r);
      int lead = 0;
      while (!rec.header().signals().get(lead).description().equals("MLII")) {
        lead++;
      }
      List<Annotation> anns = Annotations.read(db, r, "atr");
      long[] samples = new long[anns.size()];
      String[] symbols = new String[anns.size()];
      Map<Long, Boolean> inAf = new HashMap<>();
      boolean af = false;
      for (int i = 0; i < anns.size(); i++) {
        Annotation x = anns.get(i);
        if (x.hasAux() && x.aux().startsWith("(")) {
          af = x.aux().startsWith("(AFIB") || x.aux().startsWith("(AFL");
        }
        samples[i] = x.sample();
        symbols[i] = x.symbol();
        inAf.put(x.sample(), af);
      }
      Segmentation seg = new BeatExtractor(ExtractionConfig.defaults())
          .extract(rec.readMillivolts(0, rec.availableFrames(), new int[] {lead}), 360, samples, symbols);
      List<Beat> beats = seg.beats();
      assertThat(beats.get(0).windowSamples()).isEqualTo(256);
      double[] t = beats.stream().mapToDouble(Beat::sample).toArray();
      boolean[] rhythm = AfDetectorTest.DEFAULTS.flags(t);
      boolean[] kept = a.refine(rhythm, beats.stream().map(b -> a.segment(b.window())).toList(), 32);
      for (int i = 0; i < beats.size(); i++) {
        if (!rhythm[i]) {
          continue;
        }
        int k = kept[i] ? 1 : 0;
        if (inAf.get(beats.get(i).sourceSample())) {
          afFlagged++;
          afKept += k;
        } else {
          otherFlagged++;
          otherKept += k;
          if (beats.get(i).aamiClass() == AamiClass.S) {
            sFlagged++;
            sKept += k;
          }
        }
      }
    }
    assertThat(afFlagged).isGreaterThan(3000);
    assertThat((double) afKept / afFlagged).isGreaterThan(0.97);
    assertThat(otherFlagged).isGreaterThan(3000);
    assertThat((double) otherKept / otherFlagged).isLessThan(0.3);
    assertThat(sFlagged).isGreaterThan(80);
    assertThat((double) sKept / sFlagged).isLessThan(0.1);
  }

  @Test
  void badSettingsAreErrors() {
    assertThatThrownBy(() -> AtrialActivity.of(0.3, 0.07, 0.7, 360, 90)).hasMessageContaining("reaches before the window");
    assertThatThrownBy(() -> AtrialActivity.of(0.07, 0.23, 0.7, 360, 90)).hasMessageContaining("must exceed");
    assertThatThrownBy(() -> AtrialActivity.of(0.23, 0.22, 0.7, 360, 90)).hasMessageContaining("at least 8 samples");
    assertThatThrownBy(() -> AtrialActivity.of(0.23, 0.07, Double.NaN, 360, 90)).hasMessageContaining("above -1");
    assertThatThrownBy(() -> at(0.7).segment(new float[20])).hasMessageContaining("no samples [7, 65)");
  }
}
