package org.ecgplatform.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.ecgplatform.etl.beats.AamiClass;
import org.junit.jupiter.api.Test;

/**
 * EC57 arithmetic on a matrix counted by hand. Rows are the reference class, columns the predicted
 * class (bxb: upper-case reference, lower-case test).
 *
 * <pre>
 *        n    s    v    f    q   | row
 *   N  900   10    5    3    2   | 920
 *   S   20   60    4    1    0   |  85
 *   V    8    2   70    6    1   |  87
 *   F    5    1    9   12    0   |  27
 *   Q    3    2    4    0    6   |  15
 *  col 936   75   92   22    9   | 1134
 * </pre>
 */
class Ec57StatisticsTest {

  static final ConfusionMatrix HAND =
      ConfusionMatrix.of(
          new long[][] {
            {900, 10, 5, 3, 2},
            {20, 60, 4, 1, 0},
            {8, 2, 70, 6, 1},
            {5, 1, 9, 12, 0},
            {3, 2, 4, 0, 6}
          });

  @Test
  void vebCountsExcludeReferenceFusionAndUnknownCalledV() {
    Ec57Statistics.Detection veb = Ec57Statistics.of(HAND).veb();
    // TP = Vv = 70
    assertThat(veb.truePositives()).isEqualTo(70);
    // FN = Vn + Vs + Vf + Vq = 8 + 2 + 6 + 1 = 17
    assertThat(veb.falseNegatives()).isEqualTo(17);
    // FP = Nv + Sv = 5 + 4 = 9   (Fv = 9 and Qv = 4 are NOT false positives)
    assertThat(veb.falsePositives()).isEqualTo(9);
    // TN = {N,S,F,Q} x {n,s,f,q} = (900+10+3+2) + (20+60+1+0) + (5+1+12+0) + (3+2+0+6)
    //    = 915 + 81 + 18 + 11 = 1025  (= 1047 reference non-V - Nv 5 - Sv 4 - Fv 9 - Qv 4)
    assertThat(veb.trueNegatives()).isEqualTo(1025);
    // Se = 70 / (70 + 17) = 70/87; +P = 70 / (70 + 9) = 70/79; FPR = 9 / (1025 + 9) = 9/1034
    assertThat(veb.sensitivity()).isEqualTo(new Ratio(70, 87));
    assertThat(veb.positivePredictivity()).isEqualTo(new Ratio(70, 79));
    assertThat(veb.falsePositiveRate()).isEqualTo(new Ratio(9, 1034));
    assertThat(veb.sensitivity().value()).isCloseTo(0.804598, within(1e-6));
    assertThat(veb.positivePredictivity().value()).isCloseTo(0.886076, within(1e-6));
    assertThat(veb.falsePositiveRate().value()).isCloseTo(0.008704, within(1e-6));
  }

  @Test
  void svebCountsExcludeReferenceUnknown() {
    Ec57Statistics.Detection sveb = Ec57Statistics.of(HAND).sveb();
    // TP = Ss = 60
    assertThat(sveb.truePositives()).isEqualTo(60);
    // FN = Sn + Sv + Sf + Sq = 20 + 4 + 1 + 0 = 25
    assertThat(sveb.falseNegatives()).isEqualTo(25);
    // FP = Ns + Vs + Fs = 10 + 2 + 1 = 13   (Qs = 2 is NOT a false positive)
    assertThat(sveb.falsePositives()).isEqualTo(13);
    // TN = {N,V,F} x {n,v,f,q} = (900+5+3+2) + (8+70+6+1) + (5+9+12+0) = 910 + 85 + 26 = 1021
    assertThat(sveb.trueNegatives()).isEqualTo(1021);
    // Se = 60/85, +P = 60/73, FPR = 13/1034
    assertThat(sveb.sensitivity()).isEqualTo(new Ratio(60, 85));
    assertThat(sveb.positivePredictivity()).isEqualTo(new Ratio(60, 73));
    assertThat(sveb.falsePositiveRate()).isEqualTo(new Ratio(13, 1034));
  }

