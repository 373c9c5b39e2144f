package org.ecgplatform.training.spark;

import java.io.Serializable;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float array of ND4J as parameter averaging sends it between the driver and the workers: its
 * shape and its values in one {@code float[]}, which Java serialization writes and reads in bulk.
 * ND4J's own serialization of an {@link INDArray} writes and reads it one element at a time through
 * a {@code DataOutputStream}: for the beat-sequence network's parameters and Adam state (306,000
 * floats) about 3 ms each way once compiled, and several times that while the JIT compiler has not
 * yet got to it, every averaging round.
 */
final class CompactArray implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] shape;
  private final float[] values;

  private CompactArray(long[] shape, float[] values) {
    this.shape = shape;
    this.values = values;
  }

  /** Whether {@link #of} can carry {@code a} (a float array, or none). */
  static boolean carries(INDArray a) {
    return a == null || a.dataType() == DataType.FLOAT;
  }

  /** A copy of {@code a}'s elements in c order; null for null. */
  static CompactArray of(INDArray a) {
    if (a == null) {
      return null;
    }
    if (!carries(a)) {
      throw new IllegalArgumentException("Cannot carry a " + a.dataType() + " array as floats");
    }
    // dup: an array of its own (a view's buffer holds more than its elements), in c order
    INDArray c = a.dup('c');
    float[] values = new float[Math.toIntExact(c.length())];
    floats(c).get(values);
    return new CompactArray(a.shape(), values);
  }

  /** The array again, a new c-order array of the original shape; null for null. */
  static INDArray toArray(CompactArray a) {
    if (a == null) {
      return null;
    }
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.shape, 'c');
    floats(out).put(a.values);
    return out;
  }

  /**
   * The elements of a c-order float array with its shape's own strides (as {@code dup('c')} and
   * {@code createUninitialized} make them), to be read and written in bulk: ND4J's {@code asFloat}
   * and {@code Nd4j.create(float[], ...)} go element by element, which for the beat-sequence
   * network's parameters and Adam state took a few milliseconds per round on the driver (a Linux
   * {@code perf} profile of the flat model's {@code local[2]} epochs).
   */
  private static FloatBuffer floats(INDArray a) {
    int from = Math.toIntExact(a.offset());
    FloatBuffer all = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    return all.limit(Math.toIntExact(from + a.length())).position(from);
  }
}
