package org.ecgplatform.etl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the generator claims: annotations on the generated R peaks, rhythm, class mix, morphology,
 * reproducibility; most of it for one patient with the configured values (patient spread 0), then
 * how patients differ.
 */
class SyntheticEcgGeneratorTest {
  /** 30 minutes, many ectopics, no noise nor wander, every patient the configured one: for positions and rhythm. */
  private static SynthConfig clean;
  private static SynthRecord cleanRecord;

  @BeforeAll
  static void generate() {
    clean = SynthConfig.fromMap(Map.of(SynthConfig.DURATION_S, "1800", SynthConfig.FRACTION_V, "0.10",
        SynthConfig.FRACTION_S, "0.08", SynthConfig.FRACTION_F, "0.05", SynthConfig.SNR_DB, "inf",
        SynthConfig.BASELINE_WANDER_MV, "0", SynthConfig.HR_STD_BPM, "3", SynthConfig.MEAN_HR_BPM, "72",
        SynthConfig.PATIENT_SPREAD, "0"));
    cleanRecord = new SyntheticEcgGenerator(clean).generate(0);
  }

  @Test
  void annotationsOfNormalAtrialAndFusionBeatsAreLocalMaximaOfTheCleanSignal() {
    float[] z = cleanRecord.cleanMv()[0];
    int checked = 0;
    for (SynthBeat b : cleanRecord.beats()) {
      if (b.type() == BeatType.PREMATURE_VENTRICULAR) {
        continue;
      }
      int s = b.sample();
      assertThat(z[s]).as("beat %s at %d", b.type(), s).isGreaterThan(0.5f)
          .isGreaterThanOrEqualTo(z[s - 1]).isGreaterThanOrEqualTo(z[s + 1]);
      checked++;
    }
    assertThat(checked).isGreaterThan(1500);
  }

  @Test
  void annotationsOfVentricularBeatsAreTheQrsExtremum() {
    float[] z = cleanRecord.cleanMv()[0];
    int half = (int) Math.round(0.08 * clean.fsHz());
    List<SynthBeat> v = ofType(cleanRecord, BeatType.PREMATURE_VENTRICULAR);
    assertThat(v).hasSizeGreaterThan(100);
    for (SynthBeat b : v) {
      int s = b.sample();
      for (int n = s - half; n <= s + half; n++) {
        assertThat(Math.abs(z[s])).as("V beat at %d vs %d", s, n).isGreaterThanOrEqualTo(Math.abs(z[n]));
      }
    }
  }

  @Test
  void rPeaksFallWhereTheScheduleAimedThePhase() {
    for (SynthBeat b : cleanRecord.beats()) {
      assertThat((double) b.sample()).as("beat %s", b).isCloseTo(b.scheduledRTimeS() * clean.fsHz(), within(2.0));
    }
  }

  @Test
  void sinusRhythmHasTheConfiguredMeanAndVariability() {
    double fs = clean.fsHz();
    List<SynthBeat> beats = cleanRecord.beats();
    List<Double> hr = new ArrayList<>();
    for (int i = 1; i < beats.size(); i++) {
      if (beats.get(i).type() == BeatType.NORMAL && beats.get(i - 1).type() == BeatType.NORMAL
          && (i < 2 || !beats.get(i - 2).type().isPremature())) {
        hr.add(60.0 * fs / (beats.get(i).sample() - beats.get(i - 1).sample()));
      }
    }
    double mean = hr.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double std = Math.sqrt(hr.stream().mapToDouble(h -> (h - mean) * (h - mean)).sum() / (hr.size() - 1));
    assertThat(mean).isCloseTo(72.0, within(72.0 * 0.03));
    assertThat(std).isCloseTo(3.0, within(3.0 * 0.3));
  }

  @Test
  void ventricularBeatsHaveAFullCompensatoryPause() {
    SynthRecord r = new SyntheticEcgGenerator(clean.with(SynthConfig.HR_STD_BPM, 0)).generate(1);
    double rr = r.fsHz() * clean.meanRrS();
    int seen = 0;
    List<SynthBeat> beats = r.beats();
    for (int i = 1; i + 1 < beats.size(); i++) {
      if (beats.get(i).type() != BeatType.PREMATURE_VENTRICULAR) {
        continue;
      }
      int before = beats.get(i).sample() - beats.get(i - 1).sample();
      int after = beats.get(i + 1).sample() - beats.get(i).sample();
      assertThat((double) before).as("coupling").isBetween(0.6 * rr - 2, 0.8 * rr + 2);
      assertThat((double) (before + after)).as("before + after").isCloseTo(2 * rr, within(2.0));
      seen++;
    }
    assertThat(seen).isGreaterThan(100);
  }

