package org.ecgplatform.training.model;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.dataset.DatasetSchema;

/**
 * How the dataset's four RR columns become the network's {@code rr} input.
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
 *       on for SVEB.
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
  public static final List<String> COLUMNS =
      List.of(DatasetSchema.RR_PREV, DatasetSchema.RR_NEXT, DatasetSchema.RR_LOCAL, DatasetSchema.RR_MEAN);

  private static final List<String> RATIOS = List.of(
      "rr_prev/local", "rr_next/local", "rr_prev/mean", "rr_next/mean", "rr_local/mean", "rr_next/prev");

  /** Parses a configuration value ({@code seconds} or {@code relative}, any case). */
  public static RrEncoding parse(String key, String value) {
    return ConfigLoader.enumValue(key, value, RrEncoding.class);
  }

  /** Width of the encoded vector for {@code columns} dataset RR columns. */
  public int width(int columns) {
    return this == SECONDS ? columns : columns + RATIOS.size();
  }

  /** Names of the encoded features, in network input order. */
  public List<String> featureNames(List<String> columns) {
    List<String> names = new ArrayList<>(columns);
    if (this == RELATIVE) {
      names.addAll(RATIOS);
    }
    return names;
  }

  /**
   * Checks that the dataset's RR columns are the ones this encoding reads.
   *
   * @throws ConfigException when {@link #RELATIVE} meets other columns
   */
  public void requireColumns(List<String> columns, String source) {
    if (this == RELATIVE && (columns.size() < COLUMNS.size() || !COLUMNS.equals(columns.subList(0, COLUMNS.size())))) {
      throw new ConfigException("Cannot use rr-encoding relative with " + source + ": it needs the RR columns "
          + COLUMNS + " first, the dataset has " + columns + " (use rr-encoding = seconds)");
    }
  }

  /**
   * Encodes one beat's RR columns: for {@link #RELATIVE}, {@link #COLUMNS} first (seconds), then any
   * further columns, all passed through, followed by the six ratios.
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
    float[] out = java.util.Arrays.copyOf(raw, raw.length + RATIOS.size());
    int r = raw.length;
    out[r] = ratio(prev, local);
    out[r + 1] = ratio(next, local);
    out[r + 2] = ratio(prev, mean);
    out[r + 3] = ratio(next, mean);
    out[r + 4] = ratio(local, mean);
    out[r + 5] = ratio(next, prev);
    return out;
  }

  private static float ratio(float a, float b) {
    return b > 0 && Float.isFinite(a) ? a / b : 1f;
  }
}
