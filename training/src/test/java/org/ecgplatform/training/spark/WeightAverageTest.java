package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The running mean of the weights over parameter-averaging rounds (no Spark). */
class WeightAverageTest {

  private static INDArray row(double... v) {
    return Nd4j.createFromArray(v).castTo(DataType.FLOAT).reshape(1, v.length);
  }

  @Test
  void aRoundsWeightCountHalfAsMuchOneHalfLifeLater() {
    double d = WeightAverage.decayPerRound(0.5, 28);
    assertThat(Math.pow(d, 14)).isCloseTo(0.5, within(1e-12));
    assertThat(WeightAverage.decayPerRound(2, 10)).isCloseTo(Math.pow(0.5, 1 / 20.0), within(1e-15));
    assertThatThrownBy(() -> WeightAverage.decayPerRound(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WeightAverage.decayPerRound(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMeanStartsAtTheFirstRoundAndFollowsTheRecursionWithoutChangingItsInputs() {
    // Half-life of one epoch of one round: d = 0.5.
    WeightAverage avg = WeightAverage.of(1, 1, null);
    assertThat(avg.enabled()).isTrue();
    assertThat(avg.mean()).isNull();
    INDArray w1 = row(2, -4);
    avg.add(w1);
    w1.assign(100); // the mean holds a copy
    assertThat(avg.mean().toDoubleVector()).containsExactly(2, -4);
    INDArray w2 = row(4, 0);
    avg.add(w2);
    assertThat(avg.mean().toDoubleVector()).containsExactly(3, -2);
    assertThat(w2.toDoubleVector()).containsExactly(4, 0);
    avg.add(row(7, 2));
    assertThat(avg.mean().toDoubleVector()).containsExactly(5, 0);

    // A restored mean continues where the checkpoint left it, through its bytes.
    WeightAverage resumed = WeightAverage.of(1, 1, WeightAverage.read(WeightAverage.bytes(avg.mean())));
    resumed.add(row(1, 4));
    assertThat(resumed.mean().toDoubleVector()).containsExactly(3, 2);
  }

  @Test
  void offItKeepsNothingAndTheModelIsTheTrainedNetwork() {
    WeightAverage off = WeightAverage.of(0, 28, null);
    assertThat(off.enabled()).isFalse();
    off.add(row(1, 2));
    assertThat(off.mean()).isNull();
    ComputationGraph g = tiny();
    assertThat(off.model(g)).isSameAs(g);
  }

  @Test
  void theModelIsACopyOfTheNetworkWithTheMeanAsWeights() {
    ComputationGraph g = tiny();
    INDArray trained = g.params().dup();
    WeightAverage avg = WeightAverage.of(1, 1, null);
    assertThat(avg.model(g)).isSameAs(g); // nothing averaged yet
    avg.add(trained);
    avg.add(Nd4j.zerosLike(trained));
    ComputationGraph m = avg.model(g);
    assertThat(m).isNotSameAs(g);
    assertThat(m.params().toDoubleVector()).containsExactly(trained.mul(0.5).toDoubleVector());
    assertThat(g.params().toDoubleVector()).containsExactly(trained.toDoubleVector());
  }

  private static ComputationGraph tiny() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
        .addInputs("in")
        .addLayer("d", new DenseLayer.Builder().nIn(3).nOut(2).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2).build(), "d")
        .setOutputs("out")
        .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }
}
