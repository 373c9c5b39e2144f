package org.ecgplatform.training.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of the network's weights over the parameter-averaging rounds
 * ({@code training.weight-average-half-life}): after each round, {@code mean = d * mean + (1 - d) *
 * weights}, with {@code d} chosen so that a round's weights count half as much after the half-life
 * (in epochs) has passed. Training goes on with the raw weights; validation, the best epoch and the
 * model artifact use the average, which smooths the swings of the raw weights between epochs. The
 * mean starts at the first round's weights, so the untrained initialisation never enters it.
 *
 * <p>Off (half-life 0): {@link #add} does nothing and {@link #model} returns the trained network.
 */
final class WeightAverage {
  private final double decay;
  private INDArray mean;

  private WeightAverage(double decay, INDArray mean) {
    this.decay = decay;
    this.mean = mean;
  }

  /**
   * The average for {@code roundsPerEpoch} rounds per epoch, continuing from {@code restored} (the
   * mean a checkpoint holds; null for a new run).
   */
  static WeightAverage of(double halfLifeEpochs, long roundsPerEpoch, INDArray restored) {
    return new WeightAverage(halfLifeEpochs > 0 ? decayPerRound(halfLifeEpochs, roundsPerEpoch) : 0, restored);
  }

  /** The factor a running mean is multiplied by per round: {@code 0.5^(1 / (halfLife * rounds))}. */
  static double decayPerRound(double halfLifeEpochs, long roundsPerEpoch) {
    if (!(halfLifeEpochs > 0) || roundsPerEpoch < 1) {
      throw new IllegalArgumentException("half-life " + halfLifeEpochs + " epochs, " + roundsPerEpoch + " rounds per epoch");
    }
    return Math.pow(0.5, 1.0 / (halfLifeEpochs * roundsPerEpoch));
  }

  boolean enabled() {
    return decay > 0;
  }

  double decay() {
    return decay;
  }

  /** Folds one round's weights into the mean (a copy; {@code weights} is not changed). */
  void add(INDArray weights) {
    if (!enabled()) {
      return;
    }
    if (mean == null) {
      mean = weights.dup();
    } else {
      mean.muli(decay).addi(weights.mul(1 - decay));
    }
  }

  /** The running mean (null before the first round or when off). */
  INDArray mean() {
    return mean;
  }

  /** A copy of {@code trained} holding the averaged weights; {@code trained} itself when off or empty. */
  ComputationGraph model(ComputationGraph trained) {
    if (!enabled() || mean == null) {
      return trained;
    }
    ComputationGraph g = trained.clone();
    g.setParams(mean);
    return g;
  }

  static byte[] bytes(INDArray mean) {
    try {
      return Nd4j.toByteArray(mean);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static INDArray read(byte[] bytes) {
    return Nd4j.read(new ByteArrayInputStream(bytes));
  }
}
