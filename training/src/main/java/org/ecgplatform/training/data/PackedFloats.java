package org.ecgplatform.training.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float arrays as one little-endian byte array, for the serial form of {@link Beat} and {@link
 * Chunk}.
 *
 * <p>Every epoch the training job shuffles its examples through Spark (Java serialization), and
 * Java serialization writes a {@code float[]} one element at a time. In a profile of the sequence
 * model's {@code local[2]} row that took 8 % of the executor threads' samples during the epoch
 * (each chunk holds a window of every beat). A byte array is written and read in bulk, and the
 * conversion here is a bulk copy ({@link java.nio.FloatBuffer#put(float[])}).
 */
final class PackedFloats {
  private PackedFloats() {}

  /** {@code values} as 4 bytes per float, little-endian. */
  static byte[] pack(float[] values) {
    byte[] out = new byte[values.length * Float.BYTES];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    return out;
  }

  /** The rows one after another, 4 bytes per float, little-endian; {@link #lengths} gives the rows' lengths. */
  static byte[] pack(float[][] rows) {
    long total = 0;
    for (float[] r : rows) {
      total += r.length;
    }
    byte[] out = new byte[Math.toIntExact(total * Float.BYTES)];
    java.nio.FloatBuffer f = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    for (float[] r : rows) {
      f.put(r);
    }
    return out;
  }

  static int[] lengths(float[][] rows) {
    int[] n = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      n[i] = rows[i].length;
    }
    return n;
  }

  static float[] unpack(byte[] bytes) {
    float[] out = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** The rows {@link #pack(float[][])} wrote, with the given lengths. */
  static float[][] unpack(byte[] bytes, int[] lengths) {
    java.nio.FloatBuffer f = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[][] rows = new float[lengths.length][];
    for (int i = 0; i < lengths.length; i++) {
      rows[i] = new float[lengths[i]];
      f.get(rows[i]);
    }
    if (f.hasRemaining()) {
      throw new IllegalArgumentException("Packed floats: " + f.remaining() + " values left after " + lengths.length + " rows");
    }
    return rows;
  }
}