  @Test
  void compensatoryPauseHoldsWithHeartRateVariability() {
    List<SynthBeat> beats = cleanRecord.beats();
    double fs = clean.fsHz();
    // The pause spans two consecutive sinus intervals, which differ by the (slow) HRV only.
    double ratioSum = 0;
    int seen = 0;
    for (int i = 1; i + 1 < beats.size(); i++) {
      SynthBeat b = beats.get(i);
      if (b.type() == BeatType.PREMATURE_VENTRICULAR) {
        double ratio = (beats.get(i + 1).sample() - beats.get(i - 1).sample()) / fs / (2 * b.sinusRrS());
        assertThat(ratio).isCloseTo(1.0, within(0.08));
        ratioSum += ratio;
        seen++;
      }
    }
    assertThat(ratioSum / seen).isCloseTo(1.0, within(0.01));
  }

  @Test
  void atrialBeatsArePrematureWithANonCompensatoryPause() {
    SynthRecord r = new SyntheticEcgGenerator(clean.with(SynthConfig.HR_STD_BPM, 0)).generate(2);
    double rr = r.fsHz() * clean.meanRrS();
    int seen = 0;
    List<SynthBeat> beats = r.beats();
    for (int i = 1; i + 1 < beats.size(); i++) {
      if (beats.get(i).type() != BeatType.PREMATURE_ATRIAL) {
        continue;
      }
      int before = beats.get(i).sample() - beats.get(i - 1).sample();
      int after = beats.get(i + 1).sample() - beats.get(i).sample();
      assertThat((double) before).as("coupling").isBetween(0.65 * rr - 2, 0.85 * rr + 2);
      assertThat((double) after).as("sinus node reset: one sinus RR after the ectopic beat").isCloseTo(rr, within(2.0));
      assertThat((double) (before + after)).as("non-compensatory").isLessThan(2 * rr - 0.1 * rr);
      seen++;
    }
    assertThat(seen).isGreaterThan(100);
  }

  @Test
  void normalAndFusionBeatsAreOnTime() {
    SynthRecord r = new SyntheticEcgGenerator(clean.with(SynthConfig.HR_STD_BPM, 0)).generate(3);
    double rr = r.fsHz() * clean.meanRrS();
    List<SynthBeat> beats = r.beats();
    int fusion = 0;
    for (int i = 1; i < beats.size(); i++) {
      SynthBeat b = beats.get(i);
      SynthBeat prev = beats.get(i - 1);
      if (!b.type().isPremature() && prev.type().pause() == BeatType.Pause.NONE) {
        assertThat((double) (b.sample() - prev.sample())).as("%s after %s", b.type(), prev.type()).isCloseTo(rr, within(2.0));
        fusion += b.type() == BeatType.FUSION ? 1 : 0;
      }
    }
    assertThat(fusion).isGreaterThan(30);
  }

  @Test
  void classMixMatchesTheConfiguredFractions() {
    Map<BeatType, Long> counts = cleanRecord.beatCounts();
    double total = cleanRecord.beats().size();
    assertThat(total).isGreaterThan(2000);
    assertThat(counts.get(BeatType.PREMATURE_VENTRICULAR) / total).isCloseTo(0.10, within(0.02));
    assertThat(counts.get(BeatType.PREMATURE_ATRIAL) / total).isCloseTo(0.08, within(0.02));
    assertThat(counts.get(BeatType.FUSION) / total).isCloseTo(0.05, within(0.015));
    assertThat(cleanRecord.beats().get(0).type()).isEqualTo(BeatType.NORMAL);
  }

  @Test
  void ectopicBeatsAreNeverConsecutive() {
    List<SynthBeat> beats = cleanRecord.beats();
    for (int i = 1; i < beats.size(); i++) {
      assertThat(beats.get(i - 1).type().isPremature() && beats.get(i).type().isPremature()).as("beat %d", i).isFalse();
    }
  }

