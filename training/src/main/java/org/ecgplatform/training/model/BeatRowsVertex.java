package org.ecgplatform.training.model;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Joins each beat's code with its RR features into one row per beat, the input of the embedding
 * of {@link SequenceNetwork}: inputs the codes ({@code [N, F, 1, W']} from the convolutions, or
 * {@code [N, H]} from the window LSTM; {@code N = n·T} beats) and the RR input ({@code [n, R, T]},
 * NCW), output {@code [N, F·W' + R]} (or {@code [N, H + R]}), codes first.
 *
 * <p>Rows are time-major ({@code t·n + s} for beat {@code t} of sequence {@code s}): the order in
 * which DL4J's reshaping pre-processors lay beats out ({@code RnnToCnnPreProcessor}, and {@link
 * BeatImagesPreProcessor} after it, upstream; {@code FeedForwardToRnnPreProcessor} downstream). So
 * it computes what DL4J's {@code CnnToRnnPreProcessor}, {@code MergeVertex} and {@code
 * RnnToFeedForwardPreProcessor} compute one after another, without their three copies of the
 * codes (two of them element by element through strided views, the largest cost of the
 * beat-sequence network's forward pass outside its layers): each element is copied once, forward
 * and backward.
 *
 * <p>The padding mask is the RR input's ({@code [n, T]}, handed on as DL4J's {@code
 * RnnToFeedForwardPreProcessor} hands it on, one entry per row). The codes' mask is not needed,
 * and the window LSTM's codes carry none ({@link WindowStepsPreProcessor}). Stateless.
 */
public class BeatRowsVertex extends GraphVertex {
  private static final long serialVersionUID = 1L;

  @Override
  public BeatRowsVertex clone() {
    return new BeatRowsVertex();
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return BeatRowsVertex.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "BeatRowsVertex()";
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return 2;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
    return new Impl(graph, name, idx, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
    if (inputs.length != 2) {
      throw new InvalidInputTypeException("BeatRowsVertex takes the codes and the RR input, got " + inputs.length + " inputs");
    }
    long code;
    if (inputs[0] instanceof InputType.InputTypeConvolutional c && c.getHeight() == 1) {
      code = c.getChannels() * c.getWidth();
    } else if (inputs[0] instanceof InputType.InputTypeFeedForward f) {
      code = f.getSize();
    } else {
      throw new InvalidInputTypeException("BeatRowsVertex: codes must be [N, F, 1, W] or [N, H], got " + inputs[0]);
    }
    if (!(inputs[1] instanceof InputType.InputTypeRecurrent rr)) {
      throw new InvalidInputTypeException("BeatRowsVertex: the RR input must be recurrent [n, R, T], got " + inputs[1]);
    }
    return InputType.feedForward(code + rr.getSize());
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputs) {
    return new LayerMemoryReport.Builder(null, BeatRowsVertex.class, inputs[0], getOutputType(-1, inputs))
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }

  /** The vertex itself. */
  static final class Impl extends BaseGraphVertex {
    private static final long serialVersionUID = 1L;

    Impl(ComputationGraph graph, String name, int idx, DataType dataType) {
      super(graph, name, idx, null, null, dataType);
    }

    @Override
    public String toString() {
      return "BeatRowsVertex(name=" + vertexName + ")";
    }

    @Override
    public boolean hasLayer() {
      return false;
    }

    @Override
    public Layer getLayer() {
      return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      if (!canDoForward()) {
        throw new IllegalStateException("BeatRowsVertex " + vertexName + ": inputs not set");
      }
      INDArray rr = inputs[1];
      long[] s = sizes(inputs[0], rr);
      long t = s[0];
      long n = s[1];
      long p = s[2];
      long r = s[3];
      INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, inputs[0].dataType(), new long[] {t * n, p + r}, 'c');
      INDArray codes = COrder.of(inputs[0], workspaceMgr, ArrayType.ACTIVATIONS);
      INDArray rows = out.reshape('c', t, n, p + r);
      rows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, p)).assign(codes.reshape('c', t, n, p));
      rows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(p, p + r)).assign(rr.permute(2, 0, 1));
      return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      if (!canDoBackward()) {
        throw new IllegalStateException("BeatRowsVertex " + vertexName + ": epsilon not set");
      }
      INDArray codes = inputs[0];
      INDArray rr = inputs[1];
      long[] s = sizes(codes, rr);
      long t = s[0];
      long n = s[1];
      long p = s[2];
      long r = s[3];
      INDArray codesGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), codes.shape(), 'c');
      INDArray rrGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), rr.shape(), 'c');
      INDArray rows = COrder.of(epsilon, workspaceMgr, ArrayType.ACTIVATION_GRAD).reshape('c', t, n, p + r);
      codesGrad.reshape('c', t, n, p).assign(rows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, p)));
      rrGrad.permute(2, 0, 1).assign(rows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(p, p + r)));
      return new Pair<>(null, new INDArray[] {codesGrad, rrGrad});
    }

    /** {T, n, code width, R}, after checking that the codes hold one row per beat of the RR input. */
    private long[] sizes(INDArray codes, INDArray rr) {
      if (rr.rank() != 3) {
        throw new IllegalStateException("BeatRowsVertex " + vertexName + ": RR input must be [n, R, T], got "
            + Arrays.toString(rr.shape()));
      }
      long n = rr.size(0);
      long t = rr.size(2);
      if (codes.size(0) != n * t) {
        throw new IllegalStateException("BeatRowsVertex " + vertexName + ": " + codes.size(0) + " codes for " + n
            + " sequences of " + t + " beats (codes " + Arrays.toString(codes.shape()) + ")");
      }
      return new long[] {t, n, codes.length() / codes.size(0), rr.size(1)};
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
      if (backpropGradientsViewArray != null) {
        throw new IllegalStateException("BeatRowsVertex has no parameters");
      }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
      INDArray rr = maskArrays == null ? null : maskArrays[1];
      if (rr == null) {
        return new Pair<>(null, currentMaskState);
      }
      if (rr.rank() != 2) {
        throw new IllegalArgumentException("BeatRowsVertex " + vertexName + ": the RR input's mask must be [n, T], got "
            + Arrays.toString(rr.shape()));
      }
      return new Pair<>(TimeSeriesUtils.reshapeTimeSeriesMaskToVector(rr, LayerWorkspaceMgr.noWorkspaces(), ArrayType.INPUT),
          currentMaskState);
    }
  }
}
