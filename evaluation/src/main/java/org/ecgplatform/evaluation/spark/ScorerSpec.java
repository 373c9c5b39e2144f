package org.ecgplatform.evaluation.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.training.model.ModelMetadata;

/**
 * What a scorer expects of its input and what it outputs: the model's side of the dataset
 * contract. The job checks a dataset against it ({@link DatasetSchema#requireCompatible}) before
 * scoring anything.
 *
 * @param classes output classes in probability order (AAMI names)
 * @param fsHz sampling rate of the windows the model was trained on
 * @param samplesBefore window samples before the fiducial point
 * @param samplesAfter window samples from the fiducial point on
 * @param leadCount leads per window
 * @param rrFeatures RR feature columns in model input order
 * @param settings the ETL settings of the model's training dataset ({@link DatasetSchema#settings});
 *     empty: not recorded, not checked
 */
public record ScorerSpec(
    List<String> classes, int fsHz, int samplesBefore, int samplesAfter, int leadCount, List<String> rrFeatures,
    Map<String, String> settings) implements Serializable {

  public ScorerSpec {
    classes = List.copyOf(classes);
    rrFeatures = List.copyOf(rrFeatures);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  /** A spec that records no ETL settings. */
  public ScorerSpec(
      List<String> classes, int fsHz, int samplesBefore, int samplesAfter, int leadCount, List<String> rrFeatures) {
    this(classes, fsHz, samplesBefore, samplesAfter, leadCount, rrFeatures, Map.of());
  }

  /** The spec of a trained model: its metadata, and its training dataset's ETL settings. */
  public static ScorerSpec of(ModelMetadata m) {
    return new ScorerSpec(m.classes(), m.fsHz(), m.samplesBefore(), m.samplesAfter(), m.leadCount(), m.rrFeatures(),
        m.datasetSchema() == null ? Map.of() : m.datasetSchema().settings());
  }

  /** The spec of a model trained on a dataset with this contract. */
  public static ScorerSpec of(DatasetSchema schema) {
    return new ScorerSpec(
        schema.classes(), schema.fsHz(), schema.samplesBefore(), schema.samplesAfter(), schema.leadCount(), schema.rrFeatures(),
        schema.settings());
  }

  /** This spec as the dataset contract the model expects, for {@link DatasetSchema#requireCompatible}. */
  public DatasetSchema asDatasetSchema() {
    return new DatasetSchema(
        DatasetSchema.CURRENT_VERSION,
        fsHz,
        samplesBefore,
        samplesAfter,
        leadCount,
        classes,
        rrFeatures,
        DatasetSchema.standardColumns(),
        settings);
  }

  /**
   * This spec with {@code other}'s ETL settings added, when a model with {@code other}'s spec takes
   * the same inputs: every other field equal, and each setting both record equal (a model written
   * before the settings were recorded has none). Empty when they differ.
   */
  public Optional<ScorerSpec> combinedWith(ScorerSpec other) {
    if (!withSettings(Map.of()).equals(other.withSettings(Map.of()))
        || !DatasetSchema.conflictingSettings(settings, other.settings).isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> both = new HashMap<>(other.settings);
    both.putAll(settings);
    return Optional.of(withSettings(both));
  }

  private ScorerSpec withSettings(Map<String, String> etlSettings) {
    return new ScorerSpec(classes, fsHz, samplesBefore, samplesAfter, leadCount, rrFeatures, etlSettings);
  }

  /** Floats per window: leadCount × (samplesBefore + samplesAfter). */
  public int windowLength() {
    return leadCount * (samplesBefore + samplesAfter);
  }
}
