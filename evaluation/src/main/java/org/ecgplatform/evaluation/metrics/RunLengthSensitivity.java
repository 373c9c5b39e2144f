package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * Sensitivity to ectopic beats by the run they belong to: for S and V, how many of the reference
 * beats that stand alone (isolated: neither neighbour of the same class), in a couplet (two in a
 * row) or in a run of three or more were called their own class. The runs are those of the
 * reference labels, beat after beat in a record's time order; a beat of another class ends a run.
 * EC57's gross statistics pool every beat of a class; this tells an isolated atrial premature beat
 * apart from an ectopic atrial run, which a cardiologist reads differently and a model may find
 * unequally (a model that looks at the neighbouring beats may find a run and miss a single one).
 *
 * <p>Mutable counts: {@link #addRecord} per record, {@link #merge} across partitions.
 */
public final class RunLengthSensitivity implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The classes counted, in this order. */
  public static final List<AamiClass> CLASSES = List.of(AamiClass.S, AamiClass.V);

  /** Where a beat stands among the beats of its own class around it. */
  public enum Context {
    /** No neighbour of the same class. */
    ISOLATED("isolated", "1"),
    /** One of two beats of the class in a row. */
    COUPLET("couplet", "2"),
    /** One of three or more beats of the class in a row. */
    RUN("run", "3+");

    private final String label;
    private final String length;

    Context(String label, String length) {
      this.label = label;
      this.length = length;
    }

    /** Its name in files: isolated, couplet, run. */
    public String label() {
      return label;
    }

    /** The run length it stands for: 1, 2 or 3+. */
    public String length() {
      return length;
    }

    /** The context of a beat in a run of {@code length} (≥ 1) beats of its class. */
    public static Context ofLength(int length) {
      if (length < 1) {
        throw new IllegalArgumentException("Cannot place a beat in a run of " + length + " beats");
      }
      return length == 1 ? ISOLATED : length == 2 ? COUPLET : RUN;
    }

    /** The context of this label (as in {@link #label()}). */
    public static Context ofLabel(String label) {
      for (Context c : values()) {
        if (c.label.equals(label)) {
          return c;
        }
      }
      throw new IllegalArgumentException("Unknown run context '" + label + "' (expected isolated, couplet or run)");
    }
  }

  private final long[][] beats = new long[CLASSES.size()][Context.values().length];
  private final long[][] detected = new long[CLASSES.size()][Context.values().length];

  /**
   * Adds one record's beats.
   *
   * @param trueLabels the reference labels (AAMI label indices) of every scored beat of one record,
   *     in time order
   * @param predictedLabels the predicted label of each, same order
   * @return this
   */
  public RunLengthSensitivity addRecord(int[] trueLabels, int[] predictedLabels) {
    if (trueLabels.length != predictedLabels.length) {
      throw new IllegalArgumentException("Cannot count runs: " + trueLabels.length + " reference labels but "
          + predictedLabels.length + " predictions");
    }
    int start = 0;
    while (start < trueLabels.length) {
      int label = trueLabels[start];
      int end = start + 1;
      while (end < trueLabels.length && trueLabels[end] == label) {
        end++;
      }
      int row = row(label);
      if (row >= 0) {
        int context = Context.ofLength(end - start).ordinal();
        for (int i = start; i < end; i++) {
          beats[row][context]++;
          if (predictedLabels[i] == label) {
            detected[row][context]++;
          }
        }
      }
      start = end;
    }
    return this;
  }

  /** Adds counts read back from a file (or made elsewhere) for one class and context. */
  public RunLengthSensitivity add(AamiClass c, Context context, long beatCount, long detectedCount) {
    int row = rowOf(c);
    if (detectedCount < 0 || detectedCount > beatCount) {
      throw new IllegalArgumentException("Cannot have " + detectedCount + " of " + beatCount + " " + c + " beats detected");
    }
    beats[row][context.ordinal()] += beatCount;
    detected[row][context.ordinal()] += detectedCount;
    return this;
  }

  /** Adds the other's counts to this; returns this. */
  public RunLengthSensitivity merge(RunLengthSensitivity other) {
    for (int r = 0; r < beats.length; r++) {
      for (int c = 0; c < beats[r].length; c++) {
        beats[r][c] += other.beats[r][c];
        detected[r][c] += other.detected[r][c];
      }
    }
    return this;
  }

  /** Detected / reference beats of class {@code c} (S or V) in this context. */
  public Ratio sensitivity(AamiClass c, Context context) {
    int row = rowOf(c);
    return new Ratio(detected[row][context.ordinal()], beats[row][context.ordinal()]);
  }

  /** One line for a log: "S isolated 235/282 (83.3 %), couplet 4/6 (66.7 %), run 0/0 (-)". */
  public String describe(AamiClass c) {
    StringBuilder s = new StringBuilder(c.name());
    for (Context context : Context.values()) {
      Ratio r = sensitivity(c, context);
      s.append(context == Context.ISOLATED ? " " : ", ").append(context.label()).append(' ').append(r)
          .append(r.isDefined() ? String.format(Locale.ROOT, " (%.1f %%)", 100 * r.value()) : " (-)");
    }
    return s.toString();
  }

  /** The row of class {@code c}; refuses a class whose runs are not counted. */
  private static int rowOf(AamiClass c) {
    int row = row(c.ordinal());
    if (row < 0) {
      throw new IllegalArgumentException("Runs are counted for " + CLASSES + " only, not " + c);
    }
    return row;
  }

  private static int row(int label) {
    for (int i = 0; i < CLASSES.size(); i++) {
      if (CLASSES.get(i).ordinal() == label) {
        return i;
      }
    }
    return -1;
  }
}
