package org.ecgplatform.etl.wfdb;

/**
 * Bulk conversion between stored bytes and digital sample values for the fixed-layout formats of
 * {@link SignalFormat}. One tight loop per layout, chosen once per call; no per-sample dispatch.
 * Decoding always starts at a packing-block boundary. Format 8 yields the stored differences;
 * the caller integrates them per signal.
 */
final class SampleCodec {
  private static final int INVALID = SignalFormat.WFDB_INVALID_SAMPLE;

  private SampleCodec() {}

  private static int ten(int v) {
    int x = (v << 22) >> 22;
    return x == -512 ? INVALID : x;
  }

  /**
   * Decodes {@code n} samples from {@code src} starting at byte {@code srcOff} (a block
   * boundary) into {@code dst[dstOff ..]}. {@code src} must hold the bytes of those samples
   * ({@link SignalFormat#samplesIn}).
   */
  static void decode(SignalFormat format, byte[] src, int srcOff, int[] dst, int dstOff, int n) {
    int s = srcOff;
    int d = dstOff;
    int end = dstOff + n;
    switch (format.layout()) {
      case FIRST_DIFFERENCE_8:
        for (; d < end; d++, s++) {
          dst[d] = src[s];
        }
        break;
      case OFFSET8:
        for (; d < end; d++, s++) {
          int v = (src[s] & 0xff) - 128;
          dst[d] = v == -128 ? INVALID : v;
        }
        break;
      case LE16:
        for (; d < end; d++, s += 2) {
          dst[d] = (short) ((src[s] & 0xff) | (src[s + 1] << 8));
        }
        break;
      case BE16:
        for (; d < end; d++, s += 2) {
          dst[d] = (short) ((src[s + 1] & 0xff) | (src[s] << 8));
        }
        break;
      case OFFSET16:
        for (; d < end; d++, s += 2) {
          dst[d] = ((src[s] & 0xff) | ((src[s + 1] & 0xff) << 8)) - 32768;
        }
        break;
      case LE24:
        for (; d < end; d++, s += 3) {
          dst[d] = (src[s] & 0xff) | ((src[s + 1] & 0xff) << 8) | (src[s + 2] << 16);
        }
        break;
      case LE32:
        for (; d < end; d++, s += 4) {
          dst[d] = (src[s] & 0xff) | ((src[s + 1] & 0xff) << 8) | ((src[s + 2] & 0xff) << 16) | (src[s + 3] << 24);
        }
        break;
      case PACKED_212:
        decode212(src, s, dst, d, n);
        break;
      case PACKED_310:
        decode310(src, s, dst, d, n);
        break;
      case PACKED_311:
        decode311(src, s, dst, d, n);
        break;
      default:
        throw new IllegalArgumentException("Cannot decode format " + format.code() + " as fixed-layout bytes");
    }
  }

  private static void decode212(byte[] src, int s, int[] dst, int d, int n) {
    int pairs = n >> 1;
    for (int p = 0; p < pairs; p++, s += 3, d += 2) {
      int b0 = src[s] & 0xff;
      int b1 = src[s + 1] & 0xff;
      int b2 = src[s + 2] & 0xff;
      // 12-bit values sign-extended by shifting into the top of an int and back.
      int v0 = ((b0 | (b1 << 8)) << 20) >> 20;
      int v1 = ((b2 | ((b1 & 0xf0) << 4)) << 20) >> 20;
      dst[d] = v0 == -2048 ? INVALID : v0;
      dst[d + 1] = v1 == -2048 ? INVALID : v1;
    }
    if ((n & 1) != 0) {
      int v0 = (((src[s] & 0xff) | ((src[s + 1] & 0xff) << 8)) << 20) >> 20;
      dst[d] = v0 == -2048 ? INVALID : v0;
    }
  }

  private static void decode310(byte[] src, int s, int[] dst, int d, int n) {
    int end = d + n;
    while (d < end) {
      int w0 = (src[s] & 0xff) | ((src[s + 1] & 0xff) << 8);
      int w1 = d + 1 < end || d + 2 < end ? (src[s + 2] & 0xff) | ((src[s + 3] & 0xff) << 8) : 0;
      dst[d++] = ten(w0 >> 1);
      if (d < end) {
        dst[d++] = ten(w1 >> 1);
      }
      if (d < end) {
        dst[d++] = ten((w0 >> 11) | ((w1 >> 11) << 5));
      }
      s += 4;
    }
  }

  private static void decode311(byte[] src, int s, int[] dst, int d, int n) {
    int end = d + n;
    while (d < end) {
      int remaining = end - d;
      int w = (src[s] & 0xff) | ((src[s + 1] & 0xff) << 8)
          | (remaining > 1 ? ((src[s + 2] & 0xff) << 16) : 0) | (remaining > 2 ? ((src[s + 3] & 0xff) << 24) : 0);
      dst[d++] = ten(w);
      if (d < end) {
        dst[d++] = ten(w >> 10);
      }
      if (d < end) {
        dst[d++] = ten(w >> 20);
      }
      s += 4;
    }
  }

