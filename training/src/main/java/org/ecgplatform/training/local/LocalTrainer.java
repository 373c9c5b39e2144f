package org.ecgplatform.training.local;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.BeatBatcher;
import org.ecgplatform.training.model.BeatNetwork;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * Trains {@link BeatNetwork} in one JVM without Spark, on beats held in memory: the baseline that
 * measures what distribution costs (same network, same normalisation, same batching). Every epoch
 * fits every beat once in a seeded shuffle; the last minibatch may be smaller.
 */
public final class LocalTrainer {
  /**
   * @param graph the trained network
   * @param epochLoss mean training loss per epoch
   * @param examplesFitted examples fitted over all epochs
   * @param fitSeconds wall time spent in fitting (batch building included), seconds
   */
  public record Result(ComputationGraph graph, List<Double> epochLoss, long examplesFitted, double fitSeconds) {
    public double examplesPerSecond() {
      return examplesFitted / fitSeconds;
    }
  }

  private LocalTrainer() {}

  public static Result train(NetworkConfig cfg, double[] classWeights, Normalizer norm, List<Beat> beats,
      int batchSize, int epochs, long seed) {
    if (beats.isEmpty()) {
      throw new IllegalArgumentException("Cannot train: no beats");
    }
    ComputationGraph graph = BeatNetwork.build(cfg, classWeights);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Double> losses = new ArrayList<>();
    long fitted = 0;
    long t0 = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      List<Beat> shuffled = new ArrayList<>(beats);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Beat tmp = shuffled.get(i);
        shuffled.set(i, shuffled.get(j));
        shuffled.set(j, tmp);
      }
      double lossSum = 0;
      long n = 0;
      for (int start = 0; start < shuffled.size(); start += batchSize) {
        List<Beat> batch = shuffled.subList(start, Math.min(shuffled.size(), start + batchSize));
        MultiDataSet mds = BeatBatcher.toMultiDataSet(batch, norm, cfg.windowSamples(), cfg.classCount());
        graph.fit(mds);
        lossSum += graph.score() * batch.size();
        n += batch.size();
      }
      losses.add(lossSum / n);
      fitted += n;
    }
    return new Result(graph, losses, fitted, (System.nanoTime() - t0) / 1e9);
  }
}
