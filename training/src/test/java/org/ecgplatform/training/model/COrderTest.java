package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Which arrays the networks' reshaping steps take as they are, and which they copy first. */
class COrderTest {
  private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

  @Test
  void aNewCOrderArrayIsTakenAsItIsEvenWithAnAxisOfSizeOne() {
    // the sequence network's convolution features [n, C, 1, W], which ND4J's own check rejects
    INDArray rows = Nd4j.create(DataType.FLOAT, 128, 16, 1, 128);
    assertThat(COrder.laidOut(rows)).isTrue();
    assertThat(COrder.of(rows, NO_WORKSPACES, ArrayType.ACTIVATIONS)).isSameAs(rows);
    assertThat(COrder.laidOut(Nd4j.create(DataType.FLOAT, 1, 3, 1))).isTrue();
    assertThat(COrder.laidOut(Nd4j.create(DataType.FLOAT, 4, 5))).isTrue();
  }

  @Test
  void otherLayoutsAreCopiedInCOrder() {
    INDArray a = Nd4j.arange(24).castTo(DataType.FLOAT).reshape('c', 2, 3, 4);
    INDArray permuted = a.permute(1, 0, 2);
    INDArray fOrder = a.dup('f');
    INDArray strided = a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
    for (INDArray x : new INDArray[] {permuted, fOrder, strided}) {
      assertThat(COrder.laidOut(x)).as("%s", x.shapeInfoToString()).isFalse();
      INDArray c = COrder.of(x, NO_WORKSPACES, ArrayType.ACTIVATIONS);
      assertThat(c).isNotSameAs(x);
      assertThat(COrder.laidOut(c)).isTrue();
      assertThat(c).isEqualTo(x);
    }
  }
}