  /** Bytes needed to hold {@code n} samples written from a block boundary. */
  static long bytesFor(SignalFormat format, long n) {
    long blocks = n / format.samplesPerBlock();
    int rem = (int) (n % format.samplesPerBlock());
    long bytes = blocks * format.bytesPerBlock();
    if (rem > 0) {
      int b = 0;
      // A trailing sample may need the whole block (the second 310 sample sits in its second word).
      while (b < format.bytesPerBlock() && format.samplesInPartialBlock(b) < rem) {
        b++;
      }
      bytes += b;
    }
    return bytes;
  }

  /**
   * Encodes {@code n} stored values (already checked against the format's range, invalid samples
   * already replaced by the format's marker; format 8: the first differences) into {@code dst}
   * from byte 0; returns the bytes written. {@code dst} must hold {@link #bytesFor} bytes plus
   * one block. A trailing partial block is written as WFDB's writers flush one ({@code f212},
   * {@code f310}, {@code f311}): one 212 sample in two bytes; one 310 or 311 sample in two bytes,
   * two in four (a reader then sees a third, zero sample unless the header gives the length).
   */
  static int encode(SignalFormat format, int[] src, int srcOff, int n, byte[] dst) {
    int d = 0;
    int end = srcOff + n;
    switch (format.layout()) {
      case FIRST_DIFFERENCE_8:
      case OFFSET8:
        int offset = format.layout() == SignalFormat.Layout.OFFSET8 ? 128 : 0;
        for (int i = srcOff; i < end; i++) {
          dst[d++] = (byte) (src[i] + offset);
        }
        return d;
      case LE16:
      case OFFSET16:
        int offset16 = format.layout() == SignalFormat.Layout.OFFSET16 ? 32768 : 0;
        for (int i = srcOff; i < end; i++) {
          int v = src[i] + offset16;
          dst[d++] = (byte) v;
          dst[d++] = (byte) (v >> 8);
        }
        return d;
      case BE16:
        for (int i = srcOff; i < end; i++) {
          dst[d++] = (byte) (src[i] >> 8);
          dst[d++] = (byte) src[i];
        }
        return d;
      case LE24:
      case LE32:
        int width = format.layout() == SignalFormat.Layout.LE24 ? 3 : 4;
        for (int i = srcOff; i < end; i++) {
          for (int b = 0; b < width; b++) {
            dst[d++] = (byte) (src[i] >> (8 * b));
          }
        }
        return d;
      case PACKED_212:
        return encode212(src, srcOff, end, dst);
      case PACKED_310:
        return encode310(src, srcOff, end, dst);
      case PACKED_311:
        return encode311(src, srcOff, end, dst);
      default:
        throw new IllegalArgumentException("Cannot write format " + format.code() + " as fixed-layout bytes");
    }
  }

  private static int encode212(int[] src, int i, int end, byte[] dst) {
    int d = 0;
    for (; i + 1 < end; i += 2) {
      int a = src[i] == INVALID ? -2048 : src[i];
      int b = src[i + 1] == INVALID ? -2048 : src[i + 1];
      dst[d++] = (byte) a;
      dst[d++] = (byte) (((a >> 8) & 0x0f) | ((b >> 4) & 0xf0));
      dst[d++] = (byte) b;
    }
    if (i < end) {
      int a = src[i] == INVALID ? -2048 : src[i];
      dst[d++] = (byte) a;
      dst[d++] = (byte) ((a >> 8) & 0x0f);
    }
    return d;
  }

  /** Three samples in two little-endian words: bits 1-10 of each hold one, bits 11-15 of both the third. */
  private static int encode310(int[] src, int i, int end, byte[] dst) {
    int d = 0;
    for (; i < end; i += 3) {
      int rem = end - i;
      int w0 = (src[i] << 1) & 0x7fe;
      int w1 = rem > 1 ? (src[i + 1] << 1) & 0x7fe : 0;
      if (rem > 2) {
        w0 |= (src[i + 2] << 11) & 0xf800;
        w1 |= (src[i + 2] << 6) & 0xf800;
      }
      d = word16(dst, d, w0);
      if (rem > 1) {
        d = word16(dst, d, w1);
      }
    }
    return d;
  }

  /** Three samples in the low 30 bits of a little-endian 32-bit word. */
  private static int encode311(int[] src, int i, int end, byte[] dst) {
    int d = 0;
    for (; i < end; i += 3) {
      int rem = end - i;
      int w = src[i] & 0x3ff;
      if (rem > 1) {
        w |= (src[i + 1] & 0x3ff) << 10;
      }
      if (rem > 2) {
        w |= (src[i + 2] & 0x3ff) << 20;
      }
      d = word16(dst, d, w);
      if (rem > 1) {
        d = word16(dst, d, w >>> 16);
      }
    }
    return d;
  }

  private static int word16(byte[] dst, int d, int w) {
    dst[d] = (byte) w;
    dst[d + 1] = (byte) (w >> 8);
    return d + 2;
  }
}
