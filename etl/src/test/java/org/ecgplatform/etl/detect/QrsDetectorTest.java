package org.ecgplatform.etl.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecgplatform.etl.synth.SynthBeat;
import org.ecgplatform.etl.synth.SynthConfig;
import org.ecgplatform.etl.synth.SynthRecord;
import org.ecgplatform.etl.synth.SyntheticEcgGenerator;
import org.ecgplatform.etl.wfdb.Annotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detector on signals whose beats are known: the platform's synthetic records at several
 * sampling rates, and input that holds no beats at all (flat, lead-off, saturated, pure noise).
 */
class QrsDetectorTest {
  private static final QrsDetector DETECTOR = new QrsDetector();
  private static final double DURATION_S = 60;

  /** One synthetic record in mV, with its beat positions as reference annotations. */
  private record Synthetic(float[][] leads, List<Annotation> beats, double fsHz) {
    /** The generator's canonical patient (no spread between patients), whose R waves are 1.3-1.6 mV. */
    static Synthetic of(double fsHz, int index, String snrDb) {
      return of(fsHz, index, snrDb, "0");
    }

    static Synthetic of(double fsHz, int index, String snrDb, String patientSpread) {
      SynthConfig config = SynthConfig.fromMap(Map.of(SynthConfig.FS_HZ, Double.toString(fsHz),
          SynthConfig.DURATION_S, Double.toString(DURATION_S), SynthConfig.SNR_DB, snrDb,
          SynthConfig.PATIENT_SPREAD, patientSpread));
      SynthRecord r = new SyntheticEcgGenerator(config).generate(index);
      float[][] mv = new float[r.leads()][r.samplesPerLead()];
      for (int l = 0; l < r.leads(); l++) {
        for (int i = 0; i < mv[l].length; i++) {
          mv[l][i] = (float) (r.digitalSignal()[l][i] / r.gainAdcPerMv());
        }
      }
      List<Annotation> beats = new ArrayList<>();
      for (SynthBeat b : r.beats()) {
        beats.add(Annotation.of(b.sample(), 1));
      }
      return new Synthetic(mv, beats, fsHz);
    }

    float[][] copy() {
      float[][] c = new float[leads.length][];
      for (int l = 0; l < leads.length; l++) {
        c[l] = leads[l].clone();
      }
      return c;
    }

    int sample(double seconds) {
      return (int) Math.round(seconds * fsHz);
    }
  }

  /**
   * Scores the detections against the synthetic beats, leaving out the first and last 0.5 s: the
   * generator does not annotate a beat whose QRS is cut by the record's end.
   */
  private static GrossBeatMatcher.Result score(Synthetic s, float[][] leads) {
    long from = s.sample(0.5);
    long to = leads[0].length - s.sample(0.5);
    List<Annotation> ref = s.beats().stream().filter(a -> a.sample() >= from && a.sample() < to).toList();
    long[] det = Arrays.stream(DETECTOR.detect(leads, s.fsHz(), 0)).filter(b -> b >= from && b < to).toArray();
    return GrossBeatMatcher.match(ref, det, s.fsHz());
  }

  @ParameterizedTest
  @ValueSource(doubles = {128, 250, 360, 500, 1000})
  void findsEverySyntheticBeatAtAnySamplingRate(double fsHz) {
    for (String snrDb : List.of("30", "15")) {
      Synthetic s = Synthetic.of(fsHz, 0, snrDb);
      GrossBeatMatcher.Result r = score(s, s.leads());
      assertThat(r.falseNegatives()).as("missed at %s Hz, SNR %s dB", fsHz, snrDb).isZero();
      assertThat(r.falsePositives()).as("extra at %s Hz, SNR %s dB", fsHz, snrDb).isZero();
      long[] offsetsMs = Arrays.stream(r.offsets()).map(o -> Math.round(Math.abs(o) * 1000 / fsHz)).sorted().toArray();
      // The generator annotates the largest |lead 1| sample; the detector the R peak: the same sample
      // for ordinary beats, up to a wide beat's width for the others.
      assertThat(offsetsMs[offsetsMs.length / 2]).as("median |offset| ms").isLessThanOrEqualTo(10);
    }
  }

