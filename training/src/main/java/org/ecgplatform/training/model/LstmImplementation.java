package org.ecgplatform.training.model;

import org.ecgplatform.common.ConfigLoader;

/**
 * Which code computes the LSTM of {@link BeatNetwork} ({@code training.network.lstm}). Both compute
 * the same function with the same parameters ({@link FusedLstm}); a model trained with one can be
 * run with the other ({@link LstmConversion}).
 */
public enum LstmImplementation {
  /**
   * A few native calls per minibatch: libnd4j's fused {@code lstmLayer} op when scoring, large matrix
   * products and a few calls per step in training ({@link FusedLstm}).
   */
  FUSED,
  /** DL4J's {@code LSTM} layer, a Java loop over the time steps: what every model before this setting used. */
  DL4J;

  /** Parses a configuration value ({@code fused} or {@code dl4j}, any case). */
  public static LstmImplementation parse(String key, String value) {
    return ConfigLoader.enumValue(key, value, LstmImplementation.class);
  }
}
