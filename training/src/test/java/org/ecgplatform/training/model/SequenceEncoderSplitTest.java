package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The beat-sequence model scored with each beat encoded once per call ({@link SequenceEncoderSplit})
 * computes what the whole graph computes: for both directions and beat encoders, on sequences that
 * share beats (as the scorer's overlapping sequences do), of different lengths (padded and masked),
 * and a lone one-beat sequence.
 */
class SequenceEncoderSplitTest {
  private static final int LENGTH = 8;

  private static BeatModel model(SequenceDirection direction, BeatEncoder encoder, LstmImplementation lstm) {
    NetworkConfig cfg = BeatModelTest.smallConfig().asSequence(direction, LENGTH, 2, 2).withBeatEncoder(encoder).withLstm(lstm);
    return new BeatModel(SequenceNetwork.build(cfg, null), BeatModelTest.metadata(cfg));
  }

  /** A record of {@code beats} random beats: per beat its window and RR row. */
  private static float[][][] record(BeatModel model, int beats, long seed) {
    Random rnd = new Random(seed);
    int width = model.metadata().leadCount() * model.metadata().windowSamples();
    float[][] w = new float[beats][width];
    float[][] r = new float[beats][];
    for (int b = 0; b < beats; b++) {
      for (int j = 0; j < width; j++) {
        w[b][j] = (float) (Math.sin(j * 0.3 + b) + 0.5 * rnd.nextGaussian());
      }
      r[b] = new float[] {0.5f + 0.5f * rnd.nextFloat(), 0.8f, 0.7f + 0.2f * rnd.nextFloat(), 0.8f};
    }
    return new float[][][] {w, r};
  }

  /** Beats [from, to) of a record, the same window and RR arrays (not copies). */
  private static float[][] slice(float[][] beats, int from, int to) {
    return java.util.Arrays.copyOfRange(beats, from, to);
  }

  private static void assertSame(float[][][] split, float[][][] whole) {
    assertThat(split.length).isEqualTo(whole.length);
    for (int s = 0; s < whole.length; s++) {
      assertThat(split[s].length).as("sequence %d", s).isEqualTo(whole[s].length);
      for (int i = 0; i < whole[s].length; i++) {
        for (int c = 0; c < whole[s][i].length; c++) {
          assertThat(split[s][i][c]).as("sequence %d, beat %d, class %d", s, i, c).isCloseTo(whole[s][i][c], within(2e-6f));
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"CAUSAL,FLAT", "BIDIRECTIONAL,FLAT", "CAUSAL,LSTM", "BIDIRECTIONAL,LSTM"})
  void overlappingAndPaddedSequencesScoreAsTheWholeGraphScoresThem(SequenceDirection direction, BeatEncoder encoder) {
    BeatModel model = model(direction, encoder, LstmImplementation.FUSED);
    assertThat(SequenceEncoderSplit.of(SequenceNetwork.build(model.metadata().network(), null))).isNotNull();
    float[][][] a = record(model, 20, 1);
    float[][][] b = record(model, 5, 2);
    // as the scorer cuts records: overlapping sequences of one record (shared beats), the short
    // last one of a record, and another record's
    List<float[][]> windows = new ArrayList<>();
    List<float[][]> rr = new ArrayList<>();
    for (int[] span : new int[][] {{0, 8}, {6, 14}, {12, 20}, {18, 20}}) {
      windows.add(slice(a[0], span[0], span[1]));
      rr.add(slice(a[1], span[0], span[1]));
    }
    windows.add(b[0]);
    rr.add(b[1]);
    assertSame(model.predictSequences(windows, rr), model.predictWhole(windows, rr));

    // a lone one-beat sequence; then equal-length sequences (no mask at all)
    List<float[][]> lone = List.<float[][]>of(slice(b[0], 0, 1));
    List<float[][]> loneRr = List.<float[][]>of(slice(b[1], 0, 1));
    assertSame(model.predictSequences(lone, loneRr), model.predictWhole(lone, loneRr));
    List<float[][]> even = List.of(slice(a[0], 0, 8), slice(a[0], 6, 14));
    List<float[][]> evenRr = List.of(slice(a[1], 0, 8), slice(a[1], 6, 14));
    assertSame(model.predictSequences(even, evenRr), model.predictWhole(even, evenRr));
  }

  @Test
  void aBeatIsSharedOnlyWhenItsWindowAndRrAreTheSameArrays() {
    BeatModel model = model(SequenceDirection.CAUSAL, BeatEncoder.FLAT, LstmImplementation.FUSED);
    float[][][] a = record(model, 8, 3);
    // the same window array with two different RR rows: two beats, not one
    float[][] otherRr = slice(a[1], 0, 8);
    otherRr[3] = new float[] {1.5f, 0.4f, 0.9f, 0.8f};
    List<float[][]> windows = List.<float[][]>of(a[0], a[0]);
    List<float[][]> rr = List.<float[][]>of(a[1], otherRr);
    float[][][] got = model.predictSequences(windows, rr);
    assertSame(got, model.predictWhole(windows, rr));
    assertThat(got[1][3]).isNotEqualTo(got[0][3]);
  }

  @Test
  void graphsItDoesNotApplyToAreScoredWhole() {
    NetworkConfig cfg = BeatModelTest.smallConfig().asSequence(SequenceDirection.BIDIRECTIONAL, LENGTH, 2, 2);
    assertThat(SequenceEncoderSplit.of(SequenceNetwork.build(cfg.withLstm(LstmImplementation.DL4J), null))).isNull();
    assertThat(SequenceEncoderSplit.of(BeatNetwork.build(BeatModelTest.smallConfig(), null))).isNull();
    BeatModel dl4j = model(SequenceDirection.CAUSAL, BeatEncoder.FLAT, LstmImplementation.DL4J);
    float[][][] a = record(dl4j, 10, 4);
    List<float[][]> windows = List.of(slice(a[0], 0, 8), slice(a[0], 6, 10));
    List<float[][]> rr = List.of(slice(a[1], 0, 8), slice(a[1], 6, 10));
    assertThat(dl4j.predictSequences(windows, rr)).isDeepEqualTo(dl4j.predictWhole(windows, rr));
  }
}
