package org.ecgplatform.etl.wfdb;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WFDB annotation codes, their mnemonics and descriptions: the table of WFDB's
 * {@code ecgcodes.h} and {@code anntab.c} (PhysioNet, <i>WFDB Programmer's Guide</i>, "Annotation
 * Codes"). Codes 0-49 are annotation types; 59-63 are the MIT format's pseudo-codes ({@link
 * #SKIP}, {@link #NUM}, {@link #SUB}, {@link #CHN}, {@link #AUX}), which never appear in a read
 * {@link Annotation}. Unassigned codes print as {@code [n]}, as WFDB prints them; an annotation
 * file may assign them a mnemonic of its own (see {@link AnnotationFile#definitions()}).
 *
 * @param code numeric code (the top 6 bits of an MIT annotation word)
 * @param name WFDB's C name (NORMAL, PVC …)
 * @param mnemonic the symbol printed by {@code rdann} ("N", "V", "+" …)
 * @param description WFDB's description
 * @param beat whether WFDB's {@code isqrs} counts the code as a beat (QRS complex)
 */
public record AnnotationCode(int code, String name, String mnemonic, String description, boolean beat) {

  /** Largest annotation type code (WFDB's ACMAX). */
  public static final int ACMAX = 49;
  /** Pseudo-code: the next four bytes hold a long time increment. */
  public static final int SKIP = 59;
  /** Pseudo-code: the data field sets {@code num} for this and later annotations. */
  public static final int NUM = 60;
  /** Pseudo-code: the data field sets this annotation's {@code subtype}. */
  public static final int SUB = 61;
  /** Pseudo-code: the data field sets {@code chan} for this and later annotations. */
  public static final int CHN = 62;
  /** Pseudo-code: the data field gives the length of an AUX string that follows. */
  public static final int AUX = 63;

  private static final List<AnnotationCode> TABLE = List.of(
      c(0, "NOTQRS", " ", "not-QRS (not a getann/putann code)", false),
      c(1, "NORMAL", "N", "Normal beat", true),
      c(2, "LBBB", "L", "Left bundle branch block beat", true),
      c(3, "RBBB", "R", "Right bundle branch block beat", true),
      c(4, "ABERR", "a", "Aberrated atrial premature beat", true),
      c(5, "PVC", "V", "Premature ventricular contraction", true),
      c(6, "FUSION", "F", "Fusion of ventricular and normal beat", true),
      c(7, "NPC", "J", "Nodal (junctional) premature beat", true),
      c(8, "APC", "A", "Atrial premature contraction", true),
      c(9, "SVPB", "S", "Premature or ectopic supraventricular beat", true),
      c(10, "VESC", "E", "Ventricular escape beat", true),
      c(11, "NESC", "j", "Nodal (junctional) escape beat", true),
      c(12, "PACE", "/", "Paced beat", true),
      c(13, "UNKNOWN", "Q", "Unclassifiable beat", true),
      c(14, "NOISE", "~", "Signal quality change", false),
      c(15, "", "[15]", "", false),
      c(16, "ARFCT", "|", "Isolated QRS-like artifact", false),
      c(17, "", "[17]", "", false),
      c(18, "STCH", "s", "ST change", false),
      c(19, "TCH", "T", "T-wave change", false),
      c(20, "SYSTOLE", "*", "Systole", false),
      c(21, "DIASTOLE", "D", "Diastole", false),
      c(22, "NOTE", "\"", "Comment annotation", false),
      c(23, "MEASURE", "=", "Measurement annotation", false),
      c(24, "PWAVE", "p", "P-wave peak", false),
      c(25, "BBB", "B", "Left or right bundle branch block beat", true),
      c(26, "PACESP", "^", "Non-conducted pacer spike", false),
      c(27, "TWAVE", "t", "T-wave peak", false),
      c(28, "RHYTHM", "+", "Rhythm change", false),
      c(29, "UWAVE", "u", "U-wave peak", false),
      c(30, "LEARN", "?", "Learning", true),
      c(31, "FLWAV", "!", "Ventricular flutter wave", false),
      c(32, "VFON", "[", "Start of ventricular flutter/fibrillation", false),
      c(33, "VFOFF", "]", "End of ventricular flutter/fibrillation", false),
      c(34, "AESC", "e", "Atrial escape beat", true),
      c(35, "SVESC", "n", "Supraventricular escape beat", true),
      c(36, "LINK", "@", "Link to external data (aux contains URL)", false),
      c(37, "NAPC", "x", "Non-conducted P-wave (blocked APB)", false),
      c(38, "PFUS", "f", "Fusion of paced and normal beat", true),
      c(39, "WFON", "(", "Waveform onset", false),
      c(40, "WFOFF", ")", "Waveform end", false),
      c(41, "RONT", "r", "R-on-T premature ventricular contraction", true),
      c(42, "", "[42]", "", false),
      c(43, "", "[43]", "", false),
      c(44, "", "[44]", "", false),
      c(45, "", "[45]", "", false),
      c(46, "", "[46]", "", false),
      c(47, "", "[47]", "", false),
      c(48, "", "[48]", "", false),
      c(49, "", "[49]", "", false));

  private static final Map<String, AnnotationCode> BY_MNEMONIC;

  static {
    Map<String, AnnotationCode> m = new HashMap<>();
    for (AnnotationCode a : TABLE) {
      m.putIfAbsent(a.mnemonic(), a);
    }
    BY_MNEMONIC = Collections.unmodifiableMap(m);
  }

  private static AnnotationCode c(int code, String name, String mnemonic, String description, boolean beat) {
    return new AnnotationCode(code, name, mnemonic, description, beat);
  }

  /** All 50 annotation types, codes 0 to 49, in code order. */
  public static List<AnnotationCode> all() {
    return TABLE;
  }

  /** The entry for a code 0..49. */
  public static AnnotationCode of(int code) {
    if (code < 0 || code > ACMAX) {
      throw new IllegalArgumentException("Cannot look up annotation code " + code + ": codes run from 0 to " + ACMAX);
    }
    return TABLE.get(code);
  }

  /** The standard code of a mnemonic ("N" → NORMAL), if any. */
  public static Optional<AnnotationCode> ofMnemonic(String mnemonic) {
    return Optional.ofNullable(BY_MNEMONIC.get(mnemonic));
  }

  /** Mnemonics of the beat codes, as used for beat counts ("N", "L", "R", …). */
  public static List<String> beatMnemonics() {
    return TABLE.stream().filter(AnnotationCode::beat).map(AnnotationCode::mnemonic).toList();
  }
}
