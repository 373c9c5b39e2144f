package org.ecgplatform.evaluation.spark;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.util.LongAccumulator;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.evaluation.rhythm.AfGate;
import org.ecgplatform.evaluation.rhythm.AtrialActivity;
import org.ecgplatform.evaluation.rhythm.SvtRunRule;
import org.ecgplatform.training.model.Probabilities;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * Scores one partition of beats on an executor, lazily (the partition is never held in memory).
 * The partition holds whole records, each record's beats in time order (the job sorts them so);
 * they stream through the scorer's {@link StreamingScorer}, which cuts records as the model needs
 * (independent beats, or sequences with context) and hands every beat back exactly once.
 *
 * <p>Input rows: {@code database, record, sample, time_s, label, rr_1..rr_k, window}, as Spark's
 * internal rows (the window read straight into a {@code float[]}, never boxed; what a beat needs
 * later is copied out of its row at once, since Spark reuses the row). Output rows:
 * {@code database, record, sample, time_s, true_label, true_class, predicted_label,
 * predicted_class, prob_<class>...}.
 *
 * <p>The model comes from a broadcast ({@link BroadcastScorer}). With the irregular-rhythm gate on
 * ({@link AfGateConfig}), the scored beats then stream through an {@link AfGate}, which holds back
 * half its window of beats; {@code gated} counts the beats it placed in an irregular rhythm and
 * {@code changed} those whose predicted class it changed from S to N, {@code otherChanged} those it
 * changed from another class to N (N's and S's probabilities together exceeding it), both by
 * the arg-max of the probabilities before and after it. A beat's class is then the largest of its
 * weighted probabilities ({@link DecisionWeights}; none: the arg-max). With the supraventricular-run
 * rule on ({@link SvtRunConfig}), the classes then stream through it, in the same order, with each
 * beat's RR interval before it and its record's mean; {@code svtChanged} counts the beats it called
 * S.
 */
final class ScorePartition implements FlatMapFunction<Iterator<InternalRow>, Row> {
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
  private final SvtRunRule svtRule;
  /** Where the RR features hold the interval before a beat and the record's mean; null with the rule off. */
  private final int[] svtRr;
  private final LongAccumulator svtChanged;

  ScorePartition(ScorerFactory factory, Broadcast<byte[]> model, ScorerSpec spec, int batchSize, AfGateConfig afGate,
      SvtRunConfig svtRun, DecisionWeights decisionWeights, LongAccumulator gated, LongAccumulator changed,
      LongAccumulator otherChanged, LongAccumulator svtChanged, NetworkTime network) {
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
    this.svtRr = svtRun.rrColumns(spec.rrFeatures());
    this.svtRule = svtRun.enabled() ? svtRun.rule() : null;
    this.svtChanged = svtChanged;
    svtRun.requireClasses(spec.classes());
  }

