package org.ecgplatform.training.model;

import org.ecgplatform.common.ConfigLoader;

/**
 * Which beats of a sequence the beat-sequence model sees when it classifies a beat.
 *
 * <p>{@link #BIDIRECTIONAL}: the beats before and after it (offline analysis of whole records).
 * {@link #CAUSAL}: only the beats before it and itself, so a beat can be classified as soon as it
 * is detected (streaming, wearables).
 */
public enum SequenceDirection {
  BIDIRECTIONAL,
  CAUSAL;

  /** Parses a configuration value (any case), naming {@code key} in the error. */
  public static SequenceDirection parse(String key, String value) {
    return ConfigLoader.enumValue(key, value, SequenceDirection.class);
  }

  /**
   * Beats of context kept before a scored stretch of {@code overlap} overlapping beats: all of them
   * for a causal model (it looks back only), half for a bidirectional one.
   */
  public int leftContext(int overlap) {
    return this == CAUSAL ? overlap : overlap / 2;
  }

  /** Beats of context kept after a scored stretch: {@code overlap - leftContext(overlap)}. */
  public int rightContext(int overlap) {
    return overlap - leftContext(overlap);
  }
}
