package org.ecgplatform.training.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.LongAccumulator;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.BeatBatcher;
import org.ecgplatform.training.data.Chunk;
import org.ecgplatform.training.data.ChunkAugmenter;
import org.ecgplatform.training.data.RecordBalance;
import org.ecgplatform.training.data.SequenceBatcher;
import org.ecgplatform.training.data.TemplateSwap;
import org.ecgplatform.training.data.TrainingData;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.Normalizer;

/**
 * What a model kind is fitted on, built on the executors from the training split's beats: the seam
 * through which {@link TrainJob} serves both kinds without branching.
 *
 * <ul>
 *   <li>per-beat model: every row of the split (augmented copies from the ETL included) is one
 *       example;
 *   <li>beat-sequence model: the recorded beats of each record, in time order, cut into sequences
 *       ({@link ChunkGeometry#trainingSpans}); a sequence holding a beat of an oversampled class is
 *       repeated; augmentation is drawn per sequence and epoch when minibatches are assembled.
 * </ul>
 *
 * @param <T> the example type
 */
abstract class TrainingExamples<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The examples of the configured kind. */
  static TrainingExamples<?> of(TrainConfig cfg) {
    return cfg.model() == ModelKind.SEQUENCE ? new Sequences(cfg) : new Beats(cfg);
  }

  /** Which rows of the split the examples are made of. */
  abstract TrainingData.Rows rows();

  /** The examples, from the split's beats as {@link #rows()} reads them. */
  abstract JavaRDD<T> build(JavaRDD<Beat> beats);

  /** Examples per minibatch. */
  abstract int batchSize();

  /**
   * The minibatch assembly, run on the workers.
   *
   * @param balance each beat's loss weight (per-beat model only; the configuration refuses it for
   *     sequences)
   * @param beatsBatched counts the beats put into minibatches (the per-beat loss terms)
   * @param augmented counts sequences that were augmented
   */
  abstract Batcher<T> batcher(Normalizer norm, int classCount, BatchShape shape, RecordBalance balance,
      LongAccumulator beatsBatched, LongAccumulator augmented);

  /** What minibatch assembly needs to know of the windows. */
  record BatchShape(int windowSamples, int samplesBefore, int fsHz, int ecgChannels, int channels) implements Serializable {}

  /** The per-beat model: one beat per example. */
  static final class Beats extends TrainingExamples<Beat> {
    private static final long serialVersionUID = 1L;
    private final int batchSize;
    private final double templateSwap;

    Beats(TrainConfig cfg) {
      this.batchSize = cfg.spark().batchSizePerWorker();
      this.templateSwap = cfg.templateSwap();
    }

    @Override
    TrainingData.Rows rows() {
      return TrainingData.Rows.ALL;
    }

    @Override
    JavaRDD<Beat> build(JavaRDD<Beat> beats) {
      return beats;
    }

    @Override
    int batchSize() {
      return batchSize;
    }

    @Override
    Batcher<Beat> batcher(Normalizer norm, int classCount, BatchShape shape, RecordBalance balance,
        LongAccumulator beatsBatched, LongAccumulator augmented) {
      double swap = templateSwap;
      return (batch, seed) -> {
        beatsBatched.add(batch.size());
        List<Beat> fitted = batch;
        if (swap > 0) {
          fitted = new ArrayList<>(batch.size());
          for (int i = 0; i < batch.size(); i++) {
            Beat b = batch.get(i);
            if (TemplateSwap.drawn(swap, seed * 1_000_003L + i)) {
              b = new Beat(b.record(), b.timeS(), TemplateSwap.swapped(b.window(), shape.ecgChannels(), shape.channels()),
                  b.rr(), b.label());
              augmented.add(1);
            }
            fitted.add(b);
          }
        }
        return BeatBatcher.toMultiDataSet(fitted, norm, shape.windowSamples(), classCount, balance);
      };
    }
  }

  /** The beat-sequence model: sequences of consecutive beats of one record. */
  static final class Sequences extends TrainingExamples<Chunk> {
    private static final long serialVersionUID = 1L;
    private final ChunkGeometry geometry;
    private final int batchSize;
    private final int[] oversampling;
    private final ChunkAugmenter augmenter;

    Sequences(TrainConfig cfg) {
      TrainConfig.Sequence s = cfg.sequence();
      this.geometry = ChunkGeometry.of(s.length(), s.overlap(), s.direction());
      this.batchSize = s.chunksPerBatch();
      this.oversampling = s.factors(org.ecgplatform.etl.beats.AamiClass.vocabulary());
      this.augmenter = s.augment();
    }

    @Override
    TrainingData.Rows rows() {
      return TrainingData.Rows.RECORDED_IN_ORDER;
    }

    @Override
    JavaRDD<Chunk> build(JavaRDD<Beat> beats) {
      ChunkGeometry g = geometry;
      int[] factors = oversampling;
      return beats.mapPartitions(it -> chunks(it, g, factors));
    }

    /** A partition's records (contiguous, in time order) cut into sequences, oversampled ones repeated. */
    static Iterator<Chunk> chunks(Iterator<Beat> it, ChunkGeometry g, int[] factors) {
      List<Chunk> out = new ArrayList<>();
      List<Beat> record = new ArrayList<>();
      while (it.hasNext()) {
        Beat b = it.next();
        if (!record.isEmpty() && !record.get(0).record().equals(b.record())) {
          cut(record, g, factors, out);
          record = new ArrayList<>();
        }
        record.add(b);
      }
      cut(record, g, factors, out);
      return out.iterator();
    }

    private static void cut(List<Beat> record, ChunkGeometry g, int[] factors, List<Chunk> out) {
      for (int[] span : g.trainingSpans(record.size())) {
        Chunk c = Chunk.of(record, span[0], span[1]);
        int times = 1;
        for (int label : c.labels()) {
          times = Math.max(times, label >= 0 && label < factors.length ? factors[label] : 1);
        }
        for (int k = 0; k < times; k++) {
          out.add(c);
        }
      }
    }

    @Override
    int batchSize() {
      return batchSize;
    }

    @Override
    Batcher<Chunk> batcher(Normalizer norm, int classCount, BatchShape shape, RecordBalance balance,
        LongAccumulator beatsBatched, LongAccumulator augmented) {
      if (balance.enabled()) {
        throw new IllegalArgumentException("Cannot assemble sequences: " + RecordBalance.KEY + " is for the per-beat model only");
      }
      ChunkAugmenter aug = augmenter;
      return (batch, seed) -> {
        List<float[][]> windows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          Chunk c = batch.get(i);
          ChunkAugmenter.Result r = aug.apply(c, shape.ecgChannels(), shape.channels(), shape.samplesBefore(),
              shape.fsHz(), seed * 1_000_003L + i);
          windows.add(r.windows());
          if (r.operations() != 0) {
            augmented.add(1);
          }
          beatsBatched.add(c.length());
        }
        return SequenceBatcher.toMultiDataSet(batch, windows, norm, classCount);
      };
    }
  }
}
