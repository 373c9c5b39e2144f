package org.ecgplatform.evaluation.spark;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * Plugs the platform's DL4J {@link BeatModel} (a model directory with {@code model.zip} and {@code
 * model.json}, as the training job writes it) into the evaluation job. Registered in {@code
 * META-INF/services}; accepts every URI, so it is the default scorer.
 */
public final class BeatModelScorerFactory implements ScorerFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean supports(String modelUri) {
    return true;
  }

  @Override
  public BeatScorer load(String modelUri, Configuration hadoopConf) {
    return new Scorer(BeatModel.load(modelUri, hadoopConf));
  }

  @Override
  public BeatScorer fromBytes(byte[] bytes) {
    return new Scorer(BeatModel.fromBytes(bytes));
  }

  /** The adapter: the model's metadata is the scorer's contract. */
  static final class Scorer implements BeatScorer {
    private final BeatModel model;
    private final ScorerSpec spec;

    Scorer(BeatModel model) {
      this.model = model;
      this.spec = ScorerSpec.of(model.metadata());
    }

    @Override
    public ScorerSpec spec() {
      return spec;
    }

    @Override
    public float[][][] predictSequences(List<float[][]> windows, List<float[][]> rr) {
      return model.predictSequences(windows, rr);
    }

    @Override
    public <T> StreamingScorer<T> stream(int beatsPerCall) {
      return model.streamingScorer(beatsPerCall);
    }

    @Override
    public ChunkGeometry geometry(int beatsPerCall) {
      return model.streamingGeometry(beatsPerCall);
    }

    @Override
    public byte[] toBytes() {
      return model.toBytes();
    }
  }
}
