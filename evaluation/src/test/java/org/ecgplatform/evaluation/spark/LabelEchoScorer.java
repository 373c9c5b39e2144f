package org.ecgplatform.evaluation.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.SequenceDirection;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * A deterministic test scorer (tests and benchmarks only). Fixture windows carry the beat's true
 * label in {@code window[0]}, a beat serial number in {@code window[1]} and the beat's index in its
 * record in {@code window[2]}; the scorer answers the true label, except on every {@code
 * errEvery}-th serial where it answers the next class ({@code (label + 1) mod 5}), so its errors
 * are known in advance. A "model file" is the JSON of its spec and {@code errEvery}.
 *
 * <p>With {@code sequenceLength > 0} it acts as a model of beat sequences: the job streams records
 * to it cut into sequences ({@link ChunkGeometry}), and it answers as above only for sequences of
 * consecutive beats of one record in time order; a sequence that crosses records or is out of
 * order gets every beat wrong, so a job that streams records wrongly cannot pass for one that
 * streams them right.
 */
public final class LabelEchoScorer implements BeatScorer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScorerSpec spec;
  private final int errEvery;
  private final int sequenceLength;
  private final int overlap;

  public LabelEchoScorer(ScorerSpec spec, int errEvery) {
    this(spec, errEvery, 0, 0);
  }

  public LabelEchoScorer(ScorerSpec spec, int errEvery, int sequenceLength, int overlap) {
    this.spec = spec;
    this.errEvery = errEvery;
    this.sequenceLength = sequenceLength;
    this.overlap = overlap;
  }

  @Override
  public <T> StreamingScorer<T> stream(int beatsPerCall) {
    if (sequenceLength == 0) {
      return BeatScorer.super.stream(beatsPerCall);
    }
    return new StreamingScorer<>(this::predictSequences, ChunkGeometry.of(sequenceLength, overlap, SequenceDirection.BIDIRECTIONAL), 3);
  }

  /** True when a sequence is consecutive beats of one record in time order. */
  private boolean inOrder(float[][] windows) {
    for (int i = 1; i < windows.length; i++) {
      if (windows[i][1] != windows[i - 1][1] + 1 || windows[i][2] != windows[i - 1][2] + 1) {
        return false;
      }
    }
    return true;
  }

  /** The class this scorer gives a beat of {@code label} with {@code serial}. */
  public static int predicted(int label, long serial, int errEvery, int classCount) {
    return errEvery > 0 && serial % errEvery == 0 ? (label + 1) % classCount : label;
  }

  @Override
  public ScorerSpec spec() {
    return spec;
  }

  @Override
  public float[][][] predictSequences(List<float[][]> sequences, List<float[][]> rr) {
    int k = spec.classes().size();
    float[][][] result = new float[sequences.size()][][];
    for (int s = 0; s < sequences.size(); s++) {
      float[][] windows = sequences.get(s);
      float[][] out = new float[windows.length][k];
      boolean ordered = sequenceLength == 0 || inOrder(windows);
      for (int i = 0; i < windows.length; i++) {
        int p = predicted((int) windows[i][0], (long) windows[i][1], errEvery, k);
        p = ordered ? p : (p + 2) % k;
        for (int c = 0; c < k; c++) {
          out[i][c] = c == p ? 0.9f : 0.1f / (k - 1);
        }
      }
      result[s] = out;
    }
    return result;
  }

  @Override
  public byte[] toBytes() {
    ObjectNode n = JSON.createObjectNode();
    n.put("fsHz", spec.fsHz());
    n.put("samplesBefore", spec.samplesBefore());
    n.put("samplesAfter", spec.samplesAfter());
    n.put("leadCount", spec.leadCount());
    spec.settings().forEach(n.putObject("settings")::put);
    spec.classes().forEach(n.putArray("classes")::add);
    spec.rrFeatures().forEach(n.putArray("rrFeatures")::add);
    n.put("errEvery", errEvery);
    n.put("sequenceLength", sequenceLength);
    n.put("overlap", overlap);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static LabelEchoScorer fromBytes(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      List<String> classes = new ArrayList<>();
      n.path("classes").forEach(c -> classes.add(c.asText()));
      List<String> rr = new ArrayList<>();
      n.path("rrFeatures").forEach(c -> rr.add(c.asText()));
      ScorerSpec spec = new ScorerSpec(
          classes, n.path("fsHz").asInt(), n.path("samplesBefore").asInt(), n.path("samplesAfter").asInt(), n.path("leadCount").asInt(), rr,
          settings(n.path("settings")));
      return new LabelEchoScorer(spec, n.path("errEvery").asInt(), n.path("sequenceLength").asInt(), n.path("overlap").asInt());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> settings(JsonNode n) {
    Map<String, String> m = new java.util.TreeMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  /** A scorer matching {@code schema}. */
  public static LabelEchoScorer forSchema(DatasetSchema schema, int errEvery) {
    return new LabelEchoScorer(ScorerSpec.of(schema), errEvery);
  }
}
