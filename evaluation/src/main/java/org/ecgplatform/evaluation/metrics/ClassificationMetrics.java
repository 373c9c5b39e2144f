package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * Multi-class summary statistics of a {@link ConfusionMatrix} that complement EC57: accuracy,
 * per-class precision / recall / F1, macro-averaged F1 and Cohen's kappa (Cohen, "A coefficient of
 * agreement for nominal scales", Educ. Psychol. Meas. 20(1), 1960).
 *
 * <ul>
 *   <li>accuracy = trace / total;
 *   <li>precision(c) = M[c][c] / column sum; recall(c) = M[c][c] / row sum;
 *   <li>F1(c) = 2·M[c][c] / (row sum + column sum), undefined only when the class occurs neither in
 *       the reference nor in the predictions;
 *   <li>macro-F1 = mean of F1 over the classes where it is defined;
 *   <li>kappa = (p_o − p_e) / (1 − p_e), p_o = accuracy, p_e = Σ_c row(c)·column(c) / total²;
 *       undefined when total is 0 or p_e = 1.
 * </ul>
 *
 * Undefined values are {@code NaN}.
 *
 * @param total beats counted
 * @param accuracy fraction of beats on the diagonal
 * @param perClass statistics per AAMI class, in label-index order
 * @param macroF1 mean F1 over classes where F1 is defined
 * @param kappa Cohen's kappa
 */
public record ClassificationMetrics(
    long total, double accuracy, List<PerClass> perClass, double macroF1, double kappa) implements Serializable {

  /**
   * Statistics of one class.
   *
   * @param aamiClass the class
   * @param support reference beats of the class (row sum)
   * @param predicted beats predicted as the class (column sum)
   * @param precision TP / predicted
   * @param recall TP / support
   * @param f1 2·TP / (support + predicted)
   */
  public record PerClass(AamiClass aamiClass, long support, long predicted, double precision, double recall, double f1)
      implements Serializable {}

  public ClassificationMetrics {
    perClass = List.copyOf(perClass);
  }

  public static ClassificationMetrics of(ConfusionMatrix m) {
    long total = m.total();
    List<PerClass> per = new ArrayList<>();
    double f1Sum = 0;
    int f1Count = 0;
    double expectedAgreement = 0;
    for (AamiClass c : AamiClass.values()) {
      long tp = m.count(c, c);
      long row = m.referenceTotal(c);
      long col = m.predictedTotal(c);
      double f1 = quotient(2.0 * tp, row + col);
      per.add(new PerClass(c, row, col, quotient(tp, col), quotient(tp, row), f1));
      if (!Double.isNaN(f1)) {
        f1Sum += f1;
        f1Count++;
      }
      if (total > 0) {
        expectedAgreement += ((double) row / total) * ((double) col / total);
      }
    }
    double accuracy = quotient(m.correct(), total);
    double kappa = total == 0 || expectedAgreement >= 1.0 ? Double.NaN : (accuracy - expectedAgreement) / (1.0 - expectedAgreement);
    return new ClassificationMetrics(total, accuracy, per, f1Count == 0 ? Double.NaN : f1Sum / f1Count, kappa);
  }

  public PerClass of(AamiClass c) {
    return perClass.get(c.ordinal());
  }

  private static double quotient(double a, double b) {
    return b > 0 ? a / b : Double.NaN;
  }
}
