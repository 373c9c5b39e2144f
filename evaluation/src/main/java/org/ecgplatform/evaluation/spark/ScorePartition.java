package org.ecgplatform.evaluation.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ecgplatform.common.EcgPlatformException;

/**
 * Scores one partition of beats on an executor, {@code batchSize} beats per scorer call, lazily
 * (the partition is never held in memory).
 *
 * <p>Input rows: {@code database, record, sample, time_s, label, rr_1..rr_k, window}. Output rows:
 * {@code database, record, sample, time_s, true_label, true_class, predicted_label,
 * predicted_class, prob_<class>...}.
 *
 * <p>The model's bytes come from a broadcast, so they reach each executor once; each executor
 * thread rebuilds one scorer from them and reuses it for every task of the same run (scorers need
 * not be thread-safe).
 */
final class ScorePartition implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  /** Per executor JVM: broadcast id → one scorer per thread. Only the latest run is kept. */
  private static final Map<Long, ThreadLocal<BeatScorer>> SCORERS = new ConcurrentHashMap<>();

  private final ScorerFactory factory;
  private final Broadcast<byte[]> model;
  private final ScorerSpec spec;
  private final int batchSize;

  ScorePartition(ScorerFactory factory, Broadcast<byte[]> model, ScorerSpec spec, int batchSize) {
    this.factory = factory;
    this.model = model;
    this.spec = spec;
    this.batchSize = batchSize;
  }

  private BeatScorer scorer() {
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

  @Override
  public Iterator<Row> call(Iterator<Row> beats) {
    if (!beats.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    BeatScorer scorer = scorer();
    int rrCount = spec.rrFeatures().size();
    int windowColumn = 5 + rrCount;
    int classCount = spec.classes().size();
    int windowLength = spec.windowLength();
    return new Iterator<>() {
      private List<Row> pending = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        if (next < pending.size()) {
          return true;
        }
        if (!beats.hasNext()) {
          return false;
        }
        pending = scoreBatch();
        next = 0;
        return !pending.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.get(next++);
      }

      private List<Row> scoreBatch() {
        List<Row> in = new ArrayList<>(batchSize);
        while (in.size() < batchSize && beats.hasNext()) {
          in.add(beats.next());
        }
        float[][] windows = new float[in.size()][];
        float[][] rr = new float[in.size()][rrCount];
        for (int i = 0; i < in.size(); i++) {
          Row r = in.get(i);
          List<Float> w = r.getList(windowColumn);
          if (w.size() != windowLength) {
            throw new EcgPlatformException(
                "Cannot score beat " + r.getString(0) + "/" + r.getString(1) + " sample " + r.getLong(2) + ": window has "
                    + w.size() + " values, the model expects " + windowLength + " (re-run the ETL with the model's window)");
          }
          float[] a = new float[windowLength];
          for (int j = 0; j < windowLength; j++) {
            a[j] = w.get(j);
          }
          windows[i] = a;
          for (int k = 0; k < rrCount; k++) {
            rr[i][k] = r.isNullAt(5 + k) ? Float.NaN : r.getFloat(5 + k);
          }
        }
        float[][] probabilities = scorer.predictProbabilities(windows, rr);
        List<Row> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
          Row r = in.get(i);
          int label = r.getInt(4);
          if (label < 0 || label >= classCount) {
            throw new EcgPlatformException(
                "Cannot score beat " + r.getString(0) + "/" + r.getString(1) + " sample " + r.getLong(2) + ": label " + label
                    + " is not a class the model knows " + spec.classes());
          }
          float[] p = probabilities[i];
          int best = 0;
          for (int c = 1; c < classCount; c++) {
            if (p[c] > p[best]) {
              best = c;
            }
          }
          Object[] values = new Object[8 + classCount];
          values[0] = r.getString(0);
          values[1] = r.getString(1);
          values[2] = r.getLong(2);
          values[3] = r.getDouble(3);
          values[4] = label;
          values[5] = spec.classes().get(label);
          values[6] = best;
          values[7] = spec.classes().get(best);
          for (int c = 0; c < classCount; c++) {
            values[8 + c] = p[c];
          }
          out.add(RowFactory.create(values));
        }
        return out;
      }
    };
  }
}
