package org.ecgplatform.training.model;

import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link MergeVertex} (concatenation along the feature axis) whose output mask comes from
 * the inputs that have one. DL4J's vertex reads a missing mask as "every step real" and drops the
 * mask when any input lacks one. Beat-sequence models with the window-LSTM beat encoder written
 * before {@link BeatRowsVertex} merge the beats' codes, whose padding mask was given up inside the
 * window LSTM ({@link WindowStepsPreProcessor}), with the RR input, which carries it, so the LSTM
 * across beats and the loss still see which beats are padding. Kept so that those models load
 * (and are rewired, {@link SequenceNetwork#beatRows}); new graphs use {@link BeatRowsVertex}.
 */
public class SequenceMergeVertex extends MergeVertex {
  private static final long serialVersionUID = 1L;

  @Override
  public SequenceMergeVertex clone() {
    SequenceMergeVertex v = new SequenceMergeVertex();
    v.setMergeAxis(getMergeAxis());
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((SequenceMergeVertex) o).getMergeAxis() == getMergeAxis();
  }

  @Override
  public int hashCode() {
    return Objects.hash(SequenceMergeVertex.class.getName(), getMergeAxis());
  }

  @Override
  public String toString() {
    return "SequenceMergeVertex(mergeAxis=" + getMergeAxis() + ")";
  }

  @Override
  public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
      boolean initializeParams, DataType networkDatatype) {
    return new Impl(graph, name, idx, networkDatatype, getMergeAxis());
  }

  /** The vertex itself: DL4J's merge, with the mask of the inputs that carry one. */
  static final class Impl extends org.deeplearning4j.nn.graph.vertex.impl.MergeVertex {
    Impl(ComputationGraph graph, String name, int idx, DataType dataType, int mergeAxis) {
      super(graph, name, idx, dataType, mergeAxis);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
        int minibatchSize) {
      if (maskArrays == null) {
        return new Pair<>(null, currentMaskState);
      }
      INDArray[] present = Arrays.stream(maskArrays).filter(Objects::nonNull).toArray(INDArray[]::new);
      return present.length == 0 ? new Pair<>(null, currentMaskState)
          : super.feedForwardMaskArrays(present, currentMaskState, minibatchSize);
    }
  }
}
