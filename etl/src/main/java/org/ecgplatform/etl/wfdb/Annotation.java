package org.ecgplatform.etl.wfdb;

/**
 * One annotation of a WFDB annotation file.
 *
 * @param sample sample (frame) number, at the record's frame frequency
 * @param code annotation code 0..49 (see {@link AnnotationCode})
 * @param symbol mnemonic ("N", "V", "+", "\"" …), from the file's own definitions if it has any
 * @param subtype subtype ({@code subtyp}), -128..127
 * @param chan signal number the annotation refers to, 0..255
 * @param num annotator-defined number, -128..127
 * @param aux auxiliary string ("(AFIB", a comment), "" when absent
 */
public record Annotation(long sample, int code, String symbol, int subtype, int chan, int num, String aux) {

  public Annotation {
    if (aux == null) {
      aux = "";
    }
    check(sample >= 0, "sample", sample, "samples are >= 0");
    check(code >= 0 && code <= AnnotationCode.ACMAX, "code", code, "codes run from 0 to 49");
    check(subtype >= -128 && subtype <= 127, "subtype", subtype, "a subtype is a signed byte");
    check(chan >= 0 && chan <= 255, "chan", chan, "a channel is an unsigned byte");
    check(num >= -128 && num <= 127, "num", num, "num is a signed byte");
    if (symbol == null || symbol.isEmpty()) {
      throw new IllegalArgumentException("Cannot make an annotation without a symbol (use Annotation.of(sample, code))");
    }
  }

  private static void check(boolean ok, String field, long value, String hint) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot make an annotation with " + field + " " + value + " (" + hint + ")");
    }
  }

  /** An annotation with the standard mnemonic of {@code code} and no subtype, chan, num or aux. */
  public static Annotation of(long sample, int code) {
    return new Annotation(sample, code, AnnotationCode.of(code).mnemonic(), 0, 0, 0, "");
  }

  /** Whether WFDB counts this annotation as a beat. */
  public boolean isBeat() {
    return AnnotationCode.of(code).beat();
  }

  /** Whether the annotation carries an AUX string. */
  public boolean hasAux() {
    return !aux.isEmpty();
  }
}