  @Test
  void ventricularBeatsAreWideWithDiscordantT() {
    float[] z = cleanRecord.cleanMv()[0];
    double fs = clean.fsHz();
    double nWidth = meanHalfMaxWidth(z, ofType(cleanRecord, BeatType.NORMAL), fs);
    double vWidth = meanHalfMaxWidth(z, ofType(cleanRecord, BeatType.PREMATURE_VENTRICULAR), fs);
    assertThat(vWidth).isGreaterThan(2 * nWidth);
    // T wave: largest deflection 150–450 ms after the R peak, sign compared with the QRS.
    for (SynthBeat b : ofType(cleanRecord, BeatType.PREMATURE_VENTRICULAR)) {
      assertThat(extremum(z, b.sample() + (int) (0.15 * fs), b.sample() + (int) (0.40 * fs))).isLessThan(-0.3);
    }
    for (SynthBeat b : ofType(cleanRecord, BeatType.NORMAL).subList(10, 60)) {
      assertThat(extremum(z, b.sample() + (int) (0.15 * fs), b.sample() + (int) (0.40 * fs))).isGreaterThan(0.15);
      assertThat(extremum(z, b.sample() - (int) (0.25 * fs), b.sample() - (int) (0.12 * fs))).isGreaterThan(0.08);
    }
  }

  @Test
  void fusionBeatsAreBetweenNormalAndVentricularBeats() {
    float[] z = cleanRecord.cleanMv()[0];
    double fs = clean.fsHz();
    double n = meanHalfMaxWidth(z, ofType(cleanRecord, BeatType.NORMAL), fs);
    double f = meanHalfMaxWidth(z, ofType(cleanRecord, BeatType.FUSION), fs);
    double v = meanHalfMaxWidth(z, ofType(cleanRecord, BeatType.PREMATURE_VENTRICULAR), fs);
    assertThat(f).isGreaterThan(n * 1.2).isLessThan(v * 0.9);
  }

  @Test
  void atrialBeatsHaveAnInvertedPWaveAndNormalBeatsAnUprightOne() {
    float[] z = cleanRecord.cleanMv()[0];
    double fs = clean.fsHz();
    for (SynthBeat b : ofType(cleanRecord, BeatType.PREMATURE_ATRIAL)) {
      assertThat(extremum(z, b.sample() - (int) (0.20 * fs), b.sample() - (int) (0.07 * fs))).as("beat at %d", b.sample()).isLessThan(-0.03);
    }
  }

  @Test
  void ventricularBeatsHaveNoPWaveInTheTable() {
    Morphology v = BeatType.PREMATURE_VENTRICULAR.morphology();
    for (int lead = 0; lead < Morphology.MAX_LEADS; lead++) {
      assertThat(v.amplitudeMv(lead, Wave.P)).isZero();
      assertThat(v.widthRad(Wave.R)).isGreaterThan(2 * BeatType.NORMAL.morphology().widthRad(Wave.R));
    }
  }

  @Test
  void noiseHasTheConfiguredSignalToNoiseRatio() {
    SynthConfig noisy = clean.with(SynthConfig.DURATION_S, 120).with(SynthConfig.SNR_DB, 15);
    SynthRecord r = new SyntheticEcgGenerator(noisy).generate(0);
    for (int lead = 0; lead < r.leads(); lead++) {
      float[] c = r.cleanMv()[lead];
      float[] noise = new float[c.length];
      for (int n = 0; n < c.length; n++) {
        noise[n] = (float) (r.digitalSignal()[lead][n] / r.gainAdcPerMv() - c[n]);
      }
      double snr = 10 * Math.log10(SyntheticEcgGenerator.variance(c) / SyntheticEcgGenerator.variance(noise));
      assertThat(snr).as("lead %d", lead).isCloseTo(15.0, within(0.3));
    }
  }

  @Test
  void baselineWanderIsASlowSinusoidOfTheConfiguredAmplitude() {
    SynthConfig wander = clean.with(SynthConfig.DURATION_S, 60).with(SynthConfig.BASELINE_WANDER_MV, 0.5);
    SynthRecord r = new SyntheticEcgGenerator(wander).generate(0);
    float[] c = r.cleanMv()[0];
    double max = 0;
    double min = 0;
    for (int n = 0; n < c.length; n++) {
      double w = r.digitalSignal()[0][n] / r.gainAdcPerMv() - c[n];
      max = Math.max(max, w);
      min = Math.min(min, w);
    }
    assertThat(max).isCloseTo(0.5, within(0.01));
    assertThat(min).isCloseTo(-0.5, within(0.01));
  }

