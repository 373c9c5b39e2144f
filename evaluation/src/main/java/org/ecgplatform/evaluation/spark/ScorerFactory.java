package org.ecgplatform.evaluation.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.common.EcgPlatformException;

/**
 * Loads a {@link BeatScorer} from a model URI on the driver and rebuilds it from bytes on the
 * executors. Factories are found with {@link ServiceLoader} (file {@code
 * META-INF/services/org.ecgplatform.evaluation.spark.ScorerFactory}), so the model implementation
 * is plugged in without the job naming it. The factory itself is serialised into the task closure;
 * keep it stateless.
 */
public interface ScorerFactory extends Serializable {

  /** True when this factory can load the model at {@code modelUri}. */
  boolean supports(String modelUri);

  /** Loads the model on the driver. */
  BeatScorer load(String modelUri, Configuration hadoopConf);

  /** Rebuilds a scorer from {@link BeatScorer#toBytes()} on an executor. */
  BeatScorer fromBytes(byte[] bytes);

  /**
   * The factory for {@code modelUri}: for several URIs separated by commas, the ensemble's ({@link
   * EnsembleScorerFactory}: the mean of the members' probabilities); otherwise the first factory on
   * the classpath that supports it.
   *
   * @throws EcgPlatformException when none does, naming the factories found
   */
  static ScorerFactory forUri(String modelUri) {
    if (EnsembleScorerFactory.members(modelUri).size() > 1) {
      return new EnsembleScorerFactory();
    }
    List<String> seen = new ArrayList<>();
    for (ScorerFactory f : ServiceLoader.load(ScorerFactory.class)) {
      if (f.supports(modelUri)) {
        return f;
      }
      seen.add(f.getClass().getName());
    }
    throw new EcgPlatformException(
        "Cannot load model " + modelUri + ": no scorer factory accepts it (factories on the classpath: " + seen
            + "; a model implementation registers one in META-INF/services/" + ScorerFactory.class.getName() + ")");
  }
}
