package org.ecgplatform.evaluation.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model broadcast to the executors, turned back into a {@link BeatScorer} where a task needs it:
 * the bytes reach each executor once, and each executor thread rebuilds one scorer from them and
 * reuses it for every task of the same run (scorers need not be thread-safe). Shared by the
 * evaluation ({@link ScorePartition}) and the annotation job ({@link AnnotateRecord}).
 */
final class BroadcastScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Per executor JVM: run key → one scorer per thread. Only the latest run is kept. The key is
   * drawn on the driver per scorer, not the broadcast's id: ids start again at 0 in every
   * SparkContext, so a JVM that outlives one (embedded Spark, tests) would be handed the scorer of
   * an earlier context's model.
   */
  private static final Map<String, ThreadLocal<BeatScorer>> SCORERS = new ConcurrentHashMap<>();

  private final ScorerFactory factory;
  private final Broadcast<byte[]> model;
  private final String key;

  BroadcastScorer(ScorerFactory factory, Broadcast<byte[]> model) {
    this.factory = factory;
    this.model = model;
    this.key = model.id() + "-" + java.util.UUID.randomUUID();
  }

  /** This thread's scorer of the broadcast model. */
  BeatScorer get() {
    ThreadLocal<BeatScorer> local = SCORERS.get(key);
    if (local == null) {
      synchronized (SCORERS) {
        local = SCORERS.get(key);
        if (local == null) {
          SCORERS.keySet().removeIf(k -> !k.equals(key));
          local = ThreadLocal.withInitial(() -> factory.fromBytes(model.value()));
          SCORERS.put(key, local);
        }
      }
    }
    return local.get();
  }
}
