package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.ecgplatform.training.bench.ConvolutionBackwardBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training buffers stay with the thread and the layer's position ({@link ThreadBuffers}), so that a
 * network built anew (as parameter averaging does every round) trains in the buffers of the one
 * before it, and two networks trained in turn in one thread never read each other's values.
 */
class ThreadBuffersTest {

  @Test
  void claimsHandBuffersOverAndMakeNewOnesForOtherShapes() throws Exception {
    String key = "test#" + System.nanoTime();
    Object a = new Object();
    Object b = new Object();
    ThreadBuffers.Claim<int[]> first = ThreadBuffers.claim(key, a, x -> x.length == 3, () -> new int[3]);
    assertThat(first.kept()).as("made anew").isFalse();
    ThreadBuffers.Claim<int[]> again = ThreadBuffers.claim(key, a, x -> x.length == 3, () -> new int[3]);
    assertThat(again.kept()).isTrue();
    assertThat(again.buffers()).isSameAs(first.buffers());
    assertThat(ThreadBuffers.holds(key, a, first.buffers())).isTrue();

    ThreadBuffers.Claim<int[]> taken = ThreadBuffers.claim(key, b, x -> x.length == 3, () -> new int[3]);
    assertThat(taken.buffers()).as("another owner: the same buffers").isSameAs(first.buffers());
    assertThat(taken.kept()).as("but not what the first owner left in them").isFalse();
    assertThat(ThreadBuffers.holds(key, a, first.buffers())).isFalse();
    assertThat(ThreadBuffers.holds(key, b, first.buffers())).isTrue();

    ThreadBuffers.Claim<int[]> longer = ThreadBuffers.claim(key, b, x -> x.length == 5, () -> new int[5]);
    assertThat(longer.kept()).isFalse();
    assertThat(longer.buffers()).hasSize(5);
    assertThat(ThreadBuffers.holds(key, b, first.buffers())).isFalse();

    int[] elsewhere = CompletableFuture.supplyAsync(
        () -> ThreadBuffers.claim(key, b, x -> x.length == 5, () -> new int[5]).buffers()).get();
    assertThat(elsewhere).as("another thread: its own buffers").isNotSameAs(longer.buffers());
  }

  /**
   * A second instance of the layer takes the buffers over between the first one's forward and
   * backward passes: the first one's backward pass then runs DL4J's own (on its own input), the
   * second one's the products.
   */
  @Test
  void aLayerWhoseBuffersWereTakenOverRunsDl4jsBackwardPass() {
    ConvolutionLayer relu = new ConvolutionLayer.Builder(new int[] {1, 5}).nIn(2).nOut(4)
        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build();
    Layer plain = ConvolutionBackwardBenchmark.rowLayer(relu, 2, 20);
    Layer first = ConvolutionBackwardBenchmark.rowLayer(RowConvolution.of(relu), 2, 20);
    Layer second = ConvolutionBackwardBenchmark.rowLayer(RowConvolution.of(relu), 2, 20);
    assertThat(ThreadBuffers.keyOf(first)).isEqualTo(ThreadBuffers.keyOf(second));
    second.setParams(first.params().dup());
    plain.setParams(first.params().dup());
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 1, 20);
    INDArray other = Nd4j.randn(DataType.FLOAT, 3, 2, 1, 20);
    INDArray eps = Nd4j.randn(DataType.FLOAT, 3, 4, 1, 20);

    plain.activate(x, true, none);
    INDArray expected = plain.backpropGradient(eps, none).getFirst().getGradientFor("W").dup();
    first.activate(x, true, none);
    second.activate(other, true, none);
    long backward = RowConvolutionLayer.BACKWARD.get();
    INDArray afterTakeOver = first.backpropGradient(eps, none).getFirst().getGradientFor("W").dup();
    assertThat(RowConvolutionLayer.BACKWARD.get()).as("DL4J's backward pass").isEqualTo(backward);
    assertThat(afterTakeOver).isEqualTo(expected);

    plain.activate(other, true, none);
    INDArray expectedSecond = plain.backpropGradient(eps, none).getFirst().getGradientFor("W").dup();
    INDArray secondW = second.backpropGradient(eps, none).getFirst().getGradientFor("W").dup();
    assertThat(RowConvolutionLayer.BACKWARD.get() - backward).as("the products").isEqualTo(1);
    FusedLstmTest.assertClose("second instance's weight gradient", expectedSecond, secondW);
  }

  /**
   * A network built anew from the same configuration trains without making buffers; two copies
   * fitted in turn in one thread end where each ends fitted alone, bit for bit.
   */
  @ParameterizedTest
  @CsvSource({"CAUSAL, FLAT", "BIDIRECTIONAL, LSTM"})
  void networksBuiltAnewReuseTheBuffersAndNeverMixThem(SequenceDirection direction, BeatEncoder encoder) {
    NetworkConfig cfg = BeatModelTest.smallConfig().asSequence(direction, 8, 2, 2).withBeatEncoder(encoder);
    ComputationGraph alone = SequenceNetwork.build(cfg, null);
    ComputationGraph a = copy(alone);
    ComputationGraph b = copy(alone);
    MultiDataSet[] batches = new MultiDataSet[3];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = SequenceLstmTest.batch(cfg, new int[] {8, 6, 3}, 20 + i);
    }
    for (MultiDataSet m : batches) {
      alone.fit(m);
    }
    long made = ThreadBuffers.MADE.get();
    for (MultiDataSet m : batches) {
      a.fit(m);
      b.fit(m);
    }
    assertThat(ThreadBuffers.MADE.get()).as("buffers made by the two copies").isEqualTo(made);
    assertThat(a.params()).isEqualTo(alone.params());
    assertThat(b.params()).isEqualTo(alone.params());
  }

  private static ComputationGraph copy(ComputationGraph g) {
    ComputationGraph c = new ComputationGraph(g.getConfiguration().clone());
    c.init(g.params().dup(), true);
    return c;
  }
}
