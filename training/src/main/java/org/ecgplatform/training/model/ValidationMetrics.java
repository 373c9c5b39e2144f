package org.ecgplatform.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.common.ConfigLoader;

/**
 * Per-epoch validation figures from a confusion matrix ({@code confusion[true][predicted]}):
 * accuracy, per-class recall (sensitivity) and precision (positive predictivity), and macro-F1,
 * the mean F1 over the classes that occur in the reference or in the predictions (a class absent
 * from both is left out rather than counted as 0 or 1), and {@link #macroF1Reference}, the mean
 * over the classes that occur in the reference only.
 *
 * <p>The two differ when the model predicts a class that the validation patients do not have (MIT-BIH
 * DS1 validation patients without F beats, say): {@link #macroF1} then counts that class as an F1
 * of 0, so a single such beat lowers it by a whole class's share (a mean over four classes instead
 * of three), and an epoch that happens to predict none scores much higher. {@link
 * #macroF1Reference} has no such step: the wrongly predicted beats cost through the recall of their
 * true class only.
 */
public record ValidationMetrics(
    double accuracy, double macroF1, double macroF1Reference, List<Double> recall, List<Double> precision, long beats) {

  /** Which classes a macro-F1 averages over ({@code training.early-stopping-f1-classes}). */
  public enum F1Classes {
    /** Classes with beats in the reference or in the predictions ({@link #macroF1}). */
    PRESENT,
    /** Classes with beats in the reference ({@link #macroF1Reference}). */
    REFERENCE;

    /** Parses a configuration value ({@code present} or {@code reference}, any case). */
    public static F1Classes parse(String key, String value) {
      return ConfigLoader.enumValue(key, value, F1Classes.class);
    }

    /** The value as the configuration spells it. */
    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The macro-F1 over {@code classes}. */
  public double macroF1(F1Classes classes) {
    return classes == F1Classes.REFERENCE ? macroF1Reference : macroF1;
  }

  public static ValidationMetrics of(long[][] confusion) {
    int k = confusion.length;
    long total = 0;
    long correct = 0;
    long[] truth = new long[k];
    long[] predicted = new long[k];
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        total += confusion[t][p];
        truth[t] += confusion[t][p];
        predicted[p] += confusion[t][p];
      }
      correct += confusion[t][t];
    }
    List<Double> recall = new ArrayList<>(k);
    List<Double> precision = new ArrayList<>(k);
    double f1Sum = 0;
    int f1Classes = 0;
    double f1SumReference = 0;
    int f1ClassesReference = 0;
    for (int c = 0; c < k; c++) {
      double r = truth[c] == 0 ? Double.NaN : (double) confusion[c][c] / truth[c];
      double p = predicted[c] == 0 ? Double.NaN : (double) confusion[c][c] / predicted[c];
      recall.add(r);
      precision.add(p);
      if (truth[c] > 0 || predicted[c] > 0) {
        double rr = Double.isNaN(r) ? 0 : r;
        double pp = Double.isNaN(p) ? 0 : p;
        double f1 = rr + pp == 0 ? 0 : 2 * rr * pp / (rr + pp);
        f1Sum += f1;
        f1Classes++;
        if (truth[c] > 0) {
          f1SumReference += f1;
          f1ClassesReference++;
        }
      }
    }
    double accuracy = total == 0 ? Double.NaN : (double) correct / total;
    double macroF1 = f1Classes == 0 ? Double.NaN : f1Sum / f1Classes;
    double macroF1Reference = f1ClassesReference == 0 ? Double.NaN : f1SumReference / f1ClassesReference;
    return new ValidationMetrics(accuracy, macroF1, macroF1Reference, recall, precision, total);
  }
}