  @Test
  void sameSeedAndIndexGiveTheSameRecordWhateverTheDatabaseSize() {
    SynthConfig small = clean.with(SynthConfig.DURATION_S, 60).with(SynthConfig.SNR_DB, 20).with(SynthConfig.RECORDS, 5);
    SynthRecord a = new SyntheticEcgGenerator(small).generate(3);
    SynthRecord b = new SyntheticEcgGenerator(small.with(SynthConfig.RECORDS, 500)).generate(3);
    assertThat(Arrays.deepEquals(a.digitalSignal(), b.digitalSignal())).isTrue();
    assertThat(a.beats()).isEqualTo(b.beats());
    assertThat(a.name()).isEqualTo("s0003");
  }

  @Test
  void differentSeedsOrIndicesGiveDifferentRecords() {
    SynthConfig small = clean.with(SynthConfig.DURATION_S, 60).with(SynthConfig.SNR_DB, 20);
    SynthRecord a = new SyntheticEcgGenerator(small).generate(0);
    SynthRecord otherSeed = new SyntheticEcgGenerator(small.with(SynthConfig.SEED, 2)).generate(0);
    SynthRecord otherIndex = new SyntheticEcgGenerator(small).generate(1);
    assertThat(Arrays.deepEquals(a.digitalSignal(), otherSeed.digitalSignal())).isFalse();
    assertThat(Arrays.deepEquals(a.digitalSignal(), otherIndex.digitalSignal())).isFalse();
    assertThat(a.beats()).isNotEqualTo(otherSeed.beats());
  }

  @Test
  void digitalSamplesStayInsideTheFormatRange() {
    SynthConfig loud = clean.with(SynthConfig.DURATION_S, 30).with(SynthConfig.GAIN_ADC_PER_MV, 2000);
    SynthRecord r = new SyntheticEcgGenerator(loud).generate(0);
    assertThat(Arrays.stream(r.digitalSignal()[0]).max().orElseThrow()).isEqualTo(2047);
    assertThat(Arrays.stream(r.digitalSignal()[0]).min().orElseThrow()).isGreaterThanOrEqualTo(-2047);
  }

  @Test
  void oneLeadConfigurationGivesOneLead() {
    SynthRecord r = new SyntheticEcgGenerator(clean.with(SynthConfig.DURATION_S, 20).with(SynthConfig.LEADS, 1)
        .with(SynthConfig.FS_HZ, 250).with(SynthConfig.FORMAT, 16)).generate(0);
    assertThat(r.leads()).isEqualTo(1);
    assertThat(r.samplesPerLead()).isEqualTo(5000);
    assertThat(r.format()).isEqualTo(org.ecgplatform.etl.wfdb.SignalFormat.FMT_16);
  }

  @ParameterizedTest
  @CsvSource({
      // fsHz, meanHrBpm, hrStdBpm, fractionV, fractionS
      "100, 150, 25, 0.3, 0.2",
      "128, 40, 6, 0.1, 0.1",
      "1000, 90, 5, 0.25, 0.25",
      "250, 30, 5, 0.0, 0.5"})
  void extremeSettingsKeepAnnotationsOnPeaksAndInOrder(double fsHz, double hr, double hrStd, double fv, double fs) {
    SynthConfig c = clean.with(SynthConfig.DURATION_S, 120).with(SynthConfig.FS_HZ, fsHz).with(SynthConfig.MEAN_HR_BPM, hr)
        .with(SynthConfig.HR_STD_BPM, hrStd).with(SynthConfig.FRACTION_V, fv).with(SynthConfig.FRACTION_S, fs)
        .with(SynthConfig.FRACTION_F, 0.05);
    SynthRecord r = new SyntheticEcgGenerator(c).generate(0);
    float[] z = r.cleanMv()[0];
    assertThat(r.beats().size()).isGreaterThan((int) (hr * 2 * 0.7));
    for (int i = 0; i < r.beats().size(); i++) {
      SynthBeat b = r.beats().get(i);
      if (i > 0) {
        assertThat(b.sample()).isGreaterThan(r.beats().get(i - 1).sample());
      }
      if (b.type() != BeatType.PREMATURE_VENTRICULAR) {
        assertThat(z[b.sample()]).as("%s", b).isGreaterThan(0.5f).isGreaterThanOrEqualTo(z[b.sample() - 1])
            .isGreaterThanOrEqualTo(z[b.sample() + 1]);
      }
      assertThat((double) b.sample()).isCloseTo(b.scheduledRTimeS() * fsHz, within(2.0 + fsHz / 360));
    }
  }

