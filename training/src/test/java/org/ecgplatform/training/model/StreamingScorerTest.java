package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sequence assembly for scoring: records never mix, every beat is scored exactly once and in input
 * order, each from the sequence whose core holds it, with the promised context (clipped only at
 * record edges), whatever the record lengths and batching.
 */
class StreamingScorerTest {

  /** A predictor that records the sequences it saw and answers, per beat, its encoded identity. */
  static final class Recorder implements SequencePredictor {
    final List<float[][]> seen = new ArrayList<>();

    @Override
    public float[][][] predict(List<float[][]> windows, List<float[][]> rr) {
      float[][][] out = new float[windows.size()][][];
      for (int s = 0; s < windows.size(); s++) {
        seen.add(windows.get(s));
        float[][] seq = windows.get(s);
        out[s] = new float[seq.length][];
        for (int i = 0; i < seq.length; i++) {
          // probabilities: [record id, beat index, position in sequence, sequence length]
          out[s][i] = new float[] {seq[i][0], seq[i][1], i, seq.length};
        }
      }
      return out;
    }
  }

  private static List<StreamingScorer.Scored<int[]>> score(int[] recordLengths, ChunkGeometry g, int perCall, Recorder r) {
    StreamingScorer<int[]> s = new StreamingScorer<>(r, g, perCall);
    List<StreamingScorer.Scored<int[]>> out = new ArrayList<>();
    for (int rec = 0; rec < recordLengths.length; rec++) {
      for (int i = 0; i < recordLengths[rec]; i++) {
        out.addAll(s.add("db/r" + rec, new int[] {rec, i}, new float[] {rec, i}, new float[] {0}));
      }
    }
    out.addAll(s.finish());
    return out;
  }

  @ParameterizedTest(name = "length {0}, overlap {1}, {2}, {3} per call")
  @CsvSource({
      "8, 0, BIDIRECTIONAL, 1", "8, 4, BIDIRECTIONAL, 1", "8, 4, BIDIRECTIONAL, 3", "8, 5, BIDIRECTIONAL, 2",
      "8, 4, CAUSAL, 1", "8, 7, CAUSAL, 4", "64, 16, BIDIRECTIONAL, 16", "3, 2, CAUSAL, 1"})
  void everyBeatIsScoredOnceInOrderWithinItsRecordAndWithItsContext(int length, int overlap, SequenceDirection dir,
      int perCall) {
    ChunkGeometry g = ChunkGeometry.of(length, overlap, dir);
    int[] lengths = {1, 2, 7, 8, 9, 23, 100, 5};
    Recorder r = new Recorder();
    List<StreamingScorer.Scored<int[]>> out = score(lengths, g, perCall, r);

    int total = java.util.Arrays.stream(lengths).sum();
    assertThat(out).hasSize(total);
    int k = 0;
    for (int rec = 0; rec < lengths.length; rec++) {
      for (int i = 0; i < lengths[rec]; i++, k++) {
        StreamingScorer.Scored<int[]> sc = out.get(k);
        assertThat(sc.beat()).containsExactly(rec, i);
        float[] p = sc.probabilities();
        assertThat((int) p[0]).as("record of the scoring sequence").isEqualTo(rec);
        assertThat((int) p[1]).isEqualTo(i);
        int before = (int) p[2];
        int after = (int) p[3] - 1 - before;
        assertThat(before).as("context before beat %d of record %d", i, rec).isEqualTo(Math.min(i, atLeast(g.before(), i, g)));
        assertThat(after).as("context after beat %d of record %d", i, rec).isGreaterThanOrEqualTo(Math.min(g.after(), lengths[rec] - 1 - i));
        assertThat((int) p[3]).isLessThanOrEqualTo(length);
      }
    }
    for (float[][] seq : r.seen) {
      for (float[] beat : seq) {
        assertThat(beat[0]).as("a sequence never crosses records").isEqualTo(seq[0][0]);
      }
    }
  }