  @Override
  public Iterator<Row> call(Iterator<InternalRow> rows) {
    if (!rows.hasNext()) {
      return Collections.emptyIterator();
    }
    StreamingScorer<Beat> stream = scorer.get().stream(batchSize);
    AfGate<Beat> gate = afGate.enabled()
        ? new AfGate<>(afGate.detector(), atrial, spec.classes().indexOf("S"), spec.classes().indexOf("N"))
        : null;
    SvtRunRule.Stream runs = svtRule == null ? null : svtRule.stream(spec.classes().indexOf("S"), spec.classes().indexOf("N"));
    return new Iterator<>() {
      private final Deque<Row> ready = new ArrayDeque<>();
      private boolean finished;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !finished) {
          if (rows.hasNext()) {
            InternalRow r = requireKeys(rows.next());
            String database = r.getUTF8String(0).toString();
            String record = r.getUTF8String(1).toString();
            String key = database + "/" + record;
            float[] window = window(r, key);
            // the atrial segment lies in the first lead's part of the window
            float[] segment = gate != null && atrial != null ? Arrays.copyOf(window, atrial.to()) : null;
            float[] rr = rr(r);
            Beat b = new Beat(database, record, key, r.getLong(2), r.getDouble(3), r.getInt(4), segment,
                svtRr == null ? Float.NaN : rr[svtRr[0]], svtRr == null ? Float.NaN : rr[svtRr[1]]);
            emit(stream.add(key, b, window, rr));
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

      private void emit(List<StreamingScorer.Scored<Beat>> scored) {
        for (StreamingScorer.Scored<Beat> x : scored) {
          if (gate == null) {
            ready.addLast(output(x.beat(), x.probabilities(), runs));
          } else {
            Beat b = x.beat();
            emitGated(gate.add(b.recordKey(), b.timeS(), b, x.probabilities(), b.atrialSegment()));
          }
        }
      }

      private void emitGated(List<AfGate.Gated<Beat>> decided) {
        for (AfGate.Gated<Beat> g : decided) {
          if (g.irregular()) {
            gated.add(1);
            changed.add(g.changed() ? 1 : 0);
            otherChanged.add(g.otherChanged() ? 1 : 0);
          }
          ready.addLast(output(g.beat(), g.probabilities(), runs));
        }
      }
    };
  }

  /**
   * What a beat's output row needs, taken from its input row at once: Spark reuses the row object
   * for the next beat, while the scorer and the gate hold beats back.
   */
  private record Beat(String database, String record, String recordKey, long sample, double timeS, int label,
      float[] atrialSegment, float rrPrevS, float rrMeanS) {}

  private static final String[] KEY_COLUMNS = {
      DatasetSchema.DATABASE, DatasetSchema.RECORD, DatasetSchema.SAMPLE, DatasetSchema.TIME_S, DatasetSchema.LABEL};

  /** The row, once its first five columns hold values (Spark's rows read a null as 0). */
  private static InternalRow requireKeys(InternalRow r) {
    for (int c = 0; c < KEY_COLUMNS.length; c++) {
      if (r.isNullAt(c)) {
        String where = r.isNullAt(0) || r.isNullAt(1) ? "a beat" : "a beat of " + r.getUTF8String(0) + "/" + r.getUTF8String(1)
            + (r.isNullAt(2) ? "" : " at sample " + r.getLong(2));
        throw new EcgPlatformException("Cannot score " + where + ": its " + KEY_COLUMNS[c] + " is null (the dataset breaks "
            + "its contract; re-run the ETL)");
      }
    }
    return r;
  }

  private float[] window(InternalRow r, String recordKey) {
    int column = 5 + spec.rrFeatures().size();
    ArrayData w = r.isNullAt(column) ? null : r.getArray(column);
    int length = spec.windowLength();
    if (w == null || w.numElements() != length) {
      throw new EcgPlatformException("Cannot score beat " + recordKey + " sample " + r.getLong(2) + ": window has "
          + (w == null ? "no" : w.numElements()) + " values, the model expects " + length
          + " (re-run the ETL with the model's window)");
    }
    return w.toFloatArray();
  }
  private float[] rr(InternalRow r) {
    float[] rr = new float[spec.rrFeatures().size()];
    for (int k = 0; k < rr.length; k++) {
      rr[k] = r.isNullAt(5 + k) ? Float.NaN : r.getFloat(5 + k);
    }
    return rr;
  }

  private Row output(Beat b, float[] p, SvtRunRule.Stream runs) {
    int classCount = spec.classes().size();
    int label = b.label();
    if (label < 0 || label >= classCount) {
      throw new EcgPlatformException("Cannot score beat " + b.recordKey() + " sample " + b.sample() + ": label " + label
          + " is not a class the model knows " + spec.classes());
    }
    int best = Probabilities.argMax(p, decisionWeights);
    if (runs != null) {
      int after = runs.next(b.recordKey(), b.rrPrevS(), b.rrMeanS(), best);
      if (after != best) {
        p = AfGate.suppress(p, best, after);
        best = after;
        svtChanged.add(1);
      }
    }
    Object[] values = new Object[8 + classCount];
    values[0] = b.database();
    values[1] = b.record();
    values[2] = b.sample();
    values[3] = b.timeS();
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
