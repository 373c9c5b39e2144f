package org.ecgplatform.training.model;

import org.ecgplatform.common.ConfigLoader;

/**
 * How the beat-sequence model turns one beat window into the vector its LSTM across beats reads
 * ({@code training.sequence.beat-encoder}). Both start with the same two convolutions and poolings.
 *
 * <p>{@link #FLAT}: their output is flattened into the beat embedding (cheap: the only recurrence is
 * the one across beats). {@link #LSTM}: an LSTM runs over their steps within the window and its
 * last state is the beat's code, as in the per-beat model ({@link BeatNetwork}); this costs the
 * per-beat model's recurrence on every beat. The per-beat model's own encoder is {@link #LSTM}.
 */
public enum BeatEncoder {
  FLAT,
  LSTM;

  /** Parses a configuration value ({@code flat} or {@code lstm}, any case), naming {@code key} in the error. */
  public static BeatEncoder parse(String key, String value) {
    return ConfigLoader.enumValue(key, value, BeatEncoder.class);
  }
}
