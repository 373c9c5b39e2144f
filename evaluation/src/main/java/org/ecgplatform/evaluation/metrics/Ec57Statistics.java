package org.ecgplatform.evaluation.metrics;

import static org.ecgplatform.etl.beats.AamiClass.F;
import static org.ecgplatform.etl.beats.AamiClass.N;
import static org.ecgplatform.etl.beats.AamiClass.Q;
import static org.ecgplatform.etl.beats.AamiClass.S;
import static org.ecgplatform.etl.beats.AamiClass.V;

import java.io.Serializable;
import java.util.List;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * Beat-classification statistics of ANSI/AAMI EC57:2012 ("Testing and reporting performance
 * results of cardiac rhythm and ST segment measurement algorithms"), computed from one {@link
 * ConfusionMatrix} exactly as PhysioNet's reference comparator {@code bxb} tallies them.
 *
 * <p>Notation follows bxb: the first (upper-case) letter is the reference class, the second
 * (lower-case) the class the algorithm gave, so {@code Fv} is a reference fusion beat called
 * ventricular. bxb additionally has the pseudo-classes O (no matching beat) and X (beat in a
 * shutdown period); this platform classifies the reference beats themselves, so every O and X cell
 * is zero and QRS detection sensitivity / positive predictivity are 100% by construction (they are
 * not reported).
 *
 * <h2>VEB (ventricular ectopic beat) detection</h2>
 *
 * <pre>
 * TP = Vv
 * FN = Vn + Vs + Vf + Vq                   (every reference V not called V; bxb adds Vo + Vx)
 * FP = Nv + Sv                             (bxb adds Ov + Xv)
 * TN = {N,S,F,Q} x {n,s,f,q}               (16 cells: reference non-V, called non-V)
 * Se  = TP / (TP + FN)
 * +P  = TP / (TP + FP)
 * FPR = FP / (TN + FP)
 * </pre>
 *
 * <p>Reference fusion (F) and unclassifiable/paced (Q) beats called V ({@code Fv}, {@code Qv}) are
 * neither false positives nor true negatives: EC57 does not penalise calling a fusion beat
 * ventricular. They are excluded from every VEB statistic. Reference F and Q beats called anything
 * else count as true negatives, so the FPR denominator is all reference non-V beats except {@code
 * Fv} and {@code Qv}.
 *
 * <h2>SVEB (supraventricular ectopic beat) detection</h2>
 *
 * <pre>
 * TP = Ss
 * FN = Sn + Sv + Sf + Sq                   (bxb adds So + Sx)
 * FP = Ns + Vs + Fs                        (bxb adds Os + Xs)
 * TN = {N,V,F} x {n,v,f,q}                 (12 cells)
 * Se, +P, FPR as for VEB
 * </pre>
 *
 * <p>Reference Q beats are excluded from the SVEB statistics ({@code Qs} is not a false positive,
 * and Q rows are not negatives), as in bxb. bxb prints no SVEB FPR; it is defined here by analogy
 * with the VEB FPR (same TN construction with S in the place of V and Q excluded).
 *
 * <p>A statistic whose denominator is zero is undefined ({@link Ratio#isDefined()} false), as bxb
 * prints "-".
 *
 * @param veb ventricular ectopic beat detection counts
 * @param sveb supraventricular ectopic beat detection counts
 */
public record Ec57Statistics(Detection veb, Detection sveb) implements Serializable {

  private static final List<AamiClass> NOT_V = List.of(N, S, F, Q);
  private static final List<AamiClass> NOT_S = List.of(N, V, F, Q);

  /**
   * The four tallies of one detection task and the statistics EC57 derives from them.
   *
   * @param truePositives reference positives called positive
   * @param falseNegatives reference positives called anything else
   * @param falsePositives reference negatives (less the excluded classes) called positive
   * @param trueNegatives reference negatives (less the excluded classes) called negative
   */
  public record Detection(long truePositives, long falseNegatives, long falsePositives, long trueNegatives)
      implements Serializable {

    /** Sensitivity Se = TP / (TP + FN). */
    public Ratio sensitivity() {
      return new Ratio(truePositives, truePositives + falseNegatives);
    }

    /** Positive predictivity +P = TP / (TP + FP). */
    public Ratio positivePredictivity() {
      return new Ratio(truePositives, truePositives + falsePositives);
    }

    /** False positive rate FPR = FP / (TN + FP). */
    public Ratio falsePositiveRate() {
      return new Ratio(falsePositives, trueNegatives + falsePositives);
    }
  }

  /** The EC57 statistics of one matrix (one record, or a pooled "gross" matrix). */
  public static Ec57Statistics of(ConfusionMatrix m) {
    Detection veb =
        new Detection(
            m.count(V, V),
            m.sum(List.of(V), NOT_V),
            m.sum(List.of(N, S), List.of(V)),
            m.sum(NOT_V, NOT_V));
    Detection sveb =
        new Detection(
            m.count(S, S),
            m.sum(List.of(S), NOT_S),
            m.sum(List.of(N, V, F), List.of(S)),
            m.sum(List.of(N, V, F), NOT_S));
    return new Ec57Statistics(veb, sveb);
  }
}
