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

  /** Per executor JVM: broadcast id → one scorer per thread. Only the latest run is kept. */
  private static final Map<Long, ThreadLocal<BeatScorer>> SCORERS = new ConcurrentHashMap<>();

  private final ScorerFactory factory;
  private final Broadcast<byte[]> model;

  BroadcastScorer(ScorerFactory factory, Broadcast<byte[]> model) {
    this.factory = factory;
    this.model = model;
  }

  /** This thread's scorer of the broadcast model. */
  BeatScorer get() {
    long id = model.id();
    ThreadLocal<BeatScorer> local = SCORERS.get(id);
    if (local == null) {
      synchronized (SCORERS) {
        local = SCORERS.get(id);
        if (local == null) {
          SCORERS.keySet().removeIf(k -> k != id);
          local = ThreadLocal.withInitial(() -> factory.fromBytes(model.value()));
          SCORERS.put(id, local);
        }
      }
    }
    return local.get();
  }
}
