package org.ecgplatform.evaluation.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.detect.QrsChunks;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.SequenceDirection;
import org.junit.jupiter.api.Test;

class RecordLayoutTest {
  private static final ExtractionConfig ETL = ExtractionConfig.defaults();

  /** Beats about every {@code meanRr} samples with jitter, none in {@code [gapFrom, gapTo)}. */
  private static long[] beats(long frames, int meanRr, long gapFrom, long gapTo, long seed) {
    Random r = new Random(seed);
    List<Long> out = new ArrayList<>();
    for (long s = 20; s < frames; s += meanRr / 2 + r.nextInt(meanRr)) {
      if (s < gapFrom || s >= gapTo) {
        out.add(s);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void everyBeatIsInExactlyOneCoreAndEachTaskFeedsTheContextItsCoreBeatsAreScoredWith() {
    long frames = 30 * 60 * 360;
    long[] beats = beats(frames, 300, 405_000, 440_000, 1);
    RecordLayout layout = RecordLayout.of(frames, 360, ETL, 60, 10);
    int[] w = layout.windowed(beats);
    assertThat(w[0]).isEqualTo(1); // the first beat (sample 20 < 90) has no window
    assertThat(beats[w[1] - 1] + 166).isLessThanOrEqualTo(frames);
    assertThat(w[1] == beats.length || beats[w[1]] + 166 > frames).isTrue();

    for (ChunkGeometry g : List.of(ChunkGeometry.independent(64), ChunkGeometry.of(8, 2, SequenceDirection.BIDIRECTIONAL),
        ChunkGeometry.of(20, 6, SequenceDirection.CAUSAL))) {
      List<RecordLayout.Scoring> tasks = layout.scoring(beats, g);
      int next = 0;
      for (RecordLayout.Scoring s : tasks) {
        assertThat(s.coreFrom()).as("no gap, no overlap").isEqualTo(next);
        next = s.coreTo();
        QrsChunks.Chunk c = layout.detection().get(s.chunk());
        for (int i = s.coreFrom(); i < s.coreTo(); i++) {
          assertThat(c.keeps(beats[i])).isTrue();
        }
        assertThat(s.feeds()).isTrue();
        assertThat((s.feedFrom() - w[0]) % g.stride() == 0 || g.before() + g.after() == 0).isTrue();
        assertThat(s.feedFrom()).isGreaterThanOrEqualTo(w[0]);
        assertThat(s.feedTo()).isLessThanOrEqualTo(w[1]);
        assertThat(s.readFrom()).isEqualTo(Math.max(0, beats[s.feedFrom()] - layout.readMargin()));
        assertThat(s.readTo()).isEqualTo(Math.min(frames, beats[s.feedTo() - 1] + layout.readMargin() + 1));
        if (g.before() + g.after() == 0) {
          // Beats scored on their own: the core's windowed beats, nothing more.
          assertThat(s.feedFrom()).isEqualTo(Math.max(s.coreFrom(), w[0]));
          assertThat(s.feedTo()).isEqualTo(Math.min(s.coreTo(), w[1]));
          continue;
        }
        for (int i = Math.max(s.coreFrom(), w[0]); i < Math.min(s.coreTo(), w[1]); i++) {
          int[] span = g.scoringSpan(i - w[0], w[1] - w[0]);
          assertThat(span[0] + w[0]).as("context before beat %d", i).isGreaterThanOrEqualTo(s.feedFrom());
          assertThat(span[1] + w[0]).as("context after beat %d", i).isLessThanOrEqualTo(s.feedTo());
        }
      }
      assertThat(next).isEqualTo(beats.length);
      // The gap (1125-1222 s) holds a whole core (1140-1200 s): no task for it.
      assertThat(tasks).hasSize(layout.detection().size() - 1);
    }
  }

  @Test
  void readRangesStartOnTheResamplersGridAndTheMarginCoversTheWindowAndTheFilters() {
    long frames = 10 * 60 * 250;
    long[] beats = beats(frames, 200, 0, 0, 2);
    RecordLayout layout = RecordLayout.of(frames, 250, ETL, 60, 5);
    // 250 → 360 Hz is up 36 / down 25; the window is 90 + 166 samples at 360 Hz = 178 at 250 Hz.
    assertThat(layout.readMargin()).isEqualTo(5 * 250 + 178 + 1);
    for (RecordLayout.Scoring s : layout.scoring(beats, ChunkGeometry.independent(32))) {
      assertThat(s.readFrom() % 25).isZero();
      assertThat(beats[s.feedFrom()] - s.readFrom()).isGreaterThanOrEqualTo(Math.min(beats[s.feedFrom()], layout.readMargin()));
    }
  }

  @Test
  void theTemplateTasksCutTheWindowsTheEtlsTemplateIsTheMedianOf() {
    long frames = 24L * 3600 * 360;
    long[] beats = beats(frames, 300, 0, 0, 3);
    RecordLayout layout = RecordLayout.of(frames, 360, ETL, 600, 40);
    int[] w = layout.windowed(beats);
    assertThat(w[1] - w[0]).isGreaterThan(RecordTemplate.MAX_WINDOWS);
    List<Integer> cut = new ArrayList<>();
    for (RecordLayout.Template t : layout.template(beats, RecordTemplate.Beats.ALL)) {
      QrsChunks.Chunk c = layout.detection().get(t.chunk());
      for (int i : t.beats()) {
        assertThat(c.keeps(beats[i])).isTrue();
        cut.add(i);
      }
      assertThat(t.readFrom()).isLessThanOrEqualTo(Math.max(0, beats[t.beats()[0]] - layout.readMargin()));
    }
    assertThat(cut).containsExactlyElementsOf(
        IntStream.of(RecordTemplate.windowIndexes(w[1] - w[0])).map(i -> i + w[0]).boxed().toList());

    // A short record: every windowed beat.
    long[] few = beats(90 * 360, 300, 0, 0, 4);
    RecordLayout small = RecordLayout.of(90 * 360, 360, ETL, 600, 40);
    int[] sw = small.windowed(few);
    assertThat(small.template(few, RecordTemplate.Beats.ALL)).singleElement().satisfies(t -> {
      assertThat(t.beats()).containsExactly(IntStream.range(sw[0], sw[1]).toArray());
      assertThat(t.readFrom()).isZero();
      assertThat(t.readTo()).isEqualTo(90 * 360);
    });
  }

  @Test
  void withTheNotPrematureRuleTheTemplateTasksCutOnlyTheBeatsThatComeOnTimeAsTheEtlChooses() {
    // Ten minutes of a rhythm whose premature beats are the majority: intervals of 0.5, 0.5 and
    // 1.4 s (mean 0.8 s), so only every third beat comes on time (1.4 / 0.8 >= 0.9).
    long frames = 600L * 360;
    List<Long> list = new ArrayList<>();
    long t = 360;
    for (int k = 0; t < frames - 360; k++) {
      list.add(t);
      t += k % 3 == 2 ? 504 : 180;
    }
    long[] beats = list.stream().mapToLong(Long::longValue).toArray();
    RecordLayout layout = RecordLayout.of(frames, 360, ETL, 120, 10);
    int[] w = layout.windowed(beats);
    double[] ratio = RecordTemplate.prevOverMean(beats);
    List<Integer> cut = new ArrayList<>();
    for (RecordLayout.Template tpl : layout.template(beats, RecordTemplate.Beats.NOT_PREMATURE)) {
      for (int i : tpl.beats()) {
        assertThat(layout.detection().get(tpl.chunk()).keeps(beats[i])).isTrue();
        cut.add(i);
      }
    }
    List<Integer> onTime = IntStream.range(w[0], w[1]).filter(i -> ratio[i] >= RecordTemplate.NOT_PREMATURE_RATIO)
        .boxed().toList();
    assertThat(onTime).hasSizeBetween((w[1] - w[0]) / 3 - 1, (w[1] - w[0]) / 3 + 1);
    assertThat(cut).containsExactlyElementsOf(onTime);
    // the ETL's choice over the same windowed beats
    int[] etl = RecordTemplate.select(IntStream.range(0, w[1] - w[0]).toArray(), RecordTemplate.Beats.NOT_PREMATURE,
        java.util.Arrays.copyOfRange(ratio, w[0], w[1]));
    assertThat(cut).containsExactlyElementsOf(IntStream.of(etl).map(i -> i + w[0]).boxed().toList());

    // Fewer than MIN_NOT_PREMATURE on time: every windowed beat, as with ALL.
    long[] shortRecord = java.util.Arrays.copyOf(beats, 3 * (RecordTemplate.MIN_NOT_PREMATURE - 2));
    List<Integer> all = new ArrayList<>();
    for (RecordLayout.Template tpl : layout.template(shortRecord, RecordTemplate.Beats.NOT_PREMATURE)) {
      for (int i : tpl.beats()) {
        all.add(i);
      }
    }
    int[] sw = layout.windowed(shortRecord);
    assertThat(all).containsExactlyElementsOf(IntStream.range(sw[0], sw[1]).boxed().toList());
  }

  @Test
  void aCoreWithOnlyEdgeBeatsFeedsNothingAndARecordTooLongForTheWindowCodeIsRefused() {
    long frames = 120 * 360;
    long[] beats = {10, 60, 300, 40_000, 43_150};
    RecordLayout layout = RecordLayout.of(frames, 360, ETL, 60, 10);
    assertThat(layout.windowed(beats)).containsExactly(2, 4);
    List<RecordLayout.Scoring> tasks = layout.scoring(beats, ChunkGeometry.independent(16));
    assertThat(tasks).hasSize(2);
    assertThat(tasks.get(0).feeds()).isTrue();
    assertThat(tasks.get(1).coreFrom()).isEqualTo(3);
    assertThat(tasks.get(1).feeds()).isTrue();
    // With 43,150 the last one: too close to the end for its window, so the second core feeds one beat.
    assertThat(tasks.get(1).feedFrom()).isEqualTo(3);
    assertThat(tasks.get(1).feedTo()).isEqualTo(4);
    long[] onlyEdges = {10, 43_150};
    assertThat(layout.scoring(onlyEdges, ChunkGeometry.independent(16))).allSatisfy(s -> assertThat(s.feeds()).isFalse());
    assertThatThrownBy(() -> RecordLayout.of(3_000_000_000L, 360, ETL, 600, 40)).hasMessageContaining("at most");
  }
}
