package org.ecgplatform.training.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ValidationMetrics;

/** Scores the validation split on the executors with the current weights and returns the metrics. */
final class Validation {
  private Validation() {}

  static ValidationMetrics evaluate(JavaSparkContext jsc, BeatModel model, JavaRDD<Beat> beats, int batchSize) {
    int k = model.metadata().classes().size();
    Broadcast<byte[]> bytes = jsc.broadcast(model.toBytes());
    String key = UUID.randomUUID().toString();
    try {
      long[][] confusion = beats.mapPartitions(it -> {
        BeatModel m = ExecutorModels.get(key, bytes);
        long[][] local = new long[k][k];
        List<Beat> chunk = new ArrayList<>(batchSize);
        while (it.hasNext()) {
          chunk.add(it.next());
          if (chunk.size() == batchSize || !it.hasNext()) {
            score(m, chunk, local);
            chunk.clear();
          }
        }
        return Collections.singletonList(local).iterator();
      }).fold(new long[k][k], Validation::add);
      return ValidationMetrics.of(confusion);
    } finally {
      bytes.destroy();
    }
  }

  private static void score(BeatModel m, List<Beat> chunk, long[][] confusion) {
    float[][] w = new float[chunk.size()][];
    float[][] rr = new float[chunk.size()][];
    for (int i = 0; i < w.length; i++) {
      w[i] = chunk.get(i).window();
      rr[i] = chunk.get(i).rr();
    }
    float[][] p = m.predictProbabilities(w, rr);
    for (int i = 0; i < p.length; i++) {
      int best = 0;
      for (int c = 1; c < p[i].length; c++) {
        if (p[i][c] > p[i][best]) {
          best = c;
        }
      }
      confusion[chunk.get(i).label()][best]++;
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
