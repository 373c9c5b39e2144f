package org.ecgplatform.training.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.ecgplatform.training.data.EpochPlan;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * One epoch's minibatches, laid out per {@link EpochPlan}: shuffled with a seeded permutation of
 * the example indices (drawn on the driver: n ints, never the examples), padded to whole averaging
 * rounds, and placed so that Spark partition {@code round × workers + worker} holds exactly
 * {@code frequency} minibatches of exactly {@code batchSize} beats. {@link #round(int)} exposes one
 * round as an RDD of exactly {@code workers} partitions, which is what parameter averaging then
 * fits without dropping anything.
 */
final class EpochBatches {
  private final EpochPlan plan;
  private final JavaRDD<MultiDataSet> batches;
  private final Broadcast<int[]> permutation;

  private EpochBatches(EpochPlan plan, JavaRDD<MultiDataSet> batches, Broadcast<int[]> permutation) {
    this.plan = plan;
    this.batches = batches;
    this.permutation = permutation;
  }

  static <T> EpochBatches of(JavaSparkContext jsc, JavaRDD<T> examples, EpochPlan plan, Batcher<T> batcher,
      long epochSeed) {
    int n = Math.toIntExact(plan.examples());
    Broadcast<int[]> perm = jsc.broadcast(permutation(n, epochSeed));
    long slots = plan.slots();
    JavaPairRDD<Long, T> placed = examples.zipWithIndex().flatMapToPair(t -> {
      long pos = perm.value()[Math.toIntExact(t._2())];
      List<Tuple2<Long, T>> out = new ArrayList<>(2);
      // Slot pos, then pos + n, pos + 2n ... while below the padded size: padding repeats the
      // first beats of this shuffle.
      for (long s = pos; s < slots; s += n) {
        out.add(new Tuple2<>(s, t._1()));
      }
      return out.iterator();
    });
    int batch = plan.batchSize();
    // partitionBy, then a sort of each partition's slots here: Spark's sort-within-partitions would
    // keep sizing its buffer of examples as it fills (SizeTracker), 3 % of the per-beat model's
    // executor time in a profile of its local[2] row.
    JavaRDD<MultiDataSet> batches = placed
        .partitionBy(new SlotPartitioner(plan))
        .mapPartitions(it -> toBatches(bySlot(it), batch, batcher, epochSeed), true);
    return new EpochBatches(plan, batches, perm);
  }

  /** Round {@code r}'s minibatches: exactly {@code workers} partitions of {@code frequency} minibatches. */
  JavaRDD<MultiDataSet> round(int r) {
    int workers = plan.workers();
    return JavaRDD.fromRDD(
        PartitionPruningRDD.create(batches.rdd(), new PartitionsOfRound(r, workers)),
        batches.classTag());
  }

  void release() {
    permutation.destroy();
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates) from {@code seed}. */
  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /** A partition's examples in slot order. */
  private static <T> Iterator<Tuple2<Long, T>> bySlot(Iterator<Tuple2<Long, T>> it) {
    List<Tuple2<Long, T>> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    all.sort(java.util.Comparator.comparingLong(Tuple2::_1));
    return all.iterator();
  }

  private static <T> Iterator<MultiDataSet> toBatches(Iterator<Tuple2<Long, T>> it, int batch, Batcher<T> batcher,
      long epochSeed) {
    List<MultiDataSet> out = new ArrayList<>();
    List<T> current = new ArrayList<>(batch);
    long first = -1;
    while (it.hasNext()) {
      Tuple2<Long, T> t = it.next();
      if (current.isEmpty()) {
        first = t._1();
      }
      current.add(t._2());
      if (current.size() == batch) {
        // The batch's first slot identifies it within the epoch: a seed that does not depend on
        // which worker builds it.
        out.add(batcher.toMultiDataSet(current, epochSeed * 31 + first));
        current = new ArrayList<>(batch);
      }
    }
    if (!current.isEmpty()) {
      throw new IllegalStateException("Epoch layout broken: a partition ended with " + current.size()
          + " beats, not a whole minibatch of " + batch);
    }
    return out.iterator();
  }

  /** Sends slot s to partition {@link EpochPlan#partitionOf}. */
  static final class SlotPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final EpochPlan plan;

    SlotPartitioner(EpochPlan plan) {
      this.plan = plan;
    }

    @Override
    public int numPartitions() {
      return plan.partitions();
    }

    @Override
    public int getPartition(Object key) {
      return plan.partitionOf((Long) key);
    }
  }

  /** Keeps the partitions of one round. */
  static final class PartitionsOfRound extends AbstractFunction1<Object, Object> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int round;
    private final int workers;

    PartitionsOfRound(int round, int workers) {
      this.round = round;
      this.workers = workers;
    }

    @Override
    public Object apply(Object partitionIndex) {
      return ((Integer) partitionIndex) / workers == round;
    }
  }
}
