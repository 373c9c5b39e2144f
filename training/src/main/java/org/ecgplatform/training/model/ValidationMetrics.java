package org.ecgplatform.training.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-epoch validation figures from a confusion matrix ({@code confusion[true][predicted]}):
 * accuracy, per-class recall (sensitivity) and precision (positive predictivity), and macro-F1,
 * the mean F1 over the classes that occur in the reference or in the predictions (a class absent
 * from both is left out rather than counted as 0 or 1).
 */
public record ValidationMetrics(double accuracy, double macroF1, List<Double> recall, List<Double> precision, long beats) {

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
    for (int c = 0; c < k; c++) {
      double r = truth[c] == 0 ? Double.NaN : (double) confusion[c][c] / truth[c];
      double p = predicted[c] == 0 ? Double.NaN : (double) confusion[c][c] / predicted[c];
      recall.add(r);
      precision.add(p);
      if (truth[c] > 0 || predicted[c] > 0) {
        double rr = Double.isNaN(r) ? 0 : r;
        double pp = Double.isNaN(p) ? 0 : p;
        f1Sum += rr + pp == 0 ? 0 : 2 * rr * pp / (rr + pp);
        f1Classes++;
      }
    }
    double accuracy = total == 0 ? Double.NaN : (double) correct / total;
    double macroF1 = f1Classes == 0 ? Double.NaN : f1Sum / f1Classes;
    return new ValidationMetrics(accuracy, macroF1, recall, precision, total);
  }
}
