package org.ecgplatform.training.model;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Arrays laid out in c order with their shape's own strides, which the reshaping pre-processors
 * and vertices of the platform's networks need: a c-order reshape of such an array is a view.
 */
final class COrder {
  private COrder() {}

  /** {@code a} itself when it is laid out so ({@link #laidOut}), otherwise a c-order copy in the workspace of {@code type}. */
  static INDArray of(INDArray a, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
    return laidOut(a) ? a : workspaceMgr.dup(type, a, 'c');
  }

  /**
   * Whether {@code a} is in c order with the strides a new c-order array of its shape has. ND4J's
   * {@code Shape.hasDefaultStridesForShape} answers no for every array with an axis of size 1
   * between two others ([n, C, 1, W], as the sequence network's convolutions and pooling pass their
   * features on), whose strides it requires to fall strictly: such arrays were copied for nothing.
   */
  static boolean laidOut(INDArray a) {
    if (a.ordering() != 'c') {
      return false;
    }
    long[] shape = a.shape();
    long[] stride = a.stride();
    long step = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (stride[i] != step) {
        return false;
      }
      step *= shape[i];
    }
    return true;
  }
}
