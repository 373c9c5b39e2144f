package org.ecgplatform.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Beats and chunks cross Spark's shuffle in a packed serial form ({@link PackedFloats}) and come
 * back with every value, NaN and signed zero included.
 */
class SerialFormTest {

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void beatsComeBackWhole() throws Exception {
    float[] window = {1.5f, -0.0f, Float.NaN, Float.MIN_VALUE, -3e8f, Float.POSITIVE_INFINITY};
    Beat beat = new Beat("mitdb/100", 12.25, window, new float[] {0.8f, 0.9f}, 3);
    Beat back = roundTrip(beat);
    assertThat(back.record()).isEqualTo("mitdb/100");
    assertThat(back.timeS()).isEqualTo(12.25);
    assertThat(back.label()).isEqualTo(3);
    assertThat(back.rr()).containsExactly(0.8f, 0.9f);
    for (int i = 0; i < window.length; i++) {
      assertThat(Float.floatToRawIntBits(back.window()[i])).as("sample %d", i).isEqualTo(Float.floatToRawIntBits(window[i]));
    }
    assertThat(roundTrip(new Beat(new float[0], new float[0], 0)).window()).isEmpty();
  }

  @Test
  void chunksComeBackWhole() throws Exception {
    List<Beat> beats = List.of(new Beat("mitdb/201", 1.0, new float[] {1, 2, 3}, new float[] {0.5f}, 0),
        new Beat("mitdb/201", 1.8, new float[] {4, 5, 6}, new float[] {0.6f}, 1),
        new Beat("mitdb/201", 2.5, new float[] {7, Float.NaN, -0.0f}, new float[] {0.7f}, 2));
    Chunk chunk = Chunk.of(beats, 0, 3);
    Chunk back = roundTrip(chunk);
    assertThat(back.record()).isEqualTo("mitdb/201");
    assertThat(back.timeS()).containsExactly(1.0, 1.8, 2.5);
    assertThat(back.labels()).containsExactly(0, 1, 2);
    assertThat(bits(back.windows())).isDeepEqualTo(bits(chunk.windows()));
    assertThat(bits(back.rr())).isDeepEqualTo(bits(chunk.rr()));
    Chunk ragged = new Chunk("x/1", new double[] {0, 1}, new float[][] {{1, 2}, {3, 4, 5, 6}},
        new float[][] {{}, {9}}, new int[] {0, 0});
    Chunk raggedBack = roundTrip(ragged);
    assertThat(raggedBack.windows()).isDeepEqualTo(ragged.windows());
    assertThat(raggedBack.rr()).isDeepEqualTo(ragged.rr());
  }

  /** The rows' raw bits (NaN is not equal to itself as a float). */
  private static int[][] bits(float[][] rows) {
    int[][] out = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new int[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = Float.floatToRawIntBits(rows[i][j]);
      }
    }
    return out;
  }

  @Test
  void packedRowsMustAddUp() {
    byte[] packed = PackedFloats.pack(new float[][] {{1, 2}, {3}});
    assertThat(PackedFloats.unpack(packed, new int[] {2, 1})).isDeepEqualTo(new float[][] {{1, 2}, {3}});
    assertThatThrownBy(() -> PackedFloats.unpack(packed, new int[] {2})).hasMessageContaining("1 values left");
  }
}
