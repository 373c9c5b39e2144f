package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saliency of both model kinds: the gradients are those of the explained beat's log-probability
 * (checked against finite differences, through the normaliser), padding and the other beats'
 * outputs do not leak in, and on networks trained so that one region decides, the saliency finds
 * that region.
 */
class SaliencyTest {
  private static final int CLASSES = AamiClass.vocabulary().size();
  private static final int N = AamiClass.N.ordinal();
  private static final int V = AamiClass.V.ordinal();

  /**
   * Dropout of the beat-sequence model built by {@link #config}: it acts only while training, so the
   * saliency, like the scores, must be that of the network without it (the gradient and integrated
   * gradients tests fail if the backward pass drops inputs).
   */
  private static final double SEQUENCE_DROPOUT = 0.5;

  private static NetworkConfig config(int leads, int window, ModelKind kind, double learningRate, long seed) {
    NetworkConfig beat = new NetworkConfig(leads, window, 4, CLASSES, 6, 3, 6, 3, 2, 8, 8, learningRate, 0.0, seed,
        ModelKind.BEAT, SequenceDirection.BIDIRECTIONAL, 0, 0, 1, kind == ModelKind.SEQUENCE ? SEQUENCE_DROPOUT : 0.0);
    return kind == ModelKind.SEQUENCE ? beat.asSequence(SequenceDirection.BIDIRECTIONAL, 8, 2, 1) : beat;
  }

  private static BeatModel model(ComputationGraph graph, NetworkConfig cfg, Normalizer norm) {
    int before = cfg.windowSamples() / 2;
    int after = cfg.windowSamples() - before;
    DatasetSchema schema = DatasetSchema.current(128, before, after, cfg.leadCount());
    ModelMetadata meta = new ModelMetadata(ModelMetadata.CURRENT_VERSION, AamiClass.vocabulary(), 128, before, after,
        cfg.leadCount(), List.of(), schema.rrFeatures(), norm, schema, "test", null, cfg, Map.of(), List.of(), 0, "dev", "now");
    return new BeatModel(graph, meta);
  }

  /** Statistics that are not the identity, so the unit conversion is exercised. */
  private static Normalizer normalizer(int leads) {
    double[] mean = new double[leads];
    double[] std = new double[leads];
    for (int l = 0; l < leads; l++) {
      mean[l] = 0.1 * (l + 1);
      std[l] = 0.5 + l;
    }
    return new Normalizer(mean, std, new double[] {0.8, 0.8, 0.7, 0.8}, new double[] {0.1, 0.2, 0.15, 0.05}, 100);
  }