  @ParameterizedTest(name = "length {0}, overlap {1}, {2}")
  @CsvSource({"8, 0, BIDIRECTIONAL", "8, 4, BIDIRECTIONAL", "8, 5, BIDIRECTIONAL", "8, 7, CAUSAL", "64, 16, BIDIRECTIONAL",
      "3, 2, CAUSAL"})
  void scoringSpanIsTheSequenceTheScorerClassifiedTheBeatIn(int length, int overlap, SequenceDirection dir) {
    ChunkGeometry g = ChunkGeometry.of(length, overlap, dir);
    int[] lengths = {1, 2, 7, 8, 9, 23, 100};
    List<StreamingScorer.Scored<int[]>> out = score(lengths, g, 3, new Recorder());
    int k = 0;
    for (int rec = 0; rec < lengths.length; rec++) {
      for (int i = 0; i < lengths[rec]; i++, k++) {
        float[] p = out.get(k).probabilities();
        int start = i - (int) p[2];
        assertThat(g.scoringSpan(i, lengths[rec])).as("beat %d of record %d", i, rec)
            .containsExactly(start, start + (int) p[3]);
      }
    }
    assertThatThrownBy(() -> g.scoringSpan(5, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beat 5");
  }

  /** Context before beat i: at least {@code before}, more for beats deeper in their core. */
  private static int atLeast(int before, int i, ChunkGeometry g) {
    int coreStart = (i / g.stride()) * g.stride();
    return Math.max(0, i - Math.max(0, coreStart - before));
  }

  @Test
  void theResultDoesNotDependOnHowTheRecordWasBatched() {
    ChunkGeometry g = ChunkGeometry.of(10, 4, SequenceDirection.BIDIRECTIONAL);
    Map<String, List<Float>> byBatch = new HashMap<>();
    for (int perCall : new int[] {1, 2, 7, 100}) {
      List<Float> sig = new ArrayList<>();
      for (StreamingScorer.Scored<int[]> s : score(new int[] {37, 3, 61}, g, perCall, new Recorder())) {
        sig.add(s.probabilities()[2] * 1000 + s.probabilities()[3]);
      }
      byBatch.put("" + perCall, sig);
    }
    assertThat(byBatch.values()).allSatisfy(v -> assertThat(v).isEqualTo(byBatch.get("1")));
  }

  @ParameterizedTest(name = "length {0}, overlap {1}, {2}")
  @CsvSource({"8, 0, CAUSAL", "8, 4, BIDIRECTIONAL", "8, 7, CAUSAL", "1, 0, CAUSAL"})
  void countsTheBeatsThePredictorComputedContextIncludedAndTheTimeItTook(int length, int overlap, SequenceDirection dir) {
    ChunkGeometry g = ChunkGeometry.of(length, overlap, dir);
    int[] lengths = {1, 9, 23, 100};
    Recorder r = new Recorder();
    StreamingScorer<Integer> s = new StreamingScorer<>(r, g, 3);
    for (int rec = 0; rec < lengths.length; rec++) {
      for (int i = 0; i < lengths[rec]; i++) {
        s.add("db/r" + rec, i, new float[] {rec, i}, new float[] {0});
      }
    }
    s.finish();

    long scored = java.util.Arrays.stream(lengths).sum();
    long seen = r.seen.stream().mapToLong(seq -> seq.length).sum();
    assertThat(s.beatsIn()).isEqualTo(scored);
    assertThat(s.beatsComputed()).isEqualTo(seen);
    if (overlap == 0) {
      assertThat(s.beatsComputed()).isEqualTo(scored);
    } else {
      assertThat(s.beatsComputed()).as("context beats are computed again").isGreaterThan(scored);
    }
    assertThat(s.predictNanos()).isPositive();
  }

  @Test
  void aPredictorThatLosesBeatsIsAnError() {
    SequencePredictor broken = (w, rr) -> new float[w.size()][0][];
    StreamingScorer<Integer> s = new StreamingScorer<>(broken, ChunkGeometry.of(4, 0, SequenceDirection.CAUSAL), 1);
    for (int i = 0; i < 3; i++) {
      s.add("r", i, new float[1], new float[1]);
    }
    assertThatThrownBy(s::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("returned 0 beats");
  }

  @Test
  void trainingSpansCoverEveryBeatWithFullLengthSequences() {
    ChunkGeometry g = ChunkGeometry.of(64, 16, SequenceDirection.BIDIRECTIONAL);
    assertThat(g.trainingSpans(0)).isEmpty();
    assertThat(g.trainingSpans(10)).containsExactly(new int[] {0, 10});
    assertThat(g.trainingSpans(64)).containsExactly(new int[] {0, 64});
    assertThat(g.trainingSpans(150)).containsExactly(new int[] {0, 64}, new int[] {48, 112}, new int[] {86, 150});
    for (int n : new int[] {65, 100, 2000, 2271}) {
      boolean[] covered = new boolean[n];
      for (int[] s : g.trainingSpans(n)) {
        assertThat(s[1] - s[0]).isEqualTo(64);
        for (int i = s[0]; i < s[1]; i++) {
          covered[i] = true;
        }
      }
      for (boolean c : covered) {
        assertThat(c).isTrue();
      }
    }
  }

  @Test
  void geometryIsValidated() {
    assertThatThrownBy(() -> ChunkGeometry.of(0, 0, SequenceDirection.CAUSAL)).hasMessageContaining("training.sequence.length");
    assertThatThrownBy(() -> ChunkGeometry.of(8, 8, SequenceDirection.CAUSAL)).hasMessageContaining("training.sequence.overlap");
    assertThat(ChunkGeometry.of(9, 5, SequenceDirection.BIDIRECTIONAL)).extracting(ChunkGeometry::before, ChunkGeometry::after)
        .containsExactly(2, 3);
    assertThat(ChunkGeometry.of(9, 5, SequenceDirection.CAUSAL)).extracting(ChunkGeometry::before, ChunkGeometry::after)
        .containsExactly(5, 0);
  }
}
