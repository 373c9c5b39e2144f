package org.ecgplatform.evaluation.metrics;

import java.util.List;
import java.util.Locale;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * The labels of a beat-by-beat comparison as PhysioNet's {@code bxb} tallies them: the five AAMI
 * EC57 classes and two pseudo-classes.
 *
 * <ul>
 *   <li>{@link #N}, {@link #S}, {@link #V}, {@link #F}, {@link #Q}: a beat of that class (which
 *       annotation codes fall into which class is the {@link ClassMapping}'s business);
 *   <li>{@link #O}: no beat here. A reference beat that no test beat matched is paired with a test
 *       {@code o}; an extra test beat with a reference {@code O}. A beat annotation that the
 *       mapping leaves unclassified (the ventricular flutter wave {@code !}) is also read as O, as
 *       bxb reads it;
 *   <li>{@link #X}: a beat that fell into the other annotator's shutdown (a period in which it
 *       declared both signals unreadable), paired with an {@code X} or {@code x}.
 * </ul>
 *
 * Reference labels are written in upper case and test labels in lower case ({@code Vn}: a
 * reference V beat that the test annotator called n).
 */
public enum BeatClass {
  N, S, V, F, Q, O, X;

  /** The five beat classes, in the order of the matrix rows. */
  public static final List<BeatClass> BEATS = List.of(N, S, V, F, Q);
  /** The two pseudo-classes. */
  public static final List<BeatClass> PSEUDO = List.of(O, X);

  /** Whether this is one of the five beat classes (not O or X). */
  public boolean isBeat() {
    return ordinal() <= Q.ordinal();
  }

  /** The AAMI class of a beat class; throws for O and X. */
  public AamiClass aamiClass() {
    if (!isBeat()) {
      throw new IllegalStateException("Cannot give the AAMI class of pseudo-class " + this + ": it is not a beat");
    }
    return AamiClass.valueOf(name());
  }

  /** The class of an AAMI class. */
  public static BeatClass of(AamiClass c) {
    return valueOf(c.name());
  }

  /** The test annotator's spelling: lower case. */
  public String testName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
