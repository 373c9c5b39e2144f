package org.ecgplatform.training.model;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Arrays laid out in c order with their shape's own strides, which the reshaping pre-processors
 * and vertices of the platform's networks need: a c-order reshape of such an array is a view.
 */
final class COrder {
  private COrder() {}

  /** {@code a} itself when it is laid out so, otherwise a c-order copy in the workspace of {@code type}. */
  static INDArray of(INDArray a, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
    return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : workspaceMgr.dup(type, a, 'c');
  }
}
