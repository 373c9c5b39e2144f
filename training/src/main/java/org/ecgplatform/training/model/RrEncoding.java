package org.ecgplatform.training.model;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.dataset.DatasetSchema;

/**
 * How the dataset's RR columns become the network's {@code rr} input.
 *
 * <ul>
 *   <li>{@link #SECONDS}: the columns as they are ({@code rr_prev_s, rr_next_s, rr_local_s,
 *       rr_mean_s} and any further ones), z-scored over the
 *       training split. A patient with a fast heart looks "premature" on every beat.
 *   <li>{@link #RELATIVE}: the same columns plus six ratios of the first four that normalise each beat's timing by its
 *       own patient's rhythm: prev/local, next/local, prev/mean, next/mean, local/mean and
 *       next/prev. A supraventricular ectopic beat is early relative to the beats around it
 *       (prev/local &lt; 1) and followed by a compensating pause (next/prev &gt; 1), whatever the
 *       patient's rate; this is what de Chazal et al. (2004) and most later inter-patient work rely
 *       on for SVEB. When the dataset has the longer local average ({@code rr_long_s}, the fifth
 *       column), two more follow: prev/long and local/long (inside a run of early beats the local
 *       average is the run's rhythm, the longer one still the rhythm before it).
 * </ul>
 *
 * Ratios whose denominator is not a positive number (a record with a single beat) are 1, i.e.
 * "nothing unusual". Pure function of one beat's columns: applied identically by training,
 * validation and evaluation through {@link Normalizer}.
 */
public enum RrEncoding {
  SECONDS,
  RELATIVE;

  /** The dataset columns the ratios are computed from: the first four RR columns, in this order. */
  public static final List<String> COLUMNS = DatasetSchema.rrColumns(false);

  private static final List<String> RATIOS = List.of(
      "rr_prev/local", "rr_next/local", "rr_prev/mean", "rr_next/mean", "rr_local/mean", "rr_next/prev");

  /** The ratios of the fifth column, {@link DatasetSchema#RR_LONG}, when the dataset has it. */
  private static final List<String> LONG_RATIOS = List.of("rr_prev/long", "rr_local/long");

  /** Parses a configuration value ({@code seconds} or {@code relative}, any case). */
  public static RrEncoding parse(String key, String value) {
    return ConfigLoader.enumValue(key, value, RrEncoding.class);
  }

  /** Width of the encoded vector for {@code columns} dataset RR columns. */
  public int width(int columns) {
    return this == SECONDS ? columns : columns + RATIOS.size() + (columns > COLUMNS.size() ? LONG_RATIOS.size() : 0);
  }

  /** Names of the encoded features, in network input order. */
  public List<String> featureNames(List<String> columns) {
    List<String> names = new ArrayList<>(columns);
    if (this == RELATIVE) {
      names.addAll(RATIOS);
      if (columns.size() > COLUMNS.size()) {
        names.addAll(LONG_RATIOS);
      }
    }
    return names;
  }

  /**
   * Checks that the dataset's RR columns are the ones this encoding reads: for {@link #RELATIVE},
   * {@link #COLUMNS}, optionally followed by {@link DatasetSchema#RR_LONG}.
   *
   * @throws ConfigException when {@link #RELATIVE} meets other columns
   */
  public void requireColumns(List<String> columns, String source) {
    if (this == RELATIVE && !columns.equals(COLUMNS) && !columns.equals(DatasetSchema.rrColumns(true))) {
      throw new ConfigException("Cannot use rr-encoding relative with " + source + ": it needs the RR columns "
          + COLUMNS + ", optionally followed by " + DatasetSchema.RR_LONG + ", the dataset has " + columns
          + " (use rr-encoding = seconds)");
    }
  }

  /**
   * Encodes one beat's RR columns: for {@link #RELATIVE}, the columns (seconds) passed through,
   * followed by the six ratios, then, when there is a fifth column ({@link DatasetSchema#RR_LONG}),
   * its two ratios.
   */
  public float[] encode(float[] raw) {
    if (this == SECONDS) {
      return raw;
    }
    if (raw.length < COLUMNS.size()) {
      throw new IllegalArgumentException(
          "Cannot encode RR features: " + raw.length + " values, expected at least " + COLUMNS.size());
    }
    float prev = raw[0];
    float next = raw[1];
    float local = raw[2];
    float mean = raw[3];
    float[] out = java.util.Arrays.copyOf(raw, width(raw.length));
    int r = raw.length;
    out[r] = ratio(prev, local);
    out[r + 1] = ratio(next, local);
    out[r + 2] = ratio(prev, mean);
    out[r + 3] = ratio(next, mean);
    out[r + 4] = ratio(local, mean);
    out[r + 5] = ratio(next, prev);
    if (raw.length > COLUMNS.size()) {
      float longer = raw[COLUMNS.size()];
      out[r + 6] = ratio(prev, longer);
      out[r + 7] = ratio(local, longer);
    }
    return out;
  }

  private static float ratio(float a, float b) {
    return b > 0 && Float.isFinite(a) ? a / b : 1f;
  }
}