  @Test
  void classificationMetricsMatchHandComputation() {
    ClassificationMetrics c = ClassificationMetrics.of(HAND);
    // accuracy = (900 + 60 + 70 + 12 + 6) / 1134 = 1048/1134
    assertThat(c.accuracy()).isCloseTo(1048.0 / 1134, within(1e-12));
    // N: precision 900/936, recall 900/920, F1 = 2*900/(920+936) = 1800/1856
    assertThat(c.of(AamiClass.N).precision()).isCloseTo(900.0 / 936, within(1e-12));
    assertThat(c.of(AamiClass.N).recall()).isCloseTo(900.0 / 920, within(1e-12));
    assertThat(c.of(AamiClass.N).f1()).isCloseTo(1800.0 / 1856, within(1e-12));
    // S: F1 = 120/(85+75) = 0.75; V: 140/(87+92); F: 24/(27+22); Q: 12/(15+9) = 0.5
    assertThat(c.of(AamiClass.S).f1()).isCloseTo(0.75, within(1e-12));
    assertThat(c.of(AamiClass.V).f1()).isCloseTo(140.0 / 179, within(1e-12));
    assertThat(c.of(AamiClass.F).f1()).isCloseTo(24.0 / 49, within(1e-12));
    assertThat(c.of(AamiClass.Q).f1()).isCloseTo(0.5, within(1e-12));
    assertThat(c.of(AamiClass.F).support()).isEqualTo(27);
    assertThat(c.of(AamiClass.F).predicted()).isEqualTo(22);
    assertThat(c.macroF1())
        .isCloseTo((1800.0 / 1856 + 0.75 + 140.0 / 179 + 24.0 / 49 + 0.5) / 5, within(1e-12));
    // kappa: p_e = (920*936 + 85*75 + 87*92 + 27*22 + 15*9) / 1134^2 = 876228 / 1285956
    //        kappa = (1048*1134 - 876228) / (1134^2 - 876228) = 312204 / 409728 = 0.76198
    assertThat(c.kappa()).isCloseTo(312204.0 / 409728, within(1e-12));
    assertThat(c.kappa()).isCloseTo(0.76198, within(1e-5));
  }

  @Test
  void grossPoolsBeatsWhileAverageWeighsRecordsWhereDefined() {
    // A: 10 V beats, 9 found; 50 N, none called V.  Se 9/10, +P 9/9, FPR 0/50
    ConfusionMatrix a = new ConfusionMatrix().add(2, 2, 9).add(2, 0, 1).add(0, 0, 50);
    // B: 2 V beats, 1 found; 32 N, 2 called V.        Se 1/2, +P 1/3, FPR 2/32
    ConfusionMatrix b = new ConfusionMatrix().add(2, 2, 1).add(2, 0, 1).add(0, 0, 30).add(0, 2, 2);
    // C: 40 N only.                                     Se -, +P -, FPR 0/40
    ConfusionMatrix c = new ConfusionMatrix().add(0, 0, 40);
    EvaluationMetrics m = EvaluationMetrics.compute(Map.of("mitdb/c", c, "mitdb/a", a, "mitdb/b", b));

    // gross Se = (9 + 1) / (10 + 2) = 10/12; average Se = (0.9 + 0.5) / 2 = 0.7 over 2 records (C undefined)
    assertThat(m.gross().veb().sensitivity()).isEqualTo(new Ratio(10, 12));
    assertThat(m.average().get("vebSe")).isEqualTo(new EvaluationMetrics.Average(0.7, 2));
    // gross +P = 10 / (10 + 2) ; average +P = (1 + 1/3) / 2 = 2/3
    assertThat(m.gross().veb().positivePredictivity()).isEqualTo(new Ratio(10, 12));
    assertThat(m.average().get("vebPpv").mean()).isCloseTo(2.0 / 3, within(1e-12));
    // gross FPR = 2 / (50 + 32 + 40) = 2/122 ; average FPR = (0 + 2/32 + 0) / 3, all 3 records define it
    assertThat(m.gross().veb().falsePositiveRate()).isEqualTo(new Ratio(2, 122));
    assertThat(m.average().get("vebFpr").mean()).isCloseTo((2.0 / 32) / 3, within(1e-12));
    assertThat(m.average().get("vebFpr").records()).isEqualTo(3);
    // no S beat anywhere: SVEB Se is undefined in every record and in the pool
    assertThat(m.average().get("svebSe")).isEqualTo(new EvaluationMetrics.Average(Double.NaN, 0));
    assertThat(m.gross().sveb().sensitivity().isDefined()).isFalse();
    assertThat(m.flat().get("svebSe")).isNaN();
    assertThat(m.flat().get("avgVebSe")).isCloseTo(0.7, within(1e-12));
    // beats = A (9+1+50) + B (1+1+30+2) + C 40 = 60 + 34 + 40
    assertThat(m.beats()).isEqualTo(134);
    assertThat(m.perRecord().keySet()).containsExactly("mitdb/a", "mitdb/b", "mitdb/c");
  }

  @Test
  void emptyMatrixLeavesEveryStatisticUndefined() {
    ConfusionMatrix empty = new ConfusionMatrix();
    Ec57Statistics s = Ec57Statistics.of(empty);
    assertThat(s.veb().sensitivity().value()).isNaN();
    assertThat(s.veb().falsePositiveRate().isDefined()).isFalse();
    ClassificationMetrics c = ClassificationMetrics.of(empty);
    assertThat(c.accuracy()).isNaN();
    assertThat(c.macroF1()).isNaN();
    assertThat(c.kappa()).isNaN();
    assertThat(c.of(AamiClass.V).precision()).isNaN();
  }

  @Test
  void perfectAgreementOnOneClassHasUndefinedKappa() {
    // p_e = 1: kappa = 0/0
    ClassificationMetrics c = ClassificationMetrics.of(new ConfusionMatrix().add(0, 0, 10));
    assertThat(c.accuracy()).isEqualTo(1.0);
    assertThat(c.kappa()).isNaN();
    // only N occurs: macro-F1 is the mean over the one class that is defined
    assertThat(c.macroF1()).isEqualTo(1.0);
  }
}
