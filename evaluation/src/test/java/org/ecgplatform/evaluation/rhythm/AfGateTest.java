package org.ecgplatform.evaluation.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AfGateTest {
  private static final int S = 1;
  private static final int N = 0;

  @Test
  void theStreamDecidesEveryBeatOnceInOrderAsTheWholeRecordWould() {
    Random random = new Random(7);
    // records shorter than the fewest intervals, than the window, and much longer; rhythms that
    // switch between regular and random inside a record
    int[] lengths = {5, 40, 64, 65, 300, 1, 129};
    AfGate<Integer> gate = new AfGate<>(AfDetectorTest.DEFAULTS, S, N);
    List<AfGate.Gated<Integer>> out = new ArrayList<>();
    List<Boolean> expected = new ArrayList<>();
    int id = 0;
    for (int r = 0; r < lengths.length; r++) {
      double[] t = new double[lengths[r]];
      double now = 0;
      for (int i = 0; i < t.length; i++) {
        boolean irregular = (i / 50) % 2 == 1;
        now += irregular ? 0.4 + 0.8 * random.nextDouble() : 0.8 + 0.01 * random.nextGaussian();
        t[i] = now;
      }
      for (boolean f : AfDetectorTest.DEFAULTS.flags(t)) {
        expected.add(f);
      }
      for (int i = 0; i < t.length; i++) {
        out.addAll(gate.add("rec" + r, t[i], id++, new float[] {0.2f, 0.7f, 0.1f}));
      }
    }
    out.addAll(gate.finish());

    assertThat(out).extracting(AfGate.Gated::beat).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, id).boxed().toList());
    assertThat(out).extracting(AfGate.Gated::irregular).containsExactlyElementsOf(expected);
    assertThat(expected).contains(true, false);
    for (AfGate.Gated<Integer> g : out) {
      if (g.irregular()) {
        assertThat(g.probabilities()).containsExactly(new float[] {0.9f, 0f, 0.1f}, within(1e-6f));
        assertThat(g.changed()).isTrue(); // S was the most probable class
        assertThat(g.otherChanged()).isFalse();
      } else {
        assertThat(g.probabilities()).containsExactly(0.2f, 0.7f, 0.1f);
        assertThat(g.changed()).isFalse();
        assertThat(g.otherChanged()).isFalse();
      }
    }
  }

  @Test
  void withTheAtrialCheckTheStreamDecidesAsTheWholeRecordWould() {
    Random random = new Random(9);
    AtrialActivity atrial = AtrialActivityTest.at(0.7);
    AfGate<Integer> gate = new AfGate<>(AfDetectorTest.DEFAULTS, atrial, S, N);
    List<AfGate.Gated<Integer>> out = new ArrayList<>();
    List<Boolean> expected = new ArrayList<>();
    int id = 0;
    for (int length : new int[] {400, 70, 20, 250}) {
      // a random rhythm throughout; P waves in some stretches of 100 beats, fibrillatory waves in the others
      double[] t = new double[length];
      List<float[]> windows = new ArrayList<>();
      double now = 0;
      for (int i = 0; i < length; i++) {
        now += 0.4 + 0.8 * random.nextDouble();
        t[i] = now;
        windows.add((i / 100) % 2 == 0 ? AtrialActivityTest.window(random, 0, 0.05) : AtrialActivityTest.window(random, 0.15, 0.01));
      }
      boolean[] whole = atrial.refine(AfDetectorTest.DEFAULTS.flags(t), windows.stream().map(atrial::segment).toList(), 32);
      for (boolean f : whole) {
        expected.add(f);
      }
      for (int i = 0; i < length; i++) {
        out.addAll(gate.add("rec" + length, t[i], id++, new float[] {0.2f, 0.7f, 0.1f}, windows.get(i)));
      }
    }
    out.addAll(gate.finish());
    assertThat(out).extracting(AfGate.Gated::irregular).containsExactlyElementsOf(expected);
    assertThat(expected.subList(0, 400)).contains(true, false); // both kinds of stretch in the long record
    assertThatThrownBy(() -> new AfGate<Integer>(AfDetectorTest.DEFAULTS, atrial, S, N).add("r", 1, 0, new float[] {1, 0}))
        .hasMessageContaining("needs each beat's window");
  }

  @Test
  void atMostHalfAWindowOfBeatsWaits() {
    AfGate<Integer> gate = new AfGate<>(AfDetectorTest.DEFAULTS, S, N);
    int out = 0;
    for (int i = 0; i < 200; i++) {
      out += gate.add("r", i * 0.8, i, new float[] {1, 0}).size();
      assertThat(i + 1 - out).isLessThanOrEqualTo(32);
    }
    assertThat(out + gate.finish().size()).isEqualTo(200);
  }

  @Test
  void aCallOfAnotherClassChangesToNOnlyWhereNAndSTogetherExceedIt() {
    Random random = new Random(13);
    double[] t = new double[200];
    for (int i = 1; i < t.length; i++) {
      t[i] = t[i - 1] + 0.4 + 0.8 * random.nextDouble();
    }
    boolean[] flags = AfDetectorTest.DEFAULTS.flags(t);
    AfGate<Integer> gate = new AfGate<>(AfDetectorTest.DEFAULTS, S, N);
    List<AfGate.Gated<Integer>> out = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      // N, S, V: V is called; odd beats have N + S above V, even ones below
      float[] p = i % 2 == 1 ? new float[] {0.3f, 0.25f, 0.45f} : new float[] {0.1f, 0.2f, 0.7f};
      out.addAll(gate.add("r", t[i], i, p));
    }
    out.addAll(gate.finish());
    int changed = 0;
    for (AfGate.Gated<Integer> g : out) {
      boolean expected = flags[g.beat()] && g.beat() % 2 == 1;
      assertThat(g.otherChanged()).as("beat %d", g.beat()).isEqualTo(expected);
      assertThat(g.changed()).isFalse();
      assertThat(org.ecgplatform.training.model.Probabilities.argMax(g.probabilities())).isEqualTo(expected ? N : 2);
      changed += expected ? 1 : 0;
    }
    assertThat(changed).isGreaterThan(60);
  }

  @Test
  void suppressingMovesTheProbabilityOfSToNAndLeavesTheOthers() {
    // S was second to V: without the gate's move it would become V, with it the beat stays N or V by its own figures
    assertThat(AfGate.suppress(new float[] {0.1f, 0.5f, 0.4f}, 1, 0)).containsExactly(new float[] {0.6f, 0f, 0.4f}, within(1e-6f));
    assertThat(AfGate.suppress(new float[] {0f, 1f, 0f}, 1, 0)).containsExactly(1f, 0f, 0f);
    assertThatThrownBy(() -> AfGate.suppress(new float[] {1f}, 3, 0)).hasMessageContaining("class 3");
    assertThatThrownBy(() -> new AfGate<Integer>(AfDetectorTest.DEFAULTS, 1, 1)).hasMessageContaining("distinct");
  }

  @Test
  void beatsOutOfTimeOrderAreAnError() {
    AfGate<Integer> gate = new AfGate<>(AfDetectorTest.DEFAULTS, S, N);
    gate.add("r", 1.0, 0, new float[] {1, 0});
    assertThatThrownBy(() -> gate.add("r", 1.0, 1, new float[] {1, 0}))
        .hasMessageContaining("record r out of time order");
  }
}
