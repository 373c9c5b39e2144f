package org.ecgplatform.training.spark;

import java.util.Collections;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.StreamingScorer;
import org.ecgplatform.training.model.ValidationMetrics;

/**
 * Scores the validation split on the executors with the current weights and returns the metrics.
 * The beats come record by record in time order ({@code TrainingData.Rows.RECORDED_IN_ORDER}) and
 * go through the model's {@link StreamingScorer}, the same path as the evaluation job.
 */
final class Validation {
  private Validation() {}

  static ValidationMetrics evaluate(JavaSparkContext jsc, BeatModel model, JavaRDD<Beat> orderedBeats, int beatsPerCall) {
    int k = model.metadata().classes().size();
    Broadcast<byte[]> bytes = jsc.broadcast(model.toBytes());
    String key = UUID.randomUUID().toString();
    try {
      long[][] confusion = orderedBeats.mapPartitions(it -> {
        BeatModel m = ExecutorModels.get(key, bytes);
        StreamingScorer<Integer> scorer = m.streamingScorer(beatsPerCall);
        long[][] local = new long[k][k];
        while (it.hasNext()) {
          Beat b = it.next();
          count(scorer.add(b.record(), b.label(), b.window(), b.rr()), local);
        }
        count(scorer.finish(), local);
        return Collections.singletonList(local).iterator();
      }).fold(new long[k][k], Validation::add);
      return ValidationMetrics.of(confusion);
    } finally {
      bytes.destroy();
    }
  }

  private static void count(Iterable<StreamingScorer.Scored<Integer>> scored, long[][] confusion) {
    for (StreamingScorer.Scored<Integer> s : scored) {
      float[] p = s.probabilities();
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      confusion[s.beat()][best]++;
    }
  }

  private static long[][] add(long[][] a, long[][] b) {
    long[][] s = new long[a.length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        s[i][j] = a[i][j] + b[i][j];
      }
    }
    return s;
  }
}
