package org.ecgplatform.training.spark;

import org.apache.spark.api.java.JavaRDDLike;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter averaging master for rounds the job has laid out itself ({@link EpochBatches}):
 * every RDD it is given holds exactly {@code workers × averagingFrequency} minibatches, in {@code
 * workers} partitions.
 *
 * <p>DL4J's master does not know that. To split its RDD into rounds it first caches the RDD and
 * counts it in a Spark job of its own, and only then fits it in a second job that reads the cached
 * minibatches. Here the count is known, so the master is built without a storage level and this
 * class answers the count: each round is one Spark job whose tasks build their minibatches as they
 * fit them (behind DL4J's prefetching iterator), and nothing is cached. The split DL4J then makes
 * is the RDD itself, as it was with the counted value. If an RDD held another number of
 * minibatches, every one of them would still be fitted (the split is the whole RDD either way);
 * {@code TrainJob} checks the examples fitted against its layout every epoch.
 *
 * <p>Only for DL4J's Direct approach: the Export approach counts exported files, not minibatches.
 */
final class LaidOutRoundsMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;

  LaidOutRoundsMaster(ParameterAveragingTrainingMaster.Builder builder) {
    super(builder);
  }

  /** The round's minibatches as laid out, without counting them. */
  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
    return (long) numWorkers * averagingFrequency;
  }
}
