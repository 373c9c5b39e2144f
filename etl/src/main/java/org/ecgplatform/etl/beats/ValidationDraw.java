package org.ecgplatform.etl.beats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.ecgplatform.common.ConfigException;

/**
 * How many training-side patients are moved to the validation split, and with which seed.
 * Immutable; validated on construction.
 *
 * <p>Exactly one of {@code fraction} and {@code count} may be non-zero; both zero means no
 * validation split. The drawn patients are the first {@code k} of the sorted patient keys after a
 * Fisher-Yates shuffle seeded with {@code seed}, so the draw depends only on the seed and the set of
 * patients, never on the order they are seen in. With a fraction, {@code k = round(fraction ×
 * patients)}, at least 1 when the fraction is positive.
 *
 * @param seed shuffle seed
 * @param fraction fraction of training patients moved to validation, in [0, 1)
 * @param count number of training patients moved to validation, &gt;= 0
 */
public record ValidationDraw(long seed, double fraction, int count) implements java.io.Serializable {
  /** Default: 4 of the 22 DS1 patients (about 18 %), seed 42. */
  public static final ValidationDraw DEFAULT = new ValidationDraw(42L, 0.0, 4);

  /** No validation split. */
  public static final ValidationDraw NONE = new ValidationDraw(0L, 0.0, 0);

  public ValidationDraw {
    if (!(fraction >= 0 && fraction < 1)) {
      throw ConfigException.invalid("etl.split.validation.fraction", fraction, "a fraction in [0, 1)");
    }
    if (count < 0) {
      throw ConfigException.invalid("etl.split.validation.count", count, "a patient count >= 0");
    }
    if (fraction > 0 && count > 0) {
      throw ConfigException.invalid("etl.split.validation.count", count, "0 when etl.split.validation.fraction is set ("
          + fraction + "); give one of the two");
    }
  }

  /** Seeded fraction of patients. */
  public static ValidationDraw fraction(long seed, double fraction) {
    return new ValidationDraw(seed, fraction, 0);
  }

  /** Seeded number of patients. */
  public static ValidationDraw count(long seed, int count) {
    return new ValidationDraw(seed, 0.0, count);
  }

  /**
   * The validation patients drawn from {@code trainingPatients}.
   *
   * @throws ConfigException when {@code count} would leave no training patient
   */
  public Set<String> draw(Collection<String> trainingPatients) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(trainingPatients));
    int n = sorted.size();
    int k = count > 0 ? count : (fraction > 0 ? (int) Math.max(1, Math.round(fraction * n)) : 0);
    if (k >= n && k > 0) {
      throw ConfigException.invalid("etl.split.validation.count", k,
          "fewer than the " + n + " training patients, so that some remain for training");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      String t = sorted.get(i);
      sorted.set(i, sorted.get(j));
      sorted.set(j, t);
    }
    return Set.copyOf(sorted.subList(0, k));
  }
}
