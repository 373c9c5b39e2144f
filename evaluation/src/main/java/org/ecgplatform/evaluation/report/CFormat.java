package org.ecgplatform.evaluation.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two printf conversions the WFDB tools use for their reports, with C's rounding: {@code %W.Pf}
 * rounds the exact binary value of the double half-to-even (as glibc does), where Java's {@code
 * String.format} rounds its shortest decimal form half-up, which differs on values such as 0.125 or
 * 1.005. Reports meant to be diffed against bxb's must print the same digits. (Only the
 * non-negative values of those reports are handled: C's "-0.00" is not reproduced.)
 */
final class CFormat {
  private CFormat() {}

  /** {@code %<width>.<precision>f}. */
  static String fixed(double value, int width, int precision) {
    String s = Double.isFinite(value)
        ? new BigDecimal(value).setScale(precision, RoundingMode.HALF_EVEN).toPlainString()
        : (Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf");
    return pad(s, width);
  }

  /** {@code %<width>d} / {@code %<width>s}: right-aligned. */
  static String right(Object value, int width) {
    return pad(String.valueOf(value), width);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
