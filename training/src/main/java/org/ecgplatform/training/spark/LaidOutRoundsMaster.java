package org.ecgplatform.training.spark;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's parameter averaging master for rounds the job has laid out itself ({@link EpochBatches}):
 * every RDD it is given holds exactly {@code workers × averagingFrequency} minibatches, in {@code
 * workers} partitions. DL4J's workers fit the rounds; two things around them change.
 *
 * <p><b>No count.</b> DL4J's master does not know the layout. To split its RDD into rounds it first
 * caches the RDD and counts it in a Spark job of its own, and only then fits it in a second job that
 * reads the cached minibatches. Here the count is known, so the master is built without a storage
 * level and this class answers the count: each round is one Spark job whose tasks build their
 * minibatches and fit them (behind DL4J's prefetching iterator if {@code
 * training.spark.worker-prefetch-batches} asks for one), and nothing is cached. The
 * split DL4J then makes is the RDD itself, as it was with the counted value. If an RDD held another
 * number of minibatches, every one of them would still be fitted (the split is the whole RDD either
 * way); {@code TrainJob} checks the examples fitted against its layout every epoch.
 *
 * <p><b>The exchange in bulk.</b> Every round the master broadcasts the network's parameters and
 * updater state to the workers, and each worker sends its own back to be averaged. DL4J sends them
 * as ND4J arrays, which Java serialization writes and reads one element at a time, on the driver
 * while the workers wait (the broadcast, the results) and in the workers' tasks (their results).
 * Here the same values travel as {@link CompactArray}s, and the driver averages them as DL4J does:
 * the sum of the workers' arrays, divided by their number, with ND4J's operations. The averaged
 * parameters, updater state and score are the same; so is the trained model, bit for bit. A master
 * that collects training statistics or reports to a stats storage, a network of another data type
 * than float, and {@code MultiLayerNetwork}s keep DL4J's own exchange.
 *
 * <p>Only for DL4J's Direct approach: the Export approach counts exported files, not minibatches.
 */
final class LaidOutRoundsMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LaidOutRoundsMaster.class);

  LaidOutRoundsMaster(ParameterAveragingTrainingMaster.Builder builder) {
    super(builder);
  }

  /** The round's minibatches as laid out, without counting them. */
  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
    return (long) numWorkers * averagingFrequency;
  }

  /** Whether this round's exchange can go in bulk (see the class comment). */
  private boolean compact(ComputationGraph net) {
    return !collectTrainingStats && statsStorage == null && CompactArray.carries(net.params())
        && CompactArray.carries(net.getUpdater().getStateViewArray());
  }

  /** DL4J's worker, given the network in a broadcast that serialises it in bulk. */
  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
    ComputationGraph net = graph.getNetwork();
    if (!compact(net)) {
      return super.getWorkerInstance(graph);
    }
    NetBroadcastTuple tuple =
        new CompactBroadcastTuple(net.getConfiguration(), net.params(), net.getUpdater().getStateViewArray());
    Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(tuple);
    WorkerConfiguration configuration = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
        averagingFrequency, prefetchNumBatches, collectTrainingStats);
    return new ParameterAveragingTrainingWorker(broadcast, saveUpdater, configuration, trainingHookList, listeners,
        getRouterProvider());
  }

  /** The workers' parameters, updater state and score, averaged into the network. */
  @Override
  protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
      JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
    if (network != null || !compact(graph.getNetwork())) {
      super.processResults(network, graph, results, splitNum, totalSplits);
      return;
    }
    List<WorkerResult> all = results.map(WorkerResult::of).collect();
    if (all.isEmpty()) {
      LOG.info("Skipping a round without results (no minibatches)");
      return;
    }
    INDArray params = null;
    INDArray state = null;
    double scoreSum = 0;
    for (WorkerResult r : all) {
      INDArray p = CompactArray.toArray(r.parameters());
      INDArray u = CompactArray.toArray(r.updaterState());
      params = params == null ? p : params.addi(p);
      state = state == null ? u : u == null ? state : state.addi(u);
      scoreSum += r.score();
    }
    params.divi(all.size());
    if (state != null) {
      state.divi(all.size());
    }
    ComputationGraph net = graph.getNetwork();
    net.setParams(params);
    if (state != null) {
      net.getUpdater().setStateViewArray(state);
    }
    graph.setScore(scoreSum / all.size());
    Nd4j.getExecutioner().commit();
    ComputationGraphConfiguration conf = net.getConfiguration();
    conf.setIterationCount(conf.getIterationCount() + averagingFrequency);
  }

  /** What a worker sends back after its round. */
  private record WorkerResult(CompactArray parameters, CompactArray updaterState, double score) implements Serializable {
    static WorkerResult of(ParameterAveragingTrainingResult r) {
      return new WorkerResult(CompactArray.of(r.getParameters()), CompactArray.of(r.getUpdaterState()), r.getScore());
    }
  }

  /**
   * DL4J's broadcast of the network, which DL4J's workers read as it is; serialised (for the pieces
   * a broadcast is sent in) as a {@link Wire}, read back as DL4J's own tuple.
   */
  static final class CompactBroadcastTuple extends NetBroadcastTuple {
    private static final long serialVersionUID = 1L;

    CompactBroadcastTuple(ComputationGraphConfiguration conf, INDArray params, INDArray updaterState) {
      super(conf, params, updaterState);
    }

    private Object writeReplace() throws ObjectStreamException {
      return new Wire(getGraphConfiguration(), CompactArray.of(getParameters()), CompactArray.of(getUpdaterState()),
          getCounter().get());
    }
  }

  /** The broadcast tuple's serialised form. */
  private record Wire(ComputationGraphConfiguration conf, CompactArray parameters, CompactArray updaterState, int counter)
      implements Serializable {
    private Object readResolve() throws ObjectStreamException {
      return new NetBroadcastTuple(null, conf, CompactArray.toArray(parameters), CompactArray.toArray(updaterState),
          new AtomicInteger(counter));
    }
  }
}
