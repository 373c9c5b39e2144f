package org.ecgplatform.evaluation.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.wfdb.AnnotationCode;

/**
 * Which beat annotation codes count as which EC57 class: the setting {@code
 * evaluation.class-mapping}. Every figure the evaluation writes names the mapping it used, because
 * the two differ on the escape beats and so on SVEB sensitivity.
 *
 * <table>
 *   <caption>Beat codes (WFDB's {@code isqrs} set) and their class under each mapping</caption>
 *   <tr><th>code</th><th>{@link #AAMI}</th><th>{@link #BXB}</th></tr>
 *   <tr><td>N L R B</td><td>N</td><td>N</td></tr>
 *   <tr><td>e (atrial escape), j (nodal escape)</td><td><b>N</b></td><td><b>S</b></td></tr>
 *   <tr><td>n (supraventricular escape)</td><td>S</td><td>S</td></tr>
 *   <tr><td>A a J S</td><td>S</td><td>S</td></tr>
 *   <tr><td>V E r</td><td>V</td><td>V</td></tr>
 *   <tr><td>F</td><td>F</td><td>F</td></tr>
 *   <tr><td>/ f Q ?</td><td>Q</td><td>Q</td></tr>
 *   <tr><td>! (ventricular flutter wave)</td><td>O</td><td>O</td></tr>
 * </table>
 *
 * <ul>
 *   <li>{@link #AAMI}: the ANSI/AAMI EC57 class table used in the literature (de Chazal et al.,
 *       IEEE TBME 51(7), 2004, and most papers since), which is the platform's own {@link
 *       AamiClass} table: the escape beats e and j are N. Beat codes that table does not list (B,
 *       n, r, ?, !) keep bxb's class.
 *   <li>{@link #BXB}: the map of PhysioNet's {@code bxb} (function {@code amap()} of WFDB 10.7's
 *       {@code app/bxb.c}) in its reports with SVEB statistics ({@code -L}, {@code -S}, {@code
 *       -C}): every supraventricular beat, the escape beats e, j and n included, is S. Choose it to
 *       reproduce bxb's figures exactly.
 * </ul>
 *
 * <p>Which annotations are beats at all is the same under both mappings: WFDB's {@code isqrs}
 * table (codes 1-13, 25, 30, 31, 34, 35, 38, 41). It counts the flutter wave {@code !} as a QRS
 * complex although bxb gives it no class, so bxb reads a {@code !} as an O beat: a reference
 * {@code !} that a test beat matches is tallied as a false positive ({@code On}), a test {@code !}
 * on a reference beat as a miss ({@code No}). In MIT-BIH the flutter waves lie inside
 * ventricular flutter episodes ({@code [} … {@code ]}), whose annotations bxb skips.
 *
 * <p>bxb's standard report (no SVEB statistics) merges S into N; the mappings differ only in the
 * statistics that keep S apart (SVEB Se and +P, and the S rows and columns).
 */
public enum ClassMapping {
  AAMI("aami", "ANSI/AAMI EC57 table as in the literature (e, j are N)"),
  BXB("bxb", "PhysioNet bxb's amap() with SVEB statistics (e, j, n are S)");

  /** bxb's class of each beat code, by mnemonic: the codes WFDB's isqrs counts as QRS complexes. */
  private static final Map<String, BeatClass> BXB_TABLE = table(
      "N", "NLRB",
      "S", "aJASjen",
      "V", "VEr",
      "F", "F",
      "Q", "Q/f?",
      "O", "!");

  private final String configName;
  private final String description;
  /** Class by annotation code; null where the code is not a beat. */
  private final BeatClass[] byCode = new BeatClass[AnnotationCode.ACMAX + 1];

  ClassMapping(String configName, String description) {
    this.configName = configName;
    this.description = description;
  }

  static {
    for (ClassMapping m : values()) {
      for (Map.Entry<String, BeatClass> e : BXB_TABLE.entrySet()) {
        BeatClass c = e.getValue();
        if (m == AAMI) {
          c = AamiClass.ofSymbol(e.getKey()).map(BeatClass::of).orElse(c);
        }
        m.byCode[code(e.getKey())] = c;
      }
    }
  }

  private static Map<String, BeatClass> table(String... classAndSymbols) {
    Map<String, BeatClass> t = new LinkedHashMap<>();
    for (int i = 0; i < classAndSymbols.length; i += 2) {
      BeatClass c = BeatClass.valueOf(classAndSymbols[i]);
      for (char s : classAndSymbols[i + 1].toCharArray()) {
        t.put(String.valueOf(s), c);
      }
    }
    return Collections.unmodifiableMap(t);
  }

  private static int code(String mnemonic) {
    return AnnotationCode.ofMnemonic(mnemonic)
        .orElseThrow(() -> new IllegalStateException("No WFDB annotation code for mnemonic " + mnemonic))
        .code();
  }

  /** The value of {@code evaluation.class-mapping}: {@code aami} or {@code bxb}. */
  public String configName() {
    return configName;
  }

  /** One line saying what the mapping is, for reports. */
  public String description() {
    return description;
  }

  /** Whether an annotation code is a beat (a QRS complex in WFDB's {@code isqrs} table). */
  public static boolean isBeat(int code) {
    return code >= 0 && code < AAMI.byCode.length && AAMI.byCode[code] != null;
  }

  /**
   * The class of a beat annotation code: N, S, V, F, Q, or O for a beat the mapping leaves
   * unclassified; empty when the code is not a beat.
   */
  public Optional<BeatClass> classOf(int code) {
    return isBeat(code) ? Optional.of(byCode[code]) : Optional.empty();
  }

  /** The class of a beat mnemonic ("N", "j" …) as above; empty when it is not a standard beat mnemonic. */
  public Optional<BeatClass> classOf(String mnemonic) {
    return AnnotationCode.ofMnemonic(mnemonic).flatMap(c -> classOf(c.code()));
  }

  /** The AAMI class of a beat mnemonic under this mapping; empty for non-beats and unclassified beats (!). */
  public Optional<AamiClass> aamiClassOf(String mnemonic) {
    return classOf(mnemonic).filter(BeatClass::isBeat).map(BeatClass::aamiClass);
  }

  /** Mnemonic → class of every beat code, in the order of the table above. */
  public Map<String, BeatClass> table() {
    Map<String, BeatClass> t = new LinkedHashMap<>();
    for (String s : BXB_TABLE.keySet()) {
      t.put(s, byCode[code(s)]);
    }
    return Collections.unmodifiableMap(t);
  }

  /** The mapping named by a configuration value ({@code aami} or {@code bxb}, any case). */
  public static Optional<ClassMapping> ofConfigName(String value) {
    for (ClassMapping m : values()) {
      if (m.configName.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return configName;
  }
}
