package org.ecgplatform.evaluation.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.etl.dataset.DatasetSchema;

/**
 * A deterministic test scorer (tests and benchmarks only). Fixture windows carry the beat's true
 * label in {@code window[0]} and a beat serial number in {@code window[1]}; the scorer answers the
 * true label, except on every {@code errEvery}-th serial where it answers the next class
 * ({@code (label + 1) mod 5}), so its errors are known in advance. A "model file" is the JSON of
 * its spec and {@code errEvery}.
 */
public final class LabelEchoScorer implements BeatScorer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScorerSpec spec;
  private final int errEvery;

  public LabelEchoScorer(ScorerSpec spec, int errEvery) {
    this.spec = spec;
    this.errEvery = errEvery;
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
      for (int i = 0; i < windows.length; i++) {
        int p = predicted((int) windows[i][0], (long) windows[i][1], errEvery, k);
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
    spec.classes().forEach(n.putArray("classes")::add);
    spec.rrFeatures().forEach(n.putArray("rrFeatures")::add);
    n.put("errEvery", errEvery);
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
          classes, n.path("fsHz").asInt(), n.path("samplesBefore").asInt(), n.path("samplesAfter").asInt(), n.path("leadCount").asInt(), rr);
      return new LabelEchoScorer(spec, n.path("errEvery").asInt());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A scorer matching {@code schema}. */
  public static LabelEchoScorer forSchema(DatasetSchema schema, int errEvery) {
    return new LabelEchoScorer(ScorerSpec.of(schema), errEvery);
  }
}
