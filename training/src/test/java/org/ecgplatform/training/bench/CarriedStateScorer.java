package org.ecgplatform.training.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.training.model.BeatEncoder;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.SequenceDirection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores the beats of one record as they arrive with a causal beat-sequence model one time step at
 * a time ({@link ComputationGraph#rnnTimeStep}), carrying the LSTM state from beat to beat instead of
 * re-running the network over each beat's whole context, and with the same probabilities as the
 * platform's scoring ({@link org.ecgplatform.training.model.StreamingScorer}).
 *
 * <p>The scoring geometry ({@link ChunkGeometry}) classifies the beats of core {@code k} (beats
 * {@code [k·stride, (k+1)·stride)}) in a sequence that starts {@code before} beats earlier, from a
 * zero LSTM state. So the state is not carried over the whole record: each sequence {@code k} has its
 * own, started fresh at beat {@code max(0, k·stride - before)}. Beat {@code b} is a step of every
 * sequence that holds it ({@link #sequencesHolding}): its own core's, and the next one's while it is
 * among that one's {@code before} beats of context. With the defaults (32 beats, overlap 8) that is one
 * step for 16 beats of a core's 24 and two for the other 8. The beat encoder runs in every step.
 *
 * <p>Not thread-safe; the graph's stored state is this scorer's.
 */
final class CarriedStateScorer {
  private final ComputationGraph graph;
  private final Normalizer norm;
  private final ChunkGeometry geometry;
  private final float[] waveBuffer;
  private final float[] rrBuffer;
  /** Per open sequence, the LSTM state after its last step (layer name → state name → array). */
  private final TreeMap<Integer, Map<String, Map<String, INDArray>>> states = new TreeMap<>();
  private int beat;

  CarriedStateScorer(BeatModel model) {
    if (model.kind() != ModelKind.SEQUENCE || model.metadata().network().direction() != SequenceDirection.CAUSAL) {
      throw new IllegalArgumentException("Cannot score with carried state: the model is not a causal beat-sequence model ("
          + model.kind() + ", " + model.metadata().network().direction() + ")");
    }
    if (model.metadata().network().beatEncoder() != BeatEncoder.FLAT) {
      // rnnTimeStep would carry the window LSTM's state from one beat's window into the next.
      throw new IllegalArgumentException("Cannot score with carried state: the model encodes beats with "
          + model.metadata().network().beatEncoder() + " (only the flat encoder has no recurrence within a beat)");
    }
    this.graph = model.graph();
    this.norm = model.metadata().normalizer();
    this.geometry = model.scoringGeometry();
    this.waveBuffer = new float[model.metadata().leadCount() * model.metadata().windowSamples()];
    this.rrBuffer = new float[norm.rrMean().length];
  }

  /**
   * The sequences of {@code geometry} (causal: no context after a core) that hold beat {@code beat},
   * as the first and last sequence index: sequence {@code k} spans beats {@code [max(0, k·stride -
   * before), (k+1)·stride)}, so beat {@code b} is in sequences {@code b / stride} up to
   * {@code (b + before) / stride}. The first is the one that classifies it.
   */
  static int[] sequencesHolding(int beat, ChunkGeometry geometry) {
    if (geometry.after() != 0) {
      throw new IllegalArgumentException("Cannot step a sequence geometry with " + geometry.after()
          + " beats of context after each core: only a causal geometry scores a beat from the beats before it");
    }
    if (beat < 0) {
      throw new IllegalArgumentException("Cannot locate beat " + beat + ": beats are counted from 0");
    }
    return new int[] {beat / geometry.stride(), (beat + geometry.before()) / geometry.stride()};
  }

  /**
   * Scores the record's next beat.
   *
   * @param window the beat's lead-major window, as in the dataset
   * @param rr the beat's RR columns, as in the dataset (seconds)
   * @return the beat's class probabilities
   */
  float[] add(float[] window, float[] rr) {
    norm.normalizeWindow(window, rr, waveBuffer, 0);
    norm.normalizeRr(rr, rrBuffer, 0);
    INDArray wave = Nd4j.create(waveBuffer, new long[] {1, waveBuffer.length, 1}, 'c');
    INDArray rrStep = Nd4j.create(rrBuffer, new long[] {1, rrBuffer.length, 1}, 'c');
    int[] seqs = sequencesHolding(beat, geometry);
    float[] probabilities = null;
    for (int k = seqs[0]; k <= seqs[1]; k++) {
      Map<String, Map<String, INDArray>> state = states.get(k);
      if (state == null) {
        graph.rnnClearPreviousState(); // sequence k starts here, from a zero state
      } else {
        graph.rnnSetPreviousStates(state);
      }
      INDArray out = graph.rnnTimeStep(wave, rrStep)[0];
      states.put(k, copy(graph.rnnGetPreviousStates()));
      if (k == seqs[0]) {
        probabilities = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
      }
    }
    // Sequences that hold no later beat are done.
    states.headMap(seqs[0], beat % geometry.stride() == geometry.stride() - 1).clear();
    beat++;
    return probabilities;
  }

  /** Open sequences (states held). */
  int openSequences() {
    return states.size();
  }

  /** A copy: the graph's layers keep their state maps and overwrite them on the next step. */
  private static Map<String, Map<String, INDArray>> copy(Map<String, Map<String, INDArray>> state) {
    Map<String, Map<String, INDArray>> out = new HashMap<>();
    for (Map.Entry<String, Map<String, INDArray>> layer : state.entrySet()) {
      Map<String, INDArray> arrays = new HashMap<>();
      for (Map.Entry<String, INDArray> e : layer.getValue().entrySet()) {
        arrays.put(e.getKey(), e.getValue().dup());
      }
      out.put(layer.getKey(), arrays);
    }
    return out;
  }
}