  @Test
  void withoutSpreadEveryPatientHasTheConfiguredValuesAndTheTableShapes() {
    PatientTraits p = cleanRecord.patient();
    assertThat(p.meanHrBpm()).isEqualTo(72.0);
    assertThat(p.hrStdBpm()).isEqualTo(3.0);
    assertThat(p.snrDb()).isInfinite();
    assertThat(p.fractionV()).isEqualTo(0.10);
    assertThat(p.fractionS()).isEqualTo(0.08);
    assertThat(p.vRunProbability()).isZero();
    for (BeatType t : BeatType.values()) {
      assertThat(p.morphology(t).rows()).as("%s", t).isDeepEqualTo(t.morphology().rows());
    }
  }

  /** The demo's database: patients drawn with the default spread. */
  private static List<SynthRecord> patients(int n, double durationS, long seed) {
    SynthConfig c = SynthConfig.fromMap(Map.of(SynthConfig.DURATION_S, String.valueOf(durationS),
        SynthConfig.SEED, String.valueOf(seed)));
    SyntheticEcgGenerator g = new SyntheticEcgGenerator(c);
    List<SynthRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(g.generate(i));
    }
    return out;
  }

  @Test
  void patientsDifferInRateQrsNoiseAndEctopy() {
    List<SynthRecord> db = patients(16, 300, 1);
    double[] hr = new double[db.size()];
    double[] vShare = new double[db.size()];
    double[] sShare = new double[db.size()];
    java.util.Set<EctopyProfile> profiles = java.util.EnumSet.noneOf(EctopyProfile.class);
    for (int i = 0; i < db.size(); i++) {
      SynthRecord r = db.get(i);
      List<SynthBeat> beats = r.beats();
      // Measured, not just drawn: mean heart rate over sinus-to-sinus intervals, class shares.
      double sum = 0;
      int n = 0;
      for (int k = 1; k < beats.size(); k++) {
        if (beats.get(k).type() == BeatType.NORMAL && beats.get(k - 1).type() == BeatType.NORMAL) {
          sum += (beats.get(k).sample() - beats.get(k - 1).sample()) / r.fsHz();
          n++;
        }
      }
      hr[i] = 60 / (sum / n);
      assertThat(hr[i]).as("patient %d", i).isCloseTo(r.patient().meanHrBpm(), within(r.patient().meanHrBpm() * 0.05));
      Map<BeatType, Long> counts = r.beatCounts();
      vShare[i] = counts.get(BeatType.PREMATURE_VENTRICULAR) / (double) beats.size();
      sShare[i] = counts.get(BeatType.PREMATURE_ATRIAL) / (double) beats.size();
      profiles.add(r.patient().ectopy());
    }
    assertThat(Arrays.stream(hr).max().orElseThrow() - Arrays.stream(hr).min().orElseThrow()).isGreaterThan(20);
    assertThat(Arrays.stream(vShare).filter(v -> v == 0).count()).as("patients without V beats").isGreaterThanOrEqualTo(2);
    assertThat(Arrays.stream(vShare).max().orElseThrow()).as("most V beats").isGreaterThan(0.08);
    assertThat(Arrays.stream(sShare).max().orElseThrow()).as("most S beats").isGreaterThan(0.06);
    assertThat(profiles).hasSizeGreaterThanOrEqualTo(3);
    assertThat(db).extracting(r -> r.patient().snrDb()).doesNotHaveDuplicates();
    assertThat(db.stream().mapToDouble(r -> r.patient().axisDeg()).max().orElseThrow()
        - db.stream().mapToDouble(r -> r.patient().axisDeg()).min().orElseThrow()).as("QRS axes").isGreaterThan(40);

    // The QRS width drawn is the width measured on the clean sinus beats.
    SynthRecord narrow = db.stream().min(java.util.Comparator.comparingDouble(r -> r.patient().qrsWidthFactor())).orElseThrow();
    SynthRecord wide = db.stream().max(java.util.Comparator.comparingDouble(r -> r.patient().qrsWidthFactor())).orElseThrow();
    assertThat(wide.patient().qrsWidthFactor()).isGreaterThan(narrow.patient().qrsWidthFactor() * 1.2);
    assertThat(meanHalfMaxWidth(wide.cleanMv()[0], ofType(wide, BeatType.NORMAL), wide.fsHz()))
        .isGreaterThan(1.1 * meanHalfMaxWidth(narrow.cleanMv()[0], ofType(narrow, BeatType.NORMAL), narrow.fsHz()));
  }

  @Test
  void theSameSeedGivesTheSamePatientsAndRecords() {
    List<SynthRecord> a = patients(4, 60, 7);
    List<SynthRecord> b = patients(4, 60, 7);
    List<SynthRecord> other = patients(4, 60, 8);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Arrays.deepEquals(a.get(i).digitalSignal(), b.get(i).digitalSignal())).isTrue();
      assertThat(a.get(i).beats()).isEqualTo(b.get(i).beats());
      assertThat(a.get(i).patient().describe()).isEqualTo(b.get(i).patient().describe());
      assertThat(a.get(i).patient().morphology(BeatType.PREMATURE_VENTRICULAR).rows())
          .isDeepEqualTo(b.get(i).patient().morphology(BeatType.PREMATURE_VENTRICULAR).rows());
      assertThat(a.get(i).patient().describe()).isNotEqualTo(other.get(i).patient().describe());
    }
  }

  @Test
  void ventricularRunsComeOnlyFromPatientsWithThemAndEndInASinusBeat() {
    SynthConfig c = SynthConfig.fromMap(Map.of(SynthConfig.DURATION_S, "600", SynthConfig.SNR_DB, "inf"));
    SyntheticEcgGenerator g = new SyntheticEcgGenerator(c);
    int runs = 0;
    for (int i = 0; i < 24 && runs == 0; i++) {
      SynthRecord r = g.generate(i);
      List<SynthBeat> beats = r.beats();
      int length = 0;
      for (int k = 0; k < beats.size(); k++) {
        if (beats.get(k).type() == BeatType.PREMATURE_VENTRICULAR) {
          length++;
          continue;
        }
        assertThat(length).as("run before beat %d of patient %d", k, i).isLessThanOrEqualTo(PatientTraits.MAX_V_RUN);
        if (length > 1) {
          assertThat(r.patient().vRunProbability()).isPositive();
          assertThat(beats.get(k).type().isPremature()).as("after a run").isFalse();
          runs++;
        }
        length = 0;
      }
      // A beats come within the patient's coupling range of the sinus RR.
      for (int k = 1; k < beats.size(); k++) {
        SynthBeat b = beats.get(k);
        if (b.type() == BeatType.PREMATURE_ATRIAL) {
          double coupling = (b.scheduledRTimeS() - beats.get(k - 1).scheduledRTimeS()) / b.sinusRrS();
          assertThat(coupling).isBetween(r.patient().atrialCouplingMin() - 1e-9, r.patient().atrialCouplingMax() + 1e-9);
        }
      }
    }
    assertThat(runs).as("V runs in the first patient that has them").isPositive();
  }

  @Test
  void aPatientsVentricularBeatsMayPointTheOtherWay() {
    List<SynthRecord> db = patients(16, 10, 1);
    assertThat(db).anySatisfy(r -> assertThat(r.patient().invertedVLeads()[0]).isTrue());
    for (SynthRecord r : db) {
      double sign = r.patient().invertedVLeads()[0] ? -1 : 1;
      assertThat(sign * r.patient().morphology(BeatType.PREMATURE_VENTRICULAR).amplitudeMv(0, Wave.R)).isPositive();
      assertThat(sign * r.patient().morphology(BeatType.PREMATURE_VENTRICULAR).amplitudeMv(0, Wave.T)).isNegative();
    }
  }

  private static List<SynthBeat> ofType(SynthRecord r, BeatType type) {
    return r.beats().stream().filter(b -> b.type() == type).toList();
  }

  private static double extremum(float[] z, int from, int to) {
    double best = 0;
    for (int n = from; n <= to; n++) {
      if (Math.abs(z[n]) > Math.abs(best)) {
        best = z[n];
      }
    }
    return best;
  }

  /** Mean duration (s) for which the signal stays above half the annotated peak. */
  private static double meanHalfMaxWidth(float[] z, List<SynthBeat> beats, double fs) {
    double sum = 0;
    for (SynthBeat b : beats) {
      float half = z[b.sample()] / 2;
      int lo = b.sample();
      while (z[lo - 1] > half) {
        lo--;
      }
      int hi = b.sample();
      while (z[hi + 1] > half) {
        hi++;
      }
      sum += (hi - lo + 1) / fs;
    }
    return sum / beats.size();
  }
}
