package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A round laid out by the job (workers × averaging frequency minibatches) is fitted in one Spark
 * job, every minibatch once, without DL4J's counting job and without caching the round; the
 * parameters and updater state travel in bulk and average to what DL4J's own master gives.
 */
@ExtendWith(SharedSpark.class)
class LaidOutRoundsMasterTest {

  private static TrainConfig config(String exportDirectory) {
    return config(exportDirectory, 0);
  }

  private static TrainConfig config(String exportDirectory, int prefetch) {
    return TrainConfig.of("""
        training {
          dataset = "unused"
          output = "unused"
          spark { workers = 2, batch-size-per-worker = 8, averaging-frequency = 3, export-directory = "%s"
                  worker-prefetch-batches = %d }
        }
        """.formatted(exportDirectory, prefetch));
  }

  @Test
  void onlyTheDirectApproachGetsIt() {
    assertThat(TrainJob.trainingMaster(config(""), 2, 1)).isInstanceOf(LaidOutRoundsMaster.class);
    ParameterAveragingTrainingMaster export = TrainJob.trainingMaster(config("/tmp/export"), 2, 1);
    assertThat(export).isNotInstanceOf(LaidOutRoundsMaster.class);
  }

  @Test
  void aRoundIsOneJobThatFitsEveryMinibatchOnceAndCachesNothing(SparkSession spark) throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<MultiDataSet> minibatches = new ArrayList<>();
    Nd4j.getRandom().setSeed(3);
    for (int i = 0; i < 6; i++) {
      MultiDataSet m = new MultiDataSet(Nd4j.rand(DataType.FLOAT, 8, 4), Nd4j.zeros(DataType.FLOAT, 8, 2));
      m.getLabels(0).getColumn(i % 2).assign(1);
      minibatches.add(m);
    }
    JavaRDD<org.nd4j.linalg.dataset.api.MultiDataSet> round = jsc.parallelize(new ArrayList<>(minibatches), 2);
    SparkComputationGraph net = new SparkComputationGraph(jsc, network(), TrainJob.trainingMaster(config(""), 2, 1));
    FitCounter counter = FitCounter.register(jsc);
    net.setListeners(counter);
    String group = "laid-out-" + System.nanoTime();
    jsc.setJobGroup(group, "one round", false);
    try {
      net.fitMultiDataSet(round);
    } finally {
      jsc.clearJobGroup();
    }
    assertThat(counter.minibatches()).as("minibatches fitted").isEqualTo(6);
    assertThat(counter.examples()).isEqualTo(48);
    assertThat(round.getStorageLevel()).as("the round's storage level").isEqualTo(StorageLevel.NONE());
    // The status tracker learns of jobs through the listener bus, in order: once the fit's job is
    // there, a counting job started before it would be too.
    int[] jobs = jsc.statusTracker().getJobIdsForGroup(group);
    for (int wait = 0; wait < 100 && jobs.length == 0; wait++) {
      Thread.sleep(50);
      jobs = jsc.statusTracker().getJobIdsForGroup(group);
    }
    assertThat(jobs).as("Spark jobs of the round").hasSize(1);
  }

  /**
   * With or without DL4J's prefetching iterator on the workers (training.spark.worker-prefetch-batches
   * 0, the default, or 2), against DL4J's master prefetching 2 minibatches.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void averagesToWhatDl4jsOwnMasterGivesBitForBit(int prefetch, SparkSession spark) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ParameterAveragingTrainingMaster dl4j = new ParameterAveragingTrainingMaster.Builder(2, 8).batchSizePerWorker(8)
        .averagingFrequency(3).saveUpdater(true).repartionData(Repartition.Never).rngSeed(1)
        .rddTrainingApproach(RDDTrainingApproach.Direct).storageLevel(null).workerPrefetchNumBatches(2).build();
    TrainConfig cfg = config("", prefetch);
    assertThat(cfg.spark().workerPrefetchBatches()).isEqualTo(prefetch);
    SparkComputationGraph ours = new SparkComputationGraph(jsc, network(), TrainJob.trainingMaster(cfg, 2, 1));
    SparkComputationGraph theirs = new SparkComputationGraph(jsc, network(), dl4j);
    Nd4j.getRandom().setSeed(5);
    // three rounds: from the second on, the workers start from the averaged parameters and Adam state
    for (int r = 0; r < 3; r++) {
      List<org.nd4j.linalg.dataset.api.MultiDataSet> round = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        MultiDataSet m = new MultiDataSet(Nd4j.rand(DataType.FLOAT, 8, 4).subi(0.5), Nd4j.zeros(DataType.FLOAT, 8, 2));
        m.getLabels(0).getColumn((i + r) % 2).assign(1);
        round.add(m);
      }
      ours.fitMultiDataSet(jsc.parallelize(round, 2));
      theirs.fitMultiDataSet(jsc.parallelize(round, 2));

      ComputationGraph a = ours.getNetwork();
      ComputationGraph b = theirs.getNetwork();
      assertThat(a.params().data().asFloat()).as("parameters after round %d", r).isEqualTo(b.params().data().asFloat());
      assertThat(a.getUpdater().getStateViewArray().data().asFloat()).as("Adam state after round %d", r)
          .isEqualTo(b.getUpdater().getStateViewArray().data().asFloat());
      assertThat(ours.getScore()).as("score after round %d", r).isEqualTo(theirs.getScore());
      assertThat(a.getConfiguration().getIterationCount()).isEqualTo(b.getConfiguration().getIterationCount())
          .isEqualTo(3 * (r + 1));
    }
  }

  @Test
  void theBroadcastNetworkReadsBackAsDl4jsTuple() throws Exception {
    ComputationGraph g = network();
    INDArray state = Nd4j.rand(DataType.FLOAT, 1, 20);
    NetBroadcastTuple sent = new LaidOutRoundsMaster.CompactBroadcastTuple(g.getConfiguration(), g.params(), state);
    sent.getCounter().set(7);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sent);
    }
    Object read;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = in.readObject();
    }

    assertThat(read.getClass()).isEqualTo(NetBroadcastTuple.class);
    NetBroadcastTuple t = (NetBroadcastTuple) read;
    assertThat(t.getGraphConfiguration().toJson()).isEqualTo(g.getConfiguration().toJson());
    assertThat(t.getParameters().shape()).isEqualTo(g.params().shape());
    assertThat(t.getParameters().data().asFloat()).isEqualTo(g.params().data().asFloat());
    assertThat(t.getUpdaterState().data().asFloat()).isEqualTo(state.data().asFloat());
    assertThat(t.getCounter().get()).isEqualTo(7);
  }

  @Test
  void aCompactArrayCarriesAViewsOwnElementsOnly() {
    INDArray whole = Nd4j.arange(0, 24).castTo(DataType.FLOAT).reshape(4, 6);
    INDArray view = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5));

    INDArray back = CompactArray.toArray(CompactArray.of(view));

    assertThat(back.shape()).containsExactly(2, 3);
    assertThat(back.data().asFloat()).containsExactly(8, 9, 10, 14, 15, 16);
    assertThat(CompactArray.toArray(CompactArray.of(null))).isNull();
    assertThat(CompactArray.carries(Nd4j.zeros(DataType.DOUBLE, 2))).isFalse();
  }

  private static ComputationGraph network() {
    ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3))
        .graphBuilder().addInputs("x")
        .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.RELU).build(), "x")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
            .activation(Activation.SOFTMAX).build(), "hidden")
        .setOutputs("out").build());
    g.init();
    return g;
  }
}
