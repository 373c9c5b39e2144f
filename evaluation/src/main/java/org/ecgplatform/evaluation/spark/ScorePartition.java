package org.ecgplatform.evaluation.spark;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.evaluation.rhythm.AfGate;
import org.ecgplatform.evaluation.rhythm.AtrialActivity;
import org.ecgplatform.training.model.Probabilities;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * Scores one partition of beats on an executor, lazily (the partition is never held in memory).
 * The partition holds whole records, each record's beats in time order (the job sorts them so);
 * they stream through the scorer's {@link StreamingScorer}, which cuts records as the model needs
 * (independent beats, or sequences with context) and hands every beat back exactly once.
 *
 * <p>Input rows: {@code database, record, sample, time_s, label, rr_1..rr_k, window}. Output rows:
 * {@code database, record, sample, time_s, true_label, true_class, predicted_label,
 * predicted_class, prob_<class>...}.
 *
 * <p>The model comes from a broadcast ({@link BroadcastScorer}). With the irregular-rhythm gate on
 * ({@link AfGateConfig}), the scored beats then stream through an {@link AfGate}, which holds back
 * half its window of beats; {@code gated} counts the beats it placed in an irregular rhythm and
 * {@code changed} those whose predicted class it changed from S to N, {@code otherChanged} those it
 * changed from another class to N (N's and S's probabilities together exceeding it), both by
 * the arg-max of the probabilities before and after it. A beat's class is then the largest of its
 * weighted probabilities ({@link DecisionWeights}; none: the arg-max).
 */
final class ScorePartition implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  private final BroadcastScorer scorer;
  private final ScorerSpec spec;
  private final int batchSize;
  private final AfGateConfig afGate;
  private final AtrialActivity atrial;
  private final LongAccumulator gated;
  private final LongAccumulator changed;
  private final LongAccumulator otherChanged;
  private final NetworkTime network;
  private final float[] decisionWeights;

  ScorePartition(ScorerFactory factory, Broadcast<byte[]> model, ScorerSpec spec, int batchSize, AfGateConfig afGate,
      DecisionWeights decisionWeights, LongAccumulator gated, LongAccumulator changed, LongAccumulator otherChanged,
      NetworkTime network) {
    this.scorer = new BroadcastScorer(factory, model);
    this.spec = spec;
    this.batchSize = batchSize;
    this.afGate = afGate;
    this.atrial = afGate.atrial(spec.fsHz(), spec.samplesBefore());
    this.gated = gated;
    this.changed = changed;
    this.otherChanged = otherChanged;
    this.network = network;
    this.decisionWeights = decisionWeights.forClasses(spec.classes());
  }

  @Override
  public Iterator<Row> call(Iterator<Row> beats) {
    if (!beats.hasNext()) {
      return Collections.emptyIterator();
    }
    StreamingScorer<Row> stream = scorer.get().stream(batchSize);
    AfGate<Row> gate = afGate.enabled()
        ? new AfGate<>(afGate.detector(), atrial, spec.classes().indexOf("S"), spec.classes().indexOf("N"))
        : null;
    return new Iterator<>() {
      private final Deque<Row> ready = new ArrayDeque<>();
      private boolean finished;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !finished) {
          if (beats.hasNext()) {
            Row r = beats.next();
            emit(stream.add(r.getString(0) + "/" + r.getString(1), r, window(r), rr(r)));
          } else {
            emit(stream.finish());
            network.add(stream);
            if (gate != null) {
              emitGated(gate.finish());
            }
            finished = true;
          }
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.removeFirst();
      }

      private void emit(List<StreamingScorer.Scored<Row>> scored) {
        for (StreamingScorer.Scored<Row> x : scored) {
          if (gate == null) {
            ready.addLast(output(x.beat(), x.probabilities()));
          } else {
            Row r = x.beat();
            emitGated(gate.add(r.getString(0) + "/" + r.getString(1), r.getDouble(3), r, x.probabilities(),
                atrial == null ? null : firstSamples(r, atrial.to())));
          }
        }
      }

      private void emitGated(List<AfGate.Gated<Row>> decided) {
        for (AfGate.Gated<Row> g : decided) {
          if (g.irregular()) {
            gated.add(1);
            changed.add(g.changed() ? 1 : 0);
            otherChanged.add(g.otherChanged() ? 1 : 0);
          }
          ready.addLast(output(g.beat(), g.probabilities()));
        }
      }
    };
  }

  private float[] window(Row r) {
    int column = 5 + spec.rrFeatures().size();
    List<Float> w = r.getList(column);
    int length = spec.windowLength();
    if (w.size() != length) {
      throw new EcgPlatformException(
          "Cannot score beat " + r.getString(0) + "/" + r.getString(1) + " sample " + r.getLong(2) + ": window has "
              + w.size() + " values, the model expects " + length + " (re-run the ETL with the model's window)");
    }
    float[] a = new float[length];
    for (int j = 0; j < length; j++) {
      a[j] = w.get(j);
    }
    return a;
  }

  /** The first {@code n} values of a beat's window (the atrial segment lies in the first lead's). */
  private float[] firstSamples(Row r, int n) {
    List<Float> w = r.getList(5 + spec.rrFeatures().size());
    float[] a = new float[n];
    for (int j = 0; j < n; j++) {
      a[j] = w.get(j);
    }
    return a;
  }

  private float[] rr(Row r) {
    float[] rr = new float[spec.rrFeatures().size()];
    for (int k = 0; k < rr.length; k++) {
      rr[k] = r.isNullAt(5 + k) ? Float.NaN : r.getFloat(5 + k);
    }
    return rr;
  }

  private Row output(Row r, float[] p) {
    int classCount = spec.classes().size();
    int label = r.getInt(4);
    if (label < 0 || label >= classCount) {
      throw new EcgPlatformException(
          "Cannot score beat " + r.getString(0) + "/" + r.getString(1) + " sample " + r.getLong(2) + ": label " + label
              + " is not a class the model knows " + spec.classes());
    }
    int best = Probabilities.argMax(p, decisionWeights);
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
    return RowFactory.create(values);
  }
}
