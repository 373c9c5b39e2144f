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
   * Encodes {@code n} samples (format 16 or 212) into {@code dst} from byte 0; returns the bytes
   * written. A trailing odd 212 sample takes two bytes, as WFDB writes it.
   */
  static int encode(SignalFormat format, int[] src, int srcOff, int n, byte[] dst) {
    int d = 0;
    switch (format.layout()) {
      case LE16:
        for (int i = srcOff; i < srcOff + n; i++) {
          int v = src[i];
          // -32768 is both WFDB_INVALID_SAMPLE and format 16's stored marker.
          dst[d++] = (byte) v;
          dst[d++] = (byte) (v >> 8);
        }
        return d;
      case PACKED_212:
        int i = srcOff;
        int end = srcOff + n;
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
      default:
        throw new IllegalArgumentException("Cannot write format " + format.code() + ": only formats 16 and 212 are written");
    }
  }
}
