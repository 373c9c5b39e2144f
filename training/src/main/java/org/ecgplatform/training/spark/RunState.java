package org.ecgplatform.training.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.ValidationMetrics;

/**
 * What a checkpoint needs besides the weights to continue a run exactly: the last completed epoch,
 * the checkpoint file holding the weights and updater state of that epoch, the best epoch so far,
 * the early-stopping counter, which classes the validation macro-F1 that picked the best epoch
 * averages over ({@code training.early-stopping-f1-classes}; a state written before it was recorded
 * reads as {@code PRESENT}, the only figure then), the seed every per-epoch shuffle is derived from,
 * and the training statistics; with a weight average ({@code training.weight-average-half-life},
 * {@link WeightAverage}), its half-life and the file holding the running mean after that epoch (a
 * state written before the average existed reads as half-life 0 and no file); and the record
 * balance's exponent ({@code training.record-balance}; 0 in a state written before it existed).
 * Written as
 * {@code checkpoints/state.json}, after the weights it names, so a state file always points to a
 * complete checkpoint.
 */
public record RunState(
    int formatVersion,
    int epoch,
    String checkpointFile,
    int bestEpoch,
    double bestValMacroF1,
    ValidationMetrics.F1Classes earlyStoppingF1Classes,
    int epochsSinceBest,
    long seed,
    Normalizer normalizer,
    double[] classWeights,
    List<EpochMetrics> epochs,
    double weightAverageHalfLife,
    String averageFile,
    double recordBalance) {

  public static final int CURRENT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public RunState {
    epochs = List.copyOf(epochs);
    if (earlyStoppingF1Classes == null) {
      earlyStoppingF1Classes = ValidationMetrics.F1Classes.PRESENT;
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise run state", e);
    }
  }

  public static RunState fromJson(String json, String source) {
    try {
      RunState s = JSON.readValue(json, RunState.class);
      if (s.formatVersion() != CURRENT_VERSION) {
        throw new EcgPlatformException("Cannot resume from " + source + ": checkpoint format " + s.formatVersion()
            + ", this software reads " + CURRENT_VERSION + " (start a new run)");
      }
      return s;
    } catch (JsonProcessingException e) {
      throw new EcgPlatformException("Cannot resume from " + source + ": unreadable state (" + e.getOriginalMessage() + ")", e);
    }
  }
}
