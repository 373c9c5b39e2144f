package org.ecgplatform.evaluation.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;

class AfDetectorTest {
  /** The settings of reference.conf's evaluation.af-gate (trim 8, the cross-validated choice). */
  static final AfDetector DEFAULTS = new AfDetector(64, 8, 32, 0.1, 16, 0.7, 1.96);
  /** The a priori trim of 4. */
  static final AfDetector TRIM4 = new AfDetector(64, 4, 32, 0.1, 16, 0.7, 1.96);

  static double[] times(double[] rr) {
    double[] t = new double[rr.length + 1];
    for (int i = 0; i < rr.length; i++) {
      t[i + 1] = t[i] + rr[i];
    }
    return t;
  }

  static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }

  @Test
  void statisticsOfAWindowByHand() {
    // 8 intervals alternating 1 and 2 s, no trimming: successive differences all 1, mean 1.5;
    // two values in the first and last of 16 bins; all 6 inner values are turning points
    AfDetector d = new AfDetector(8, 0, 8, 0.1, 16, 0.7, 1.96);
    AfDetector.Statistics s = d.statistics(times(new double[] {1, 2, 1, 2, 1, 2, 1, 2}), 4);
    assertThat(s.intervals()).isEqualTo(8);
    assertThat(s.nrmssd()).isCloseTo(1 / 1.5, within(1e-12));
    assertThat(s.entropy()).isCloseTo(Math.log(2) / Math.log(16), within(1e-12));
    assertThat(s.turningPointZ()).isCloseTo((6 - 2.0 * 6 / 3) / Math.sqrt((16.0 * 8 - 29) / 90), within(1e-12));
    assertThat(d.irregular(s)).isFalse(); // too few values for the entropy: a pattern, not a random rhythm
  }

  @Test
  void trimmingDropsTheLongestAndShortestAndKeepsTheOrder() {
    AfDetector d = new AfDetector(16, 2, 12, 0.1, 16, 0.7, 1.96);
    assertThat(d.trimmed(new double[] {5, 1, 9, 3, 3, 7, 0.5, 8, 6, 4, 2, 10}))
        .containsExactly(5, 3, 3, 7, 8, 6, 4, 2);
    // ties: exactly `trim` dropped at each end, the earliest first
    assertThat(d.trimmed(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1})).hasSize(6);
  }

  @Test
  void trimmingDropsWhatARankingByLengthThenPositionDrops() {
    // windows of few distinct lengths, so ties at both cut points, against the definition: rank
    // by (length, position), drop the first and last `trim`
    Random random = new Random(5);
    for (int trim : new int[] {1, 2, 4, 8}) {
      AfDetector d = new AfDetector(64, trim, 2 * trim + 8, 0.1, 16, 0.7, 1.96);
      for (int run = 0; run < 500; run++) {
        double[] rr = new double[2 * trim + 8 + random.nextInt(40)];
        int distinct = 1 + random.nextInt(6);
        for (int k = 0; k < rr.length; k++) {
          rr[k] = 0.5 + 0.1 * random.nextInt(distinct);
        }
        assertThat(d.trimmed(rr)).as("trim %d, window %s", trim, java.util.Arrays.toString(rr))
            .containsExactly(trimmedByRanking(rr, trim));
      }
    }
  }

  private static double[] trimmedByRanking(double[] rr, int trim) {
    Integer[] order = new Integer[rr.length];
    for (int k = 0; k < rr.length; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> rr[a] != rr[b] ? Double.compare(rr[a], rr[b]) : Integer.compare(a, b));
    boolean[] drop = new boolean[rr.length];
    for (int k = 0; k < trim; k++) {
      drop[order[k]] = true;
      drop[order[rr.length - 1 - k]] = true;
    }
    List<Double> kept = new ArrayList<>();
    for (int k = 0; k < rr.length; k++) {
      if (!drop[k]) {
        kept.add(rr[k]);
      }
    }
    return kept.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void aRandomRhythmIsFlaggedAndRegularOrPatternedOnesAreNot() {
    Random random = new Random(11);
    double[] af = new double[400];
    double[] sinus = new double[400];
    double[] bigeminy = new double[400];
    double[] isolated = new double[400];
    for (int i = 0; i < 400; i++) {
      af[i] = 0.4 + 0.8 * random.nextDouble();
      // respiratory sinus arrhythmia: a slow oscillation with a little noise
      sinus[i] = 0.8 + 0.05 * Math.sin(i * 2 * Math.PI / 5) + 0.01 * random.nextGaussian();
      bigeminy[i] = (i % 2 == 0 ? 0.5 : 1.1) + 0.01 * random.nextGaussian();
      // an atrial premature beat (short, then a pause) every 20 beats: fewer per window than the trim
      isolated[i] = (i % 20 == 10 ? 0.5 : i % 20 == 11 ? 1.1 : 0.8) + 0.01 * random.nextGaussian();
    }
    assertThat(count(DEFAULTS.flags(times(af)))).isGreaterThan(320); // 80 %: the turning-point test rejects about 5 % by chance, trimming some more
    assertThat(count(DEFAULTS.flags(times(sinus)))).isZero();
    assertThat(count(DEFAULTS.flags(times(bigeminy)))).isZero();
    assertThat(count(DEFAULTS.flags(times(isolated)))).isZero();
  }

  @Test
  void aRecordShorterThanTheFewestIntervalsIsNotJudged() {
    Random random = new Random(5);
    double[] rr = new double[31];
    for (int i = 0; i < rr.length; i++) {
      rr[i] = 0.4 + 0.8 * random.nextDouble();
    }
    assertThat(count(DEFAULTS.flags(times(rr)))).isZero();
    assertThat(DEFAULTS.statistics(times(rr), 10)).isNull();
    assertThat(DEFAULTS.flags(new double[0])).isEmpty();
  }

  @Test
  void badSettingsAndBeatTimesAreErrors() {
    assertThatThrownBy(() -> new AfDetector(63, 4, 32, 0.1, 16, 0.7, 1.96)).hasMessageContaining("window-beats must be even");
    assertThatThrownBy(() -> new AfDetector(64, 30, 60, 0.1, 16, 0.7, 1.96)).hasMessageContaining("trim must leave 8");
    assertThatThrownBy(() -> new AfDetector(64, 4, 10, 0.1, 16, 0.7, 1.96)).hasMessageContaining("min-intervals must be between");
    assertThatThrownBy(() -> new AfDetector(64, 4, 32, 0.1, 1, 0.7, 1.96)).hasMessageContaining("bins");
    assertThatThrownBy(() -> new AfDetector(64, 4, 32, Double.NaN, 16, 0.7, 1.96)).hasMessageContaining("thresholds");
    double[] t = times(new double[40]);
    assertThatThrownBy(() -> DEFAULTS.flags(t)).hasMessageContaining("beat times must ascend");
  }

  /**
   * The reference annotations' rhythm labels of MIT-BIH DS1 (DS2 is never read): the AF and flutter
   * episodes of 201 and 203 are found, sinus records are left alone, and most S beats of the
   * S-rich sinus records stay outside the gate.
   */
  @Test
  void onMitdbDs1TheAfEpisodesAreFoundAndMostPrematureBeatsAreNot() {
    LocalWfdbStorage db = new LocalWfdbStorage(TestData.require("mitdb"));
    long[] af = beatsIn(db, List.of("201", "203"), true, Set.of());
    assertThat((double) af[1] / af[0]).isGreaterThan(0.9);
    long[] sinus = beatsIn(db, List.of("101", "109", "112", "115", "116", "122", "230"), false, Set.of());
    assertThat((double) sinus[1] / sinus[0]).isLessThan(0.01);
    long[] premature = beatsIn(db, List.of("118", "207", "220", "223"), false, Set.of("A", "a", "J", "S"));
    assertThat(premature[0]).isGreaterThan(300);
    assertThat((double) premature[1] / premature[0]).isLessThan(0.10);
    // the a priori trim of 4 gates more of them (a cluster of premature beats outnumbers it)
    long[] premature4 = beatsIn(TRIM4, db, List.of("118", "207", "220", "223"), false, Set.of("A", "a", "J", "S"));
    assertThat(premature4[1]).isGreaterThan(premature[1]);
  }

  /** {beats, flagged}: beats inside (or outside) AF/flutter episodes, of the given symbols (empty: all). */
  private static long[] beatsIn(LocalWfdbStorage db, List<String> records, boolean inAf, Set<String> symbols) {
    return beatsIn(DEFAULTS, db, records, inAf, symbols);
  }

  private static long[] beatsIn(AfDetector detector, LocalWfdbStorage db, List<String> records, boolean inAf,
      Set<String> symbols) {
    long[] n = new long[2];
    for (String r : records) {
      List<Double> t = new ArrayList<>();
      List<Boolean> keep = new ArrayList<>();
      boolean af = false;
      for (Annotation a : Annotations.read(db, r, "atr")) {
        if (a.hasAux() && a.aux().startsWith("(")) {
          af = a.aux().startsWith("(AFIB") || a.aux().startsWith("(AFL");
        }
        if (a.isBeat()) {
          t.add((double) a.sample());
          keep.add(af == inAf && (symbols.isEmpty() || symbols.contains(a.symbol())));
        }
      }
      boolean[] flags = detector.flags(t.stream().mapToDouble(Double::doubleValue).toArray());
      for (int i = 0; i < flags.length; i++) {
        if (keep.get(i)) {
          n[0]++;
          n[1] += flags[i] ? 1 : 0;
        }
      }
    }
    return n;
  }
}
