package org.ecgplatform.training.model;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling of runs of {@code p} consecutive floats with stride {@code p}, as both networks pool
 * their convolution features along the window ({@link RowMaxPoolingLayer} on the sequence network's
 * rows [n, C, 1, W], {@link SeriesMaxPoolingLayer} on the per-beat network's series [n, C, W]: in
 * c order each channel's window is one run of floats), computed in Java over the arrays' memory
 * instead of libnd4j's general {@code maxpool2d} and {@code maxpool2d_bp} ops.
 *
 * <p>The forward pass writes each run's largest value, the backward pass gives each run's gradient
 * to its first largest value (as libnd4j does) and 0 to the others. On one thread, [512, 16, 1, 128]
 * floats (the sequence network's pool1 at the evaluation's 512 beats), libnd4j took 2.6 ms forward
 * and 14.6 ms backward, these loops 0.8 and 2.1 ms. With pairs (the networks' pool size), the
 * backward loop masks the gradient's bits instead of choosing between two floats: on a later
 * machine 2.8 ms became 0.9 ms for that shape, with the same gradient bit for bit.
 */
final class MaxPooling {
  private MaxPooling() {}

  /**
   * A copy of {@code conf} with DL4J's own max-pooling layers ({@code SubsamplingLayer} and {@code
   * Subsampling1DLayer}, as graphs written before this class hold them) made {@link RowMaxPooling}s
   * and {@link SeriesMaxPooling}s with the same settings: the same function (pooling has no
   * parameters), computed faster. Null when it has no such layer (not copied then). {@link
   * BeatModel#upToDate} applies it on loading.
   */
  static ComputationGraphConfiguration javaPooling(ComputationGraphConfiguration conf) {
    if (conf.getVertices().values().stream().noneMatch(MaxPooling::dl4jPooling)) {
      return null;
    }
    ComputationGraphConfiguration c = conf.clone();
    for (GraphVertex v : c.getVertices().values()) {
      if (dl4jPooling(v)) {
        NeuralNetConfiguration layerConf = ((LayerVertex) v).getLayerConf();
        Layer layer = layerConf.getLayer();
        layerConf.setLayer(layer instanceof Subsampling1DLayer series ? SeriesMaxPooling.of(series)
            : RowMaxPooling.of((SubsamplingLayer) layer));
      }
    }
    return c;
  }

  /** Whether the vertex is a layer of exactly DL4J's pooling classes. */
  private static boolean dl4jPooling(GraphVertex v) {
    return v instanceof LayerVertex lv && (lv.getLayerConf().getLayer().getClass() == SubsamplingLayer.class
        || lv.getLayerConf().getLayer().getClass() == Subsampling1DLayer.class);
  }

  /** Whether the loops can pool {@code input} with window {@code p} along its last axis (float, p divides it, int-indexable). */
  static boolean fits(INDArray input, DataType layerType, int p) {
    return p >= 1 && input.dataType() == DataType.FLOAT && layerType == DataType.FLOAT
        && input.size(input.rank() - 1) % p == 0 && input.offset() + input.length() <= Integer.MAX_VALUE / Float.BYTES;
  }

  /**
   * The forward pass of a layer whose input the loops pool ({@link #fits}): {@code input} pooled along
   * its last axis, into a new c-order array of the layer's activations.
   */
  static INDArray activate(INDArray input, int p, LayerWorkspaceMgr workspaceMgr) {
    INDArray x = COrder.of(input, workspaceMgr, ArrayType.FF_WORKING_MEM);
    long[] shape = x.shape().clone(); // (ND4J hands out the array's own shape)
    shape[shape.length - 1] /= p;
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, shape, 'c');
    forward(floats(x), (int) x.offset(), floats(out), (int) out.offset(), (int) out.length(), p);
    return out;
  }

  /**
   * The backward pass of such a layer: the gradient at {@code input}, or null when {@code epsilon}
   * is not the gradient at its pooled output (float, of that shape), which the layer's own pass must
   * then handle.
   */
  static INDArray backprop(INDArray input, INDArray epsilon, int p, LayerWorkspaceMgr workspaceMgr) {
    long[] pooled = input.shape().clone();
    pooled[pooled.length - 1] /= p;
    if (epsilon.dataType() != DataType.FLOAT || !Arrays.equals(epsilon.shape(), pooled)) {
      return null;
    }
    INDArray x = COrder.of(input, workspaceMgr, ArrayType.BP_WORKING_MEM);
    INDArray eps = COrder.of(epsilon, workspaceMgr, ArrayType.BP_WORKING_MEM);
    INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
    backward(floats(x), (int) x.offset(), floats(eps), (int) eps.offset(), floats(grad), (int) grad.offset(),
        (int) eps.length(), p);
    return grad;
  }

  /** Floats a pass reads and writes per bulk copy between the arrays' memory and its Java arrays. */
  private static final int CHUNK = 4096;

  /**
   * {@code out[i]} = the largest of {@code x[i·p], …, x[i·p + p − 1]}, for {@code i < cells}. The
   * values are copied in chunks into Java arrays, where the loop compiles to branch-free code
   * ({@code Math.max}; on the buffers directly it ran 1.4 times slower, with a comparison 4–5 times).
   */
  static void forward(FloatBuffer x, int xFrom, FloatBuffer out, int outFrom, int cells, int p) {
    int per = Math.max(1, CHUNK / p);
    float[] in = new float[per * p];
    float[] res = new float[per];
    for (int c = 0; c < cells; c += per) {
      int n = Math.min(per, cells - c);
      x.get(xFrom + c * p, in, 0, n * p);
      if (p == 2) {
        for (int i = 0; i < n; i++) {
          res[i] = Math.max(in[2 * i], in[2 * i + 1]);
        }
      } else {
        for (int i = 0, j = 0; i < n; i++) {
          float max = in[j++];
          for (int k = 1; k < p; k++) {
            max = Math.max(max, in[j++]);
          }
          res[i] = max;
        }
      }
      out.put(outFrom + c, res, 0, n);
    }
  }

  /**
   * {@code grad[i·p + k]} = {@code eps[i]} where {@code k} is the first largest of run {@code i} of
   * {@code x}, else 0; in chunks, as {@link #forward}.
   */
  static void backward(FloatBuffer x, int xFrom, FloatBuffer eps, int epsFrom, FloatBuffer grad, int gradFrom, int cells,
      int p) {
    int per = Math.max(1, CHUNK / p);
    float[] in = new float[per * p];
    float[] e = new float[per];
    float[] g = new float[per * p];
    for (int c = 0; c < cells; c += per) {
      int n = Math.min(per, cells - c);
      x.get(xFrom + c * p, in, 0, n * p);
      eps.get(epsFrom + c, e, 0, n);
      if (p == 2) {
        for (int i = 0; i < n; i++) {
          // The gradient's bits masked, not a choice between two floats: which value of a pair is
          // larger is a coin toss on real features, and a float choice compiles to a branch that
          // the processor mispredicts about half the time (about 3 times slower).
          int second = in[2 * i + 1] > in[2 * i] ? -1 : 0;
          int bits = Float.floatToRawIntBits(e[i]);
          g[2 * i] = Float.intBitsToFloat(bits & ~second);
          g[2 * i + 1] = Float.intBitsToFloat(bits & second);
        }
      } else {
        for (int i = 0; i < n; i++) {
          int run = i * p;
          int best = 0;
          float max = in[run];
          for (int k = 1; k < p; k++) {
            if (in[run + k] > max) {
              max = in[run + k];
              best = k;
            }
          }
          for (int k = 0; k < p; k++) {
            g[run + k] = k == best ? e[i] : 0f;
          }
        }
      }
      grad.put(gradFrom + c * p, g, 0, n * p);
    }
  }

  /** The array's memory as floats, indexed from its buffer's start (add the array's offset). */
  static FloatBuffer floats(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
