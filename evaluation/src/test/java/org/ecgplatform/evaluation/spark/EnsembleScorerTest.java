package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.SequenceDirection;
import org.ecgplatform.training.model.StreamingScorer;
import org.junit.jupiter.api.Test;

/** Several models scoring as one: the mean of their probabilities, checked contracts, bytes. */
class EnsembleScorerTest {
  private static final ScorerSpec SPEC = ScorerSpec.of(FixtureDataset.SCHEMA);
  private static final int K = SPEC.classes().size();

  /** One record of {@code n} beats: label {@code i mod K}, serial {@code i + 1}, index {@code i}. */
  private static float[][] windows(int n) {
    float[][] w = new float[n][SPEC.windowLength()];
    for (int i = 0; i < n; i++) {
      w[i][0] = i % K;
      w[i][1] = i + 1;
      w[i][2] = i;
    }
    return w;
  }

  private static float[][] rr(int n) {
    return new float[n][SPEC.rrFeatures().size()];
  }

  @Test
  void aModelListIsSplitAtCommasAndChecked() {
    assertThat(EnsembleScorerFactory.members("hdfs://nn/models/a")).containsExactly("hdfs://nn/models/a");
    assertThat(EnsembleScorerFactory.members(" s3a://b/m1 , s3a://b/m2 ")).containsExactly("s3a://b/m1", "s3a://b/m2");
    assertThatThrownBy(() -> EnsembleScorerFactory.members("m1,,m2"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("m1,,m2").hasMessageContaining("no empty entry");
    assertThatThrownBy(() -> EnsembleScorerFactory.members("m1,m2,m1"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("each model of an ensemble once");
    assertThat(ScorerFactory.forUri("a.echo.json,b.echo.json")).isInstanceOf(EnsembleScorerFactory.class);
    assertThat(ScorerFactory.forUri("a.echo.json")).isInstanceOf(LabelEchoScorerFactory.class);
  }

  @Test
  void eachBeatGetsTheMeanOfTheMembersProbabilities() {
    LabelEchoScorer every2 = new LabelEchoScorer(SPEC, 2);
    LabelEchoScorer every3 = new LabelEchoScorer(SPEC, 3);
    LabelEchoScorer never = new LabelEchoScorer(SPEC, 0);
    EnsembleScorer e = new EnsembleScorer(List.of("a", "b", "c"), List.of(every2, every3, never));
    int n = 12;
    float[][] got = e.predictSequences(one(windows(n)), one(rr(n)))[0];
    float[][] p2 = every2.predictSequences(one(windows(n)), one(rr(n)))[0];
    float[][] p3 = every3.predictSequences(one(windows(n)), one(rr(n)))[0];
    float[][] p0 = never.predictSequences(one(windows(n)), one(rr(n)))[0];
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < K; c++) {
        assertThat(got[b][c]).isCloseTo((p2[b][c] + p3[b][c] + p0[b][c]) / 3, within(1e-6f));
      }
    }
    // Serial 6 (beat 5): both erring members answer the next class, so the majority wins over the
    // member that is right; serial 2 (beat 1): only one errs and the true class keeps the highest mean.
    assertThat(argmax(got[5])).isEqualTo((5 % K + 1) % K);
    assertThat(argmax(got[1])).isEqualTo(1 % K);
  }

  @Test
  void aMembersOwnOutputIsLeftAsItIs() {
    // A member that hands out the same array every call (a scorer may reuse its output buffer).
    float[][][] fixed = {{{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}}};
    BeatScorer reusing = new BeatScorer() {
      @Override
      public ScorerSpec spec() {
        return SPEC;
      }

      @Override
      public float[][][] predictSequences(List<float[][]> windows, List<float[][]> rr) {
        return fixed;
      }

      @Override
      public byte[] toBytes() {
        return new byte[0];
      }
    };
    EnsembleScorer e = new EnsembleScorer(List.of("a", "b"), List.of(reusing, new LabelEchoScorer(SPEC, 0)));
    float[][] first = e.predictSequences(one(windows(2)), one(rr(2)))[0];
    float[][] second = e.predictSequences(one(windows(2)), one(rr(2)))[0];
    assertThat(fixed[0][0]).containsExactly(1, 0, 0, 0, 0);
    assertThat(fixed[0][1]).containsExactly(0, 1, 0, 0, 0);
    assertThat(second).isDeepEqualTo(first);
    assertThat(first[0][0]).isCloseTo((1 + 0.9f) / 2, within(1e-6f));
  }

  @Test
  void streamingScoresEveryBeatOnceWithTheMeanProbabilities() {
    EnsembleScorer e = new EnsembleScorer(List.of("a", "b"), List.of(new LabelEchoScorer(SPEC, 2), new LabelEchoScorer(SPEC, 0)));
    StreamingScorer<Integer> stream = e.stream(4);
    float[][] w = windows(10);
    float[][] r = rr(10);
    List<StreamingScorer.Scored<Integer>> out = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      out.addAll(stream.add("mitdb/100", i, w[i], r[i]));
    }
    out.addAll(stream.finish());
    assertThat(out).extracting(StreamingScorer.Scored::beat).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    float[][] direct = e.predictSequences(one(w), one(r))[0];
    for (StreamingScorer.Scored<Integer> s : out) {
      assertThat(s.probabilities()).containsExactly(direct[s.beat()], within(1e-6f));
    }
  }

  @Test
  void membersMustAgreeOnEveryEtlSettingBothRecordAndTheEnsembleKeepsThemAll() {
    ScorerSpec ten = withSettings(Map.of("etl.window.local-rr-intervals", "10"));
    ScorerSpec tenAndLowPass = withSettings(Map.of("etl.window.local-rr-intervals", "10", "etl.cleaning.lowpass-hz", "40.0"));
    // SPEC records none, as a model written before the settings were recorded
    EnsembleScorer e = new EnsembleScorer(List.of("a", "b", "c"),
        List.of(new LabelEchoScorer(SPEC, 0), new LabelEchoScorer(ten, 0), new LabelEchoScorer(tenAndLowPass, 0)));
    assertThat(e.spec()).isEqualTo(tenAndLowPass);

    ScorerSpec other = withSettings(Map.of("etl.window.local-rr-intervals", "32"));
    assertThatThrownBy(() -> new EnsembleScorer(List.of("hdfs://m/ten", "hdfs://m/other"),
        List.of(new LabelEchoScorer(tenAndLowPass, 0), new LabelEchoScorer(other, 0))))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("hdfs://m/ten").hasMessageContaining("hdfs://m/other")
        .hasMessageContaining("different inputs");
  }

  private static ScorerSpec withSettings(Map<String, String> settings) {
    return new ScorerSpec(SPEC.classes(), SPEC.fsHz(), SPEC.samplesBefore(), SPEC.samplesAfter(), SPEC.leadCount(),
        SPEC.rrFeatures(), settings);
  }

  @Test
  void membersWithAnotherContractOrSequenceCuttingAreRefusedByName() {
    ScorerSpec other = ScorerSpec.of(DatasetSchema.current(FixtureDataset.FS_HZ * 2, FixtureDataset.BEFORE, FixtureDataset.AFTER, 1));
    assertThatThrownBy(() -> new EnsembleScorer(List.of("hdfs://m/seed1", "hdfs://m/seed2"),
        List.of(new LabelEchoScorer(SPEC, 0), new LabelEchoScorer(other, 0))))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("hdfs://m/seed1").hasMessageContaining("hdfs://m/seed2")
        .hasMessageContaining("different inputs");

    LabelEchoScorer echo = new LabelEchoScorer(SPEC, 0);
    BeatScorer sequences = new BeatScorer() {
      @Override
      public ScorerSpec spec() {
        return echo.spec();
      }

      @Override
      public float[][][] predictSequences(List<float[][]> windows, List<float[][]> rr) {
        return echo.predictSequences(windows, rr);
      }

      @Override
      public ChunkGeometry geometry(int beatsPerCall) {
        return ChunkGeometry.of(7, 3, SequenceDirection.BIDIRECTIONAL);
      }

      @Override
      public byte[] toBytes() {
        return echo.toBytes();
      }
    };
    assertThatThrownBy(() -> new EnsembleScorer(List.of("beat", "seq"), List.of(new LabelEchoScorer(SPEC, 0), sequences)))
        .isInstanceOf(DatasetContractException.class)
        .hasMessageContaining("different beat sequences");
    assertThatThrownBy(() -> new EnsembleScorer(List.of("one"), List.of(new LabelEchoScorer(SPEC, 0))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void turnsBackFromBytesWithEachMembersOwnFactory() {
    EnsembleScorer e = new EnsembleScorer(List.of("file:/m/a.echo.json", "file:/m/b.echo.json"),
        List.of(new LabelEchoScorer(SPEC, 2), new LabelEchoScorer(SPEC, 3)));
    BeatScorer back = new EnsembleScorerFactory().fromBytes(e.toBytes());
    assertThat(back).isInstanceOf(EnsembleScorer.class);
    assertThat(((EnsembleScorer) back).uris()).containsExactly("file:/m/a.echo.json", "file:/m/b.echo.json");
    assertThat(back.spec()).isEqualTo(SPEC);
    float[][] w = windows(9);
    assertThat(back.predictSequences(one(w), one(rr(9)))[0]).isDeepEqualTo(e.predictSequences(one(w), one(rr(9)))[0]);
  }

  private static List<float[][]> one(float[][] sequence) {
    return List.<float[][]>of(sequence);
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }
}