  private static float[][] randomWindows(Random rnd, int beats, int width) {
    float[][] w = new float[beats][width];
    for (float[] x : w) {
      for (int i = 0; i < width; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
    }
    return w;
  }

  private static float[][] randomRr(Random rnd, int beats) {
    float[][] r = new float[beats][4];
    for (float[] x : r) {
      for (int i = 0; i < 4; i++) {
        x[i] = 0.6f + 0.4f * rnd.nextFloat();
      }
    }
    return r;
  }

  /** log p(c) of beat {@code target} for each of the given variants of one sequence, in one call. */
  private static double[] logProbabilities(BeatModel m, List<float[][]> windows, List<float[][]> rr, int target, int c) {
    float[][][] p = m.predictSequences(windows, rr);
    double[] out = new double[p.length];
    for (int s = 0; s < p.length; s++) {
      out[s] = Math.log(p[s][target][c]);
    }
    return out;
  }

  private static float[][] copy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void gradientsAreThoseOfTheExplainedBeatsLogProbabilityInPhysicalUnits(ModelKind kind) {
    NetworkConfig cfg = config(2, 16, kind, 1e-3, 11);
    // Class weights scale the training loss, not log p: the saliency must not depend on them.
    ComputationGraph graph = kind.build(cfg, new double[] {1, 2, 3, 4, 5});
    BeatModel model = model(graph, cfg, normalizer(2));
    Random rnd = new Random(5);
    int beats = 5;
    int target = 2;
    int width = 2 * 16;
    float[][] w = randomWindows(rnd, beats, width);
    float[][] rr = randomRr(rnd, beats);

    Saliency s = model.saliency(List.<float[][]>of(w), List.<float[][]>of(rr), new int[] {target}, SaliencyMethod.GRADIENT, 1).get(0);
    float[] p = model.predictSequences(List.<float[][]>of(w), List.<float[][]>of(rr))[0][target];
    assertThat(s.probabilities()).containsExactly(p, within(1e-5f));
    int c = s.predictedClass();
    for (int k = 0; k < CLASSES; k++) {
      assertThat(p[c]).isGreaterThanOrEqualTo(p[k]);
    }
    assertThat(s.window()).hasDimensions(2, 16);
    assertThat(s.rr()).hasSize(4);
    assertThat(s.beatWindow()).hasSize(beats);
    assertThat(s.baselineLogProbability()).isNaN();

    // Central differences of log p(c) of the target beat, every window value of every beat (in mV).
    double h = 1e-2;
    for (int b = 0; b < beats; b++) {
      List<float[][]> variants = new ArrayList<>();
      List<float[][]> rrs = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        for (int sign : new int[] {1, -1}) {
          float[][] v = copy(w);
          v[b][i] += (float) (sign * h);
          variants.add(v);
          rrs.add(rr);
        }
      }
      double[] lp = logProbabilities(model, variants, rrs, target, c);
      double numericSum = 0;
      for (int i = 0; i < width; i++) {
        double numeric = (lp[2 * i] - lp[2 * i + 1]) / (2 * h);
        numericSum += Math.abs(numeric);
        if (b == target) {
          assertThat((double) s.window()[i / 16][i % 16]).as("beat %d value %d", b, i).isCloseTo(numeric, within(2e-3 + 0.05 * Math.abs(numeric)));
        }
      }
      if (kind == ModelKind.BEAT && b != target) {
        assertThat(numericSum).as("the per-beat model ignores beat %d", b).isZero();
        assertThat(s.beatWindow()[b]).isZero();
        assertThat(s.beatRr()[b]).isZero();
      } else {
        assertThat((double) s.beatWindow()[b]).as("weight of beat %d", b).isCloseTo(numericSum, within(2e-3 + 0.05 * numericSum));
      }
    }
    // The model's own network keeps its weighted loss (the saliency works on a copy).
    org.deeplearning4j.nn.conf.layers.BaseOutputLayer out =
        (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) graph.getOutputLayer(0).conf().getLayer();
    assertThat(((org.nd4j.linalg.lossfunctions.impl.LossMCXENT) out.getLossFn()).getWeights()).isNotNull();
    // RR inputs: per training standard deviation = std x the derivative per second.
    double[] rrStd = model.metadata().normalizer().rrStd();
    for (int f = 0; f < 4; f++) {
      float[][] up = copy(rr);
      float[][] down = copy(rr);
      up[target][f] += (float) h;
      down[target][f] -= (float) h;
      double[] lp = logProbabilities(model, List.of(w, w), List.of(up, down), target, c);
      double numeric = rrStd[f] * (lp[0] - lp[1]) / (2 * h);
      assertThat((double) s.rr()[f]).as("RR feature %s", s.rrFeatures().get(f)).isCloseTo(numeric, within(2e-3 + 0.05 * Math.abs(numeric)));
    }
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void integratedGradientsAddUpToTheLogProbabilityGainedOverTheBaseline(ModelKind kind) {
    NetworkConfig cfg = config(2, 16, kind, 1e-3, 17);
    BeatModel model = model(kind.build(cfg, null), cfg, normalizer(2));
    Random rnd = new Random(8);
    int beats = 6;
    int target = 4;
    float[][] w = randomWindows(rnd, beats, 32);
    float[][] rr = randomRr(rnd, beats);
    Saliency s = model.saliency(List.<float[][]>of(w), List.<float[][]>of(rr), new int[] {target},
        SaliencyMethod.INTEGRATED_GRADIENTS, 64).get(0);

    // The baseline is the training mean of every input: each lead at its mean level, RR at its means.
    Normalizer norm = model.metadata().normalizer();
    float[][] flat = new float[beats][32];
    float[][] meanRr = new float[beats][4];
    for (int t = 0; t < beats; t++) {
      for (int i = 0; i < 32; i++) {
        flat[t][i] = (float) norm.leadMean()[i / 16];
      }
      for (int f = 0; f < 4; f++) {
        meanRr[t][f] = (float) norm.rrMean()[f];
      }
    }
    double baseline = Math.log(model.predictSequences(List.<float[][]>of(flat), List.<float[][]>of(meanRr))[0][target][s.predictedClass()]);
    assertThat(s.baselineLogProbability()).isCloseTo(baseline, within(1e-4));

    double sum = 0;
    for (int t = 0; t < beats; t++) {
      sum += s.beatWindow()[t] + s.beatRr()[t];
    }
    double gained = s.logProbability() - baseline;
    assertThat(sum).as("completeness: attributions add up to log p(input) - log p(baseline) = %s", gained)
        .isCloseTo(gained, within(0.01 + 0.03 * Math.abs(gained)));
    double windowSum = 0;
    for (float[] channel : s.window()) {
      for (float v : channel) {
        windowSum += v;
      }
    }
    assertThat(windowSum).isCloseTo(s.beatWindow()[target], within(1e-4));
    if (kind == ModelKind.BEAT) {
      for (int t = 0; t < beats; t++) {
        if (t != target) {
          assertThat(s.beatWindow()[t]).isZero();
          assertThat(s.beatRr()[t]).isZero();
        }
      }
    }
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> kindsAndMethods() {
    List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
    for (ModelKind k : ModelKind.values()) {
      for (SaliencyMethod m : SaliencyMethod.values()) {
        out.add(org.junit.jupiter.params.provider.Arguments.of(k, m));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("kindsAndMethods")
  void sequencesOfDifferentLengthsInOneCallGiveWhatEachGivesAlone(ModelKind kind, SaliencyMethod method) {
    differentLengthsInOneCallGiveWhatEachGivesAlone(config(2, 16, kind, 1e-3, 3), method);
  }

  /** The same with the sequence model's LSTM beat encoder, whose window LSTM sees no padding mask. */
  @ParameterizedTest
  @EnumSource(SaliencyMethod.class)
  void theSequenceModelWithTheLstmBeatEncoderToo(SaliencyMethod method) {
    differentLengthsInOneCallGiveWhatEachGivesAlone(
        config(2, 16, ModelKind.SEQUENCE, 1e-3, 3).withBeatEncoder(BeatEncoder.LSTM), method);
  }

  private static void differentLengthsInOneCallGiveWhatEachGivesAlone(NetworkConfig cfg, SaliencyMethod method) {
    BeatModel model = model(cfg.kind().build(cfg, null), cfg, normalizer(2));
    Random rnd = new Random(9);
    int[] lengths = {3, 7, 1, 5};
    int[] targets = {0, 4, 0, 4};
    List<float[][]> w = new ArrayList<>();
    List<float[][]> rr = new ArrayList<>();
    for (int len : lengths) {
      w.add(randomWindows(rnd, len, 32));
      rr.add(randomRr(rnd, len));
    }
    List<Saliency> batch = model.saliency(w, rr, targets, method, 8);
    assertThat(batch).hasSize(lengths.length);
    for (int s = 0; s < lengths.length; s++) {
      Saliency alone = model.saliency(List.<float[][]>of(w.get(s)), List.<float[][]>of(rr.get(s)), new int[] {targets[s]}, method, 8).get(0);
      Saliency b = batch.get(s);
      float[] p = model.predictSequences(List.<float[][]>of(w.get(s)), List.<float[][]>of(rr.get(s)))[0][targets[s]];
      assertThat(b.method()).isEqualTo(method);
      assertThat(b.target()).isEqualTo(targets[s]);
      assertThat(b.beats()).isEqualTo(lengths[s]);
      assertThat(b.beatRr()).hasSize(lengths[s]);
      assertThat(b.window()).hasDimensions(2, 16);
      assertThat(b.rr()).hasSize(4);
      assertThat(b.probabilities()).containsExactly(p, within(1e-5f));
      assertThat(b.predictedClass()).isEqualTo(alone.predictedClass());
      assertThat(b.beatWindow()).containsExactly(alone.beatWindow(), within(1e-4f));
      for (int ch = 0; ch < 2; ch++) {
        assertThat(b.window()[ch]).containsExactly(alone.window()[ch], within(1e-5f));
      }
      assertThat(b.rr()).containsExactly(alone.rr(), within(1e-5f));
      float[] share = b.beatShare();
      double sum = 0;
      for (float x : share) {
        sum += x;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5));
    }
    assertThatThrownBy(() -> model.saliency(List.<float[][]>of(w.get(0)), List.<float[][]>of(rr.get(0)), new int[] {3}, method, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target beat 3");
  }

  /**
   * A per-beat network trained on windows whose class is the sign of a bump at samples 4..9,
   * beside an equally large bump of random sign at samples 20..25 that carries no information (and
   * is nearer the LSTM's last step): the integrated-gradients attribution must lie in the half of
   * the window that holds the informative bump, not on the distractor. (On this network the plain
   * gradient peaks on samples 25..30, next to the LSTM's output: see {@link SaliencyMethod}.)
   */
  @Test
  void aTrainedBeatModelsSaliencyPeaksWhereTheClassIsDecided() {
    int width = 32;
    NetworkConfig cfg = config(1, width, ModelKind.BEAT, 1e-2, 21);
    ComputationGraph graph = ModelKind.BEAT.build(cfg, null);
    Random rnd = new Random(1);
    for (int epoch = 0; epoch < 10; epoch++) {
      for (int batch = 0; batch < 6; batch++) {
        int n = 32;
        float[] wave = new float[n * width];
        float[] labels = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
          boolean v = rnd.nextBoolean();
          bumpyWindow(rnd, v, wave, i * width, width);
          labels[i * CLASSES + (v ? V : N)] = 1;
        }
        graph.fit(new MultiDataSet(new INDArray[] {Nd4j.create(wave, new long[] {n, 1, width}, 'c'), Nd4j.zeros(n, 4)},
            new INDArray[] {Nd4j.create(labels, new long[] {n, CLASSES}, 'c')}));
      }
    }
    BeatModel model = model(graph, cfg, Normalizer.identity(1, 4));
    int n = 40;
    List<float[][]> w = new ArrayList<>();
    List<float[][]> rr = new ArrayList<>();
    int[] targets = new int[n];
    boolean[] truth = new boolean[n];
    for (int i = 0; i < n; i++) {
      float[] x = new float[width];
      truth[i] = rnd.nextBoolean();
      bumpyWindow(rnd, truth[i], x, 0, width);
      w.add(new float[][] {x});
      rr.add(new float[1][4]);
    }
    List<Saliency> out = model.saliency(w, rr, targets, SaliencyMethod.INTEGRATED_GRADIENTS, 32);
    double informative = 0;
    double distractor = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      Saliency s = out.get(i);
      correct += s.predictedClass() == (truth[i] ? V : N) ? 1 : 0;
      for (int j = 0; j < width; j++) {
        double a = Math.abs(s.window()[0][j]) / 16.0;
        if (j < 16) {
          informative += a;
        } else {
          distractor += a;
        }
      }
    }
    assertThat(correct).as("the network learned the task").isGreaterThanOrEqualTo(36);
    assertThat(informative).as("mean |attribution| around the deciding bump vs around the distractor").isGreaterThan(3 * distractor);
  }

  /** Noise, the deciding bump at 4..9 (positive for V) and a distractor bump of random sign at 20..25. */
  private static void bumpyWindow(Random rnd, boolean v, float[] out, int offset, int width) {
    float distractor = rnd.nextBoolean() ? 1.5f : -1.5f;
    for (int j = 0; j < width; j++) {
      float x = (float) (0.2 * rnd.nextGaussian());
      if (j >= 20 && j < 26) {
        x += distractor;
      }
      if (j >= 4 && j < 10) {
        x += v ? 1.5f : -1.5f;
      }
      out[offset + j] = x;
    }
  }

  /**
   * A causal beat-sequence model cannot see the beats after the one it classifies: their
   * attribution must be exactly zero, while the beats before it get some. (Were the other beats'
   * outputs not masked out of the explained loss, the later beats would get attribution through
   * their own outputs.)
   */
  @ParameterizedTest
  @EnumSource(SaliencyMethod.class)
  void aCausalSequenceModelAttributesNothingToTheBeatsAfterTheExplainedOne(SaliencyMethod method) {
    NetworkConfig cfg = config(2, 16, ModelKind.BEAT, 1e-3, 13).asSequence(SequenceDirection.CAUSAL, 8, 4, 1);
    BeatModel model = model(ModelKind.SEQUENCE.build(cfg, null), cfg, normalizer(2));
    Random rnd = new Random(4);
    int beats = 7;
    int target = 3;
    Saliency s = model.saliency(List.<float[][]>of(randomWindows(rnd, beats, 32)), List.<float[][]>of(randomRr(rnd, beats)),
        new int[] {target}, method, 16).get(0);
    for (int t = 0; t < beats; t++) {
      if (t > target) {
        assertThat(s.beatWindow()[t]).as("window of beat %d after the target", t).isZero();
        assertThat(s.beatRr()[t]).as("RR of beat %d after the target", t).isZero();
      } else {
        assertThat(Math.abs(s.beatWindow()[t])).as("window of beat %d", t).isPositive();
      }
    }
  }

  @Test
  void withTheRecordAmplitudeAWindowThreeTimesLargerGetsAThirdOfTheSaliencyPerMillivolt() {
    // training.record-amplitude: the window and its template divided by the template's range reach
    // the network as the same inputs, so each millivolt of the larger window weighs a third.
    NetworkConfig cfg = config(2, 16, ModelKind.BEAT, 1e-3, 11);
    Normalizer plain = normalizer(2);
    Normalizer scaled = new Normalizer(plain.leadMean(), plain.leadStd(), plain.rrMean(), plain.rrStd(), plain.count(),
        plain.rrEncoding(), plain.windowCut(), plain.atrialMatch(), new RecordAmplitude(2));
    BeatModel model = model(ModelKind.BEAT.build(cfg, new double[] {1, 1, 1, 1, 1}), cfg, scaled);
    Random rnd = new Random(6);
    float[][] w = randomWindows(rnd, 1, 32);
    float[][] larger = new float[1][32];
    for (int i = 0; i < 32; i++) {
      larger[0][i] = 3 * w[0][i];
    }
    float[][] rr = randomRr(rnd, 1);
    Saliency a = model.saliency(List.<float[][]>of(w), List.<float[][]>of(rr), new int[] {0}, SaliencyMethod.GRADIENT, 1).get(0);
    Saliency b = model.saliency(List.<float[][]>of(larger), List.<float[][]>of(rr), new int[] {0}, SaliencyMethod.GRADIENT, 1)
        .get(0);
    assertThat(b.probabilities()).containsExactly(a.probabilities(), within(1e-5f));
    double largest = 0;
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 16; i++) {
        largest = Math.max(largest, Math.abs(a.window()[c][i]));
        assertThat((double) b.window()[c][i]).as("channel %d value %d", c, i)
            .isCloseTo(a.window()[c][i] / 3.0, within(1e-4 + 1e-3 * Math.abs(a.window()[c][i])));
      }
    }
    assertThat(largest).as("a saliency to compare").isGreaterThan(1e-3);
  }
}
