package org.ecgplatform.training.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scoring of the beat-sequence model ({@link SequenceNetwork}) with each beat encoded once per
 * call. Scoring cuts a record into sequences that overlap by their context beats ({@link
 * ChunkGeometry}), and the whole graph would encode a beat once for every sequence that holds it;
 * yet everything up to the embedding (the convolutions, the beat encoder, the merge with the RR
 * input, the dense embedding) works on each beat alone. So the graph is cut there into two graphs
 * with the same parameters: the <em>encoder</em> ({@code wave, rr → embed}) runs once on every
 * distinct beat of a call, as one-beat sequences, and the <em>head</em> ({@code embedded → lstm →
 * out}) runs on the sequences, each built from its beats' embeddings. The same function as the
 * whole graph, computed in another order (so equal up to float rounding).
 *
 * <p>A beat is the same beat in two sequences of a call when both hold the same window and RR
 * arrays (the same objects, as {@link StreamingScorer} passes them).
 *
 * <p>Only for graphs of the shape this version builds ({@link #of} returns null otherwise, and the
 * whole graph scores them): a {@link BeatRowsVertex} merge, then {@code embed}, then {@code lstm} (a
 * {@link FusedLstm}, or DL4J's {@code Bidirectional} around two), then the output layer. Not for
 * DL4J's own LSTM ({@code training.network.lstm = dl4j}): inside the whole graph it never receives
 * the mask, so on padded sequences the head would not compute what the whole graph does.
 */
final class SequenceEncoderSplit {
  /** The head graph's input: the embedded beats as sequences, [n, embedding, T]. */
  private static final String EMBEDDED = "embedded";
  private static final String EMBED = "embed";
  private static final String LSTM = "lstm";

  private final ComputationGraph encoder;
  private final ComputationGraph head;
  private final int embedding;

  private SequenceEncoderSplit(ComputationGraph encoder, ComputationGraph head, int embedding) {
    this.encoder = encoder;
    this.head = head;
    this.embedding = embedding;
  }

  /** The split of {@code graph}, or null when it is not a beat-sequence graph of the supported shape. */
  static SequenceEncoderSplit of(ComputationGraph graph) {
    ComputationGraphConfiguration conf = graph.getConfiguration();
    Map<String, GraphVertex> vertices = conf.getVertices();
    Map<String, List<String>> inputs = conf.getVertexInputs();
    if (!(vertices.get("merge") instanceof BeatRowsVertex)
        || !(vertices.get(EMBED) instanceof LayerVertex embed) || embed.getPreProcessor() != null
        || !List.of("merge").equals(inputs.get(EMBED))
        || !(embed.getLayerConf().getLayer() instanceof DenseLayer dense)
        || !(vertices.get(LSTM) instanceof LayerVertex lstm) || !fused(lstm)
        || !(lstm.getPreProcessor() instanceof FeedForwardToRnnPreProcessor steps) || steps.getRnnDataFormat() != RNNFormat.NCW
        || !List.of(EMBED).equals(inputs.get(LSTM))
        || !(vertices.get(BeatNetwork.OUTPUT) instanceof LayerVertex out) || out.getPreProcessor() != null
        || !List.of(LSTM).equals(inputs.get(BeatNetwork.OUTPUT))
        || !List.of(BeatNetwork.OUTPUT).equals(conf.getNetworkOutputs())
        || vertices.size() + conf.getNetworkInputs().size() != reachedFromOutputs(conf)) {
      return null;
    }
    ComputationGraphConfiguration e = conf.clone();
    for (String v : List.of(LSTM, BeatNetwork.OUTPUT)) {
      e.getVertices().remove(v);
      e.getVertexInputs().remove(v);
    }
    e.setNetworkOutputs(new ArrayList<>(List.of(EMBED)));
    e.setTopologicalOrder(null);
    e.setTopologicalOrderStr(null);

    ComputationGraphConfiguration h = conf.clone();
    h.getVertices().keySet().retainAll(List.of(LSTM, BeatNetwork.OUTPUT));
    h.getVertexInputs().keySet().retainAll(List.of(LSTM, BeatNetwork.OUTPUT));
    ((LayerVertex) h.getVertices().get(LSTM)).setPreProcessor(null);
    h.getVertexInputs().put(LSTM, new ArrayList<>(List.of(EMBEDDED)));
    h.setNetworkInputs(new ArrayList<>(List.of(EMBEDDED)));
    h.setTopologicalOrder(null);
    h.setTopologicalOrderStr(null);

    return new SequenceEncoderSplit(withParameters(e, graph), withParameters(h, graph), (int) dense.getNOut());
  }

  /**
   * How many vertices and inputs the graph's outputs depend on: all of them when nothing else
   * hangs off the graph (a vertex the split would drop).
   */
  private static int reachedFromOutputs(ComputationGraphConfiguration conf) {
    Set<String> reached = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(conf.getNetworkOutputs());
    while (!todo.isEmpty()) {
      String v = todo.pop();
      if (reached.add(v)) {
        todo.addAll(conf.getVertexInputs().getOrDefault(v, List.of()));
      }
    }
    return reached.size();
  }

  private static boolean fused(LayerVertex lstm) {
    org.deeplearning4j.nn.conf.layers.Layer l = lstm.getLayerConf().getLayer();
    if (l instanceof Bidirectional b) {
      return b.getFwd() instanceof FusedLstm && b.getBwd() instanceof FusedLstm;
    }
    return l instanceof FusedLstm;
  }

  /** A graph of configuration {@code conf}, its layers holding the parameters of {@code graph}'s layers of the same names. */
  private static ComputationGraph withParameters(ComputationGraphConfiguration conf, ComputationGraph graph) {
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    for (Layer layer : g.getLayers()) {
      if (layer.numParams() > 0) {
        String name = layer.conf().getLayer().getLayerName();
        layer.setParams(graph.getLayer(name).params());
      }
    }
    return g;
  }

  /**
   * Class probabilities of sequences of raw beats, as {@link BeatModel#predictSequences} returns
   * them for the beat-sequence model: per sequence, one row per beat.
   */
  float[][][] predict(List<float[][]> windows, List<float[][]> rr, Normalizer norm) {
    // the distinct beats of the call, each once
    IdentityHashMap<float[], Integer> rowOf = new IdentityHashMap<>();
    List<float[]> beatWindows = new ArrayList<>();
    List<float[]> beatRr = new ArrayList<>();
    int n = windows.size();
    int[][] rows = new int[n][];
    int steps = 0;
    for (int s = 0; s < n; s++) {
      float[][] w = windows.get(s);
      float[][] r = rr.get(s);
      if (w.length != r.length) {
        throw new IllegalArgumentException("Cannot predict: sequence " + s + " has " + w.length + " windows but " + r.length
            + " RR rows");
      }
      rows[s] = new int[w.length];
      for (int i = 0; i < w.length; i++) {
        Integer row = rowOf.get(w[i]);
        if (row == null || beatRr.get(row) != r[i]) {
          row = beatWindows.size();
          beatWindows.add(w[i]);
          beatRr.add(r[i]);
          rowOf.put(w[i], row);
        }
        rows[s][i] = row;
      }
      steps = Math.max(steps, w.length);
    }
    boolean padded = false;
    for (int[] r : rows) {
      padded |= r.length != steps;
    }
    if (beatWindows.isEmpty()) {
      throw new IllegalArgumentException("Cannot predict: no beats");
    }
    float[] codes = encode(beatWindows, beatRr, norm);

    float[] x = new float[n * embedding * steps];
    float[] mask = padded ? new float[n * steps] : null;
    for (int s = 0; s < n; s++) {
      for (int t = 0; t < rows[s].length; t++) {
        int from = rows[s][t] * embedding;
        int to = s * embedding * steps + t;
        for (int d = 0; d < embedding; d++) {
          x[to + d * steps] = codes[from + d];
        }
        if (mask != null) {
          mask[s * steps + t] = 1f;
        }
      }
    }
    INDArray[] masks = mask == null ? null : new INDArray[] {Nd4j.create(mask, new long[] {n, steps}, 'c')};
    INDArray probs = head.output(false, new INDArray[] {Nd4j.create(x, new long[] {n, embedding, steps}, 'c')}, masks)[0];
    int[] lengths = new int[n];
    for (int s = 0; s < n; s++) {
      lengths[s] = rows[s].length;
    }
    return SequenceInputs.perBeat(probs, lengths);
  }

  /**
   * The embeddings of the beats, [beats, embedding] row-major: the encoder on one-beat sequences.
   * The windows are of one length (the model's; {@link BeatModel#predictSequences} checks them).
   */
  private float[] encode(List<float[]> windows, List<float[]> rr, Normalizer norm) {
    int u = windows.size();
    int width = windows.get(0).length;
    int features = norm.rrMean().length;
    float[] wave = new float[u * width];
    float[] rrFlat = new float[u * features];
    for (int b = 0; b < u; b++) {
      norm.normalizeWindow(windows.get(b), rr.get(b), wave, b * width);
      norm.normalizeRr(windows.get(b), rr.get(b), rrFlat, b * features);
    }
    INDArray codes = encoder.output(false, Nd4j.create(wave, new long[] {u, width, 1}, 'c'),
        Nd4j.create(rrFlat, new long[] {u, features, 1}, 'c'))[0];
    if (codes.rank() != 2 || codes.size(0) != u || codes.size(1) != embedding) {
      throw new IllegalStateException("Cannot predict: the encoder returned " + Arrays.toString(codes.shape())
          + " for " + u + " beats, expected [" + u + ", " + embedding + "]");
    }
    return codes.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
