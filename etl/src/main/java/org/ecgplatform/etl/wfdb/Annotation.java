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
