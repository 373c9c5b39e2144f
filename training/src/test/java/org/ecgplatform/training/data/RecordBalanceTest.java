package org.ecgplatform.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.training.model.BeatNetwork;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;

/** {@code training.record-balance}: the weights, and that they reach the loss. */
class RecordBalanceTest {
  // Classes N, S, V: record a has 2 S beats, b 98; a has no V beat.
  private static final Map<String, long[]> COUNTS = Map.of(
      "mitdb/a", new long[] {900, 2, 0},
      "mitdb/b", new long[] {100, 98, 50});

  @Test
  void anExponentOfOneGivesEveryRecordAnEqualShareOfEachClassItHas() {
    RecordBalance b = RecordBalance.of(1, COUNTS);
    // S: 100 beats, 50 for each record's share.
    assertThat(b.weight("mitdb/a", 1)).isCloseTo(25f, within(1e-5f));
    assertThat(b.weight("mitdb/b", 1)).isCloseTo(50f / 98, within(1e-6f));
    // N: 1,000 beats, 500 each.
    assertThat(b.weight("mitdb/a", 0)).isCloseTo(500f / 900, within(1e-6f));
    assertThat(b.weight("mitdb/b", 0)).isCloseTo(5f, within(1e-5f));
    // V: one record has it, so its beats keep 1.
    assertThat(b.weight("mitdb/b", 2)).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void anExponentOfOneHalfSharesByTheSquareRootOfTheCounts() {
    RecordBalance b = RecordBalance.of(0.5, COUNTS);
    double shares = Math.sqrt(2) + Math.sqrt(98);
    // Record a's two S beats carry sqrt(2) / shares of the class's 100, record b's 98 the rest.
    assertThat(2 * b.weight("mitdb/a", 1)).isCloseTo((float) (100 * Math.sqrt(2) / shares), within(1e-4f));
    assertThat(98 * b.weight("mitdb/b", 1)).isCloseTo((float) (100 * Math.sqrt(98) / shares), within(1e-3f));
    // The rarer a class is in a record, the more each of its beats weighs there.
    assertThat(b.weight("mitdb/a", 1)).isGreaterThan(1f);
    assertThat(b.weight("mitdb/b", 1)).isLessThan(1f);
  }

  @Test
  void everyClassKeepsItsTotalWeightSoTheClassWeightsActAsBefore() {
    Random rnd = new Random(3);
    Map<String, long[]> counts = new TreeMap<>();
    for (int r = 0; r < 17; r++) {
      long s = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(400);
      counts.put("mitdb/" + (100 + r), new long[] {1 + rnd.nextInt(2500), s, rnd.nextInt(90)});
    }
    for (double beta : new double[] {0.25, 0.5, 1}) {
      RecordBalance b = RecordBalance.of(beta, counts);
      for (int c = 0; c < 3; c++) {
        double weighed = 0;
        long total = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
          long n = e.getValue()[c];
          if (n > 0) {
            weighed += n * (double) b.weight(e.getKey(), c);
            total += n;
          }
        }
        assertThat(weighed).as("beta %s, class %d", beta, c).isCloseTo(total, within(1e-3 * total));
      }
    }
  }

  @Test
  void anExponentOfZeroIsOffAndEveryBeatWeighsOne() {
    RecordBalance off = RecordBalance.of(0, COUNTS);
    assertThat(off).isSameAs(RecordBalance.OFF);
    assertThat(off.enabled()).isFalse();
    assertThat(off.weight("mitdb/anything", 4)).isEqualTo(1f);
  }

  @Test
  void aBeatOfARecordOrClassThatWasNotCountedIsRefusedByName() {
    RecordBalance b = RecordBalance.of(0.5, COUNTS);
    assertThatThrownBy(() -> b.weight("mitdb/c", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mitdb/c");
    assertThatThrownBy(() -> b.weight("mitdb/a", 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mitdb/a").hasMessageContaining("label 2");
    assertThatThrownBy(() -> RecordBalance.of(1.5, COUNTS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
  }

  @Test
  void theLogNamesEveryRecordsWeights() {
    assertThat(RecordBalance.of(1, COUNTS).describe(List.of("N", "S", "V")))
        .isEqualTo("{mitdb/a=N=0.56 S=25.00, mitdb/b=N=5.00 S=0.51 V=1.00}");
  }

  @Test
  void theWeightsScaleEachBeatsLossAndItsGradientAndNothingElse() {
    NetworkConfig cfg = NetworkConfig.reference(1, 32, 3, 1e-3, 5);
    Normalizer norm = Normalizer.identity(1, cfg.rrFeatureCount());
    Random rnd = new Random(9);
    List<Beat> beats = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      float[] w = new float[32];
      for (int s = 0; s < w.length; s++) {
        w[s] = (float) rnd.nextGaussian();
      }
      float[] rr = new float[cfg.rrFeatureCount()];
      java.util.Arrays.fill(rr, 1f);
      beats.add(new Beat(i % 2 == 0 ? "mitdb/a" : "mitdb/b", i, w, rr, i % 2));
    }
    RecordBalance balance = RecordBalance.of(1, COUNTS);
    MultiDataSet plain = BeatBatcher.toMultiDataSet(beats, norm, 32, 3);
    MultiDataSet weighed = BeatBatcher.toMultiDataSet(beats, norm, 32, 3, balance);
    float[] wa = {balance.weight("mitdb/a", 0), balance.weight("mitdb/b", 1)};
    assertThat(weighed.getLabels(0).toFloatMatrix())
        .isEqualTo(new float[][] {{wa[0], 0, 0}, {0, wa[1], 0}, {wa[0], 0, 0}, {0, wa[1], 0}});
    assertThat(weighed.getFeatures(0)).isEqualTo(plain.getFeatures(0));
    assertThat(weighed.getFeatures(1)).isEqualTo(plain.getFeatures(1));

    // The loss is the weighted sum of the beats' own losses over the minibatch size.
    ComputationGraph graph = BeatNetwork.build(cfg, null);
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      double own = graph.score(BeatBatcher.toMultiDataSet(beats.subList(i, i + 1), norm, 32, 3));
      expected += balance.weight(beats.get(i).record(), beats.get(i).label()) * own / 4;
    }
    assertThat(graph.score(weighed)).isCloseTo(expected, within(1e-5 * expected));
    assertThat(graph.score(weighed)).isNotCloseTo(graph.score(plain), within(0.1 * expected));

    // A beat weighing 25 pulls every parameter 25 times as hard as at weight 1.
    List<Beat> one = beats.subList(0, 1);
    float[] unit = gradient(graph, BeatBatcher.toMultiDataSet(one, norm, 32, 3));
    float[] heavy = gradient(graph, BeatBatcher.toMultiDataSet(one, norm, 32, 3, RecordBalance.of(1, Map.of(
        "mitdb/a", new long[] {1, 0, 0}, "mitdb/b", new long[] {49, 0, 0}))));
    int moved = 0;
    for (int p = 0; p < unit.length; p++) {
      assertThat(heavy[p]).as("parameter %d", p).isCloseTo(25 * unit[p], within(1e-4f * (1 + Math.abs(25 * unit[p]))));
      moved += unit[p] != 0 ? 1 : 0;
    }
    assertThat(moved).isGreaterThan(unit.length / 2);
  }

  private static float[] gradient(ComputationGraph graph, MultiDataSet batch) {
    graph.setInputs(batch.getFeatures());
    graph.setLabels(batch.getLabels());
    graph.computeGradientAndScore();
    return graph.gradient().gradient().dup().toFloatVector();
  }
}
