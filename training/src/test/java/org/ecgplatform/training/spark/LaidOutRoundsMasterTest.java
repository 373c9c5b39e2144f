package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A round laid out by the job (workers × averaging frequency minibatches) is fitted in one Spark
 * job, every minibatch once, without DL4J's counting job and without caching the round.
 */
@ExtendWith(SharedSpark.class)
class LaidOutRoundsMasterTest {

  private static TrainConfig config(String exportDirectory) {
    return TrainConfig.of("""
        training {
          dataset = "unused"
          output = "unused"
          spark { workers = 2, batch-size-per-worker = 8, averaging-frequency = 3, export-directory = "%s" }
        }
        """.formatted(exportDirectory));
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