  @Test
  void findsTheBeatsOfPatientsThatDiffer() {
    // Per-patient heart rate, QRS width and axis, lead gains and ectopy (synth.patient-spread = 1).
    for (int index = 0; index < 8; index++) {
      Synthetic s = Synthetic.of(360, index, "30", "1");
      GrossBeatMatcher.Result r = score(s, s.leads());
      assertThat(r.sensitivity()).as("Se, patient %d", index).isGreaterThanOrEqualTo(99.0);
      assertThat(r.positivePredictivity()).as("+P, patient %d", index).isGreaterThanOrEqualTo(99.0);
    }
  }

  @Test
  void worksOnOneLead() {
    Synthetic s = Synthetic.of(360, 1, "30");
    for (int lead = 0; lead < 2; lead++) {
      GrossBeatMatcher.Result r = score(s, new float[][] {s.leads()[lead]});
      assertThat(r.sensitivity()).as("lead %d", lead).isEqualTo(100.0);
      assertThat(r.positivePredictivity()).as("lead %d", lead).isEqualTo(100.0);
    }
  }

  @Test
  void findsNothingOnFlatOrInvalidLeads() {
    int n = 360 * 60;
    float[][] zeros = new float[2][n];
    float[][] constant = new float[2][n];
    float[][] invalid = new float[2][n];
    for (int l = 0; l < 2; l++) {
      Arrays.fill(constant[l], 1.7f);
      Arrays.fill(invalid[l], Float.NaN);
    }
    assertThat(DETECTOR.detect(zeros, 360)).isEmpty();
    assertThat(DETECTOR.detect(constant, 360)).isEmpty();
    assertThat(DETECTOR.detect(invalid, 360)).isEmpty();
    assertThat(DETECTOR.detect(new float[][] {new float[0]}, 360)).isEmpty();
  }

  @Test
  void findsNothingOnDigitisationNoiseOfAFlatLine() {
    // A flat line whose least significant bit (5 µV) flickers: below any QRS amplitude.
    SplittableRandom random = new SplittableRandom(3);
    float[] lsb = new float[360 * 120];
    for (int i = 0; i < lsb.length; i++) {
      lsb[i] = random.nextDouble() < 0.3 ? (random.nextBoolean() ? 0.005f : -0.005f) : 0f;
    }
    assertThat(DETECTOR.detect(new float[][] {lsb}, 360)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(doubles = {128, 360, 1000})
  void findsNothingOnPureGaussianNoise(double fsHz) {
    int n = (int) (fsHz * DURATION_S);
    for (double sigmaMv : new double[] {0.005, 0.05, 0.5, 5}) {
      for (int leads = 1; leads <= 2; leads++) {
        SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(sigmaMv) + leads);
        float[][] x = new float[leads][n];
        for (float[] lead : x) {
          for (int i = 0; i < n; i++) {
            lead[i] = (float) (sigmaMv * random.nextGaussian());
          }
        }
        assertThat(DETECTOR.detect(x, fsHz)).as("white noise %s mV, %d leads, %s Hz", sigmaMv, leads, fsHz).isEmpty();
      }
    }
    // Coloured (random-walk) noise: no QRS-like slopes either.
    SplittableRandom random = new SplittableRandom(11);
    float[] red = new float[n];
    double level = 0;
    for (int i = 0; i < n; i++) {
      level = 0.995 * level + 0.02 * random.nextGaussian();
      red[i] = (float) level;
    }
    assertThat(DETECTOR.detect(new float[][] {red}, fsHz)).as("red noise at %s Hz", fsHz).isEmpty();
  }

  @Test
  void findsNothingWhereBothLeadsAreOffAndEverythingElsewhere() {
    Synthetic s = Synthetic.of(360, 0, "30");
    int from = s.sample(20);
    int to = s.sample(40);
    float[][] leadOff = s.copy();
    float[][] railed = s.copy();
    for (int l = 0; l < 2; l++) {
      Arrays.fill(leadOff[l], from, to, Float.NaN);
      // Saturated amplifier: stuck at the top of its range.
      Arrays.fill(railed[l], from, to, 5.0f);
    }
    for (float[][] x : List.of(leadOff, railed)) {
      long[] beats = DETECTOR.detect(x, s.fsHz(), 0);
      assertThat(Arrays.stream(beats).filter(b -> b >= from && b < to)).isEmpty();
      // Every reference beat whose QRS lies clear of the dead stretch (and of the record's ends) is
      // still found.
      java.util.function.LongPredicate clear = t -> (t < from - s.sample(0.3) || t >= to + s.sample(0.3))
          && t >= s.sample(0.5) && t < x[0].length - s.sample(0.5);
      List<Annotation> outside = s.beats().stream().filter(a -> clear.test(a.sample())).toList();
      GrossBeatMatcher.Result r = GrossBeatMatcher.match(outside, Arrays.stream(beats).filter(clear).toArray(), s.fsHz());
      assertThat(r.falseNegatives()).isZero();
      assertThat(r.falsePositives()).isZero();
    }
  }

  @Test
  void usesTheOtherLeadWhenOneIsOffSaturatedOrNoise() {
    Synthetic s = Synthetic.of(360, 0, "30");
    float[][] oneOff = s.copy();
    Arrays.fill(oneOff[1], Float.NaN);
    float[][] stuck = s.copy();
    Arrays.fill(stuck[0], s.sample(15), s.sample(45), -5.0f);
    float[][] noisy = s.copy();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < noisy[0].length; i++) {
      noisy[0][i] = (float) (0.3 * random.nextGaussian());
    }
    for (float[][] x : List.of(oneOff, stuck, noisy)) {
      GrossBeatMatcher.Result r = score(s, x);
      assertThat(r.falseNegatives()).isZero();
      assertThat(r.falsePositives()).isZero();
      // The fiducial comes from a lead that carries the beat, not from the noise.
      long[] offsetsMs = Arrays.stream(r.offsets()).map(o -> Math.round(Math.abs(o) * 1000 / s.fsHz())).sorted().toArray();
      assertThat(offsetsMs[offsetsMs.length / 2]).isLessThanOrEqualTo(20);
    }
  }

