package org.ecgplatform.training.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.common.ConfigLoader;

/**
 * The model kinds the platform trains, each one network and one way of feeding it. Jobs never
 * branch on the kind beyond asking it for these.
 *
 * <ul>
 *   <li>{@link #BEAT}: one beat at a time ({@link BeatNetwork}); the LSTM runs across the samples of
 *       the beat window.
 *   <li>{@link #SEQUENCE}: consecutive beats of one record ({@link SequenceNetwork}); a CNN encodes
 *       each beat, the LSTM runs across beats.
 * </ul>
 */
public enum ModelKind {
  BEAT {
    @Override
    public ComputationGraph build(NetworkConfig cfg, double[] classWeights) {
      return BeatNetwork.build(cfg, classWeights);
    }
  },
  SEQUENCE {
    @Override
    public ComputationGraph build(NetworkConfig cfg, double[] classWeights) {
      return SequenceNetwork.build(cfg, classWeights);
    }
  };

  /** Builds and initialises this kind's network. */
  public abstract ComputationGraph build(NetworkConfig cfg, double[] classWeights);

  /** Parses a configuration value (any case), naming {@code key} in the error. */
  public static ModelKind parse(String key, String value) {
    return ConfigLoader.enumValue(key, value, ModelKind.class);
  }
}
