package org.ecgplatform.training.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.dataset.DatasetSchema;

/**
 * Everything a reader needs to use a trained model besides its weights: the input contract
 * (rate, window, leads, classes, RR features), the normalisation, the dataset it was trained on,
 * the training configuration and the per-epoch history. Written beside {@code model.zip} as
 * versioned JSON ({@link #FILE_NAME}); readers refuse other {@link #formatVersion}s.
 *
 * @param formatVersion version of this JSON layout ({@link #CURRENT_VERSION})
 * @param classes output classes in output-column order
 * @param fsHz sampling rate of the input windows
 * @param samplesBefore window samples before the fiducial point
 * @param samplesAfter window samples from the fiducial point on
 * @param leadCount leads per window
 * @param leadNames lead names in window order, or an empty list when unknown
 * @param rrFeatures RR feature columns in model input order
 * @param normalizer normalisation statistics of the training split
 * @param datasetSchema contract of the training dataset
 * @param datasetUri where the training dataset was read from
 * @param manifestSha256 SHA-256 of the dataset's {@code manifest.json}, or null when it had none
 * @param network architecture settings
 * @param trainingConfig effective training configuration (flattened {@code training.*} keys)
 * @param epochs metrics of every epoch run, in order
 * @param bestEpoch epoch whose weights were kept (best validation macro-F1)
 * @param softwareVersion version of the platform that trained the model
 * @param createdAt ISO-8601 UTC time the artifact was written
 */
public record ModelMetadata(
    int formatVersion,
    List<String> classes,
    int fsHz,
    int samplesBefore,
    int samplesAfter,
    int leadCount,
    List<String> leadNames,
    List<String> rrFeatures,
    Normalizer normalizer,
    DatasetSchema datasetSchema,
    String datasetUri,
    String manifestSha256,
    NetworkConfig network,
    Map<String, Object> trainingConfig,
    List<EpochMetrics> epochs,
    int bestEpoch,
    String softwareVersion,
    String createdAt) {

  /** The layout version this code writes and reads. */
  public static final int CURRENT_VERSION = 1;

  public static final String FILE_NAME = "model.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ModelMetadata {
    Objects.requireNonNull(classes, "classes");
    Objects.requireNonNull(normalizer, "normalizer");
    Objects.requireNonNull(network, "network");
    classes = List.copyOf(classes);
    leadNames = leadNames == null ? List.of() : List.copyOf(leadNames);
    rrFeatures = List.copyOf(rrFeatures);
    trainingConfig = trainingConfig == null ? Map.of() : Map.copyOf(trainingConfig);
    epochs = epochs == null ? List.of() : List.copyOf(epochs);
    if (normalizer.leadCount() != leadCount) {
      throw new IllegalArgumentException(
          "Cannot build model metadata: normaliser has " + normalizer.leadCount() + " leads, model " + leadCount);
    }
  }

  /** Samples per lead in each input window. */
  public int windowSamples() {
    return samplesBefore + samplesAfter;
  }

  /** A copy with a different history and best epoch (the training loop appends one epoch at a time). */
  public ModelMetadata withEpochs(List<EpochMetrics> newEpochs, int newBestEpoch) {
    return new ModelMetadata(formatVersion, classes, fsHz, samplesBefore, samplesAfter, leadCount, leadNames,
        rrFeatures, normalizer, datasetSchema, datasetUri, manifestSha256, network, trainingConfig, newEpochs,
        newBestEpoch, softwareVersion, createdAt);
  }

  /** A copy stamped with a creation time. */
  public ModelMetadata withCreatedAt(String time) {
    return new ModelMetadata(formatVersion, classes, fsHz, samplesBefore, samplesAfter, leadCount, leadNames,
        rrFeatures, normalizer, datasetSchema, datasetUri, manifestSha256, network, trainingConfig, epochs,
        bestEpoch, softwareVersion, time);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise model metadata", e);
    }
  }

  /**
   * Parses metadata read from {@code source} (named in errors).
   *
   * @throws DatasetContractException when the text is not model metadata of {@link #CURRENT_VERSION}
   */
  public static ModelMetadata fromJson(String json, String source) {
    ModelMetadata m;
    try {
      m = JSON.readValue(json, ModelMetadata.class);
    } catch (JsonProcessingException e) {
      throw new DatasetContractException(
          "Cannot read model metadata " + source + ": not a model.json (" + e.getOriginalMessage() + ")");
    }
    if (m.formatVersion() != CURRENT_VERSION) {
      throw new DatasetContractException(
          "Cannot read model metadata " + source + ": format version " + m.formatVersion()
              + ", this software reads version " + CURRENT_VERSION + " (re-train or use a matching release)");
    }
    return m;
  }

  /** The software version from the jar manifest, or "dev" when run from classes. */
  public static String currentSoftwareVersion() {
    String v = ModelMetadata.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