  @Test
  void findsBeatsWhosePeaksAreClipped() {
    // An amplifier range of ±0.6 mV cuts the R waves (about 1.3-1.6 mV here) to 40 %.
    for (int index = 0; index < 6; index++) {
      Synthetic s = Synthetic.of(360, index, "30");
      float[][] clipped = s.copy();
      for (float[] lead : clipped) {
        for (int i = 0; i < lead.length; i++) {
          lead[i] = Math.max(-0.6f, Math.min(0.6f, lead[i]));
        }
      }
      GrossBeatMatcher.Result r = score(s, clipped);
      assertThat(r.falseNegatives()).as("record %d", index).isZero();
      assertThat(r.falsePositives()).as("record %d", index).isZero();
    }
  }

  @Test
  void isDeterministicAndReportsRecordSampleNumbers() {
    Synthetic s = Synthetic.of(250, 3, "20");
    long[] first = DETECTOR.detect(s.leads(), s.fsHz(), 0);
    assertThat(DETECTOR.detect(s.leads(), s.fsHz(), 0)).containsExactly(first);
    assertThat(first).isSorted().doesNotHaveDuplicates();
    long[] shifted = DETECTOR.detect(s.leads(), s.fsHz(), 1000);
    assertThat(shifted).hasSameSizeAs(first);
    assertThat(shifted[0]).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void mergedChunksEqualTheWholeRecord() {
    Synthetic s = Synthetic.of(500, 4, "20");
    long[] whole = DETECTOR.detect(s.leads(), s.fsHz(), 0);
    List<long[]> kept = new ArrayList<>();
    for (QrsChunks.Chunk c : QrsChunks.plan(s.leads()[0].length, s.fsHz(), 25, 20)) {
      float[][] part = new float[2][];
      for (int l = 0; l < 2; l++) {
        part[l] = Arrays.copyOfRange(s.leads()[l], (int) c.readFrom(), (int) c.readTo());
      }
      kept.add(QrsChunks.keep(c, DETECTOR.detect(part, s.fsHz(), c.readFrom())));
    }
    assertThat(QrsChunks.merge(kept)).containsExactly(whole);
  }

  @Test
  void rejectsBadInputWithTheReason() {
    float[][] ok = new float[1][100];
    assertThatThrownBy(() -> DETECTOR.detect(new float[0][], 360))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no leads");
    assertThatThrownBy(() -> DETECTOR.detect(new float[][] {new float[10], new float[11]}, 360))
        .hasMessageContaining("lead 1 has 11 samples but lead 0 has 10");
    assertThatThrownBy(() -> DETECTOR.detect(ok, 10)).hasMessageContaining("10.0 Hz");
    assertThatThrownBy(() -> DETECTOR.detect(ok, Double.NaN)).hasMessageContaining("NaN Hz");
    assertThatThrownBy(() -> DETECTOR.detect(ok, 360, -1)).hasMessageContaining("sample -1");
  }
}
