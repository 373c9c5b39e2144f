package org.ecgplatform.evaluation.metrics;

import static org.ecgplatform.evaluation.metrics.BeatClass.F;
import static org.ecgplatform.evaluation.metrics.BeatClass.N;
import static org.ecgplatform.evaluation.metrics.BeatClass.O;
import static org.ecgplatform.evaluation.metrics.BeatClass.Q;
import static org.ecgplatform.evaluation.metrics.BeatClass.S;
import static org.ecgplatform.evaluation.metrics.BeatClass.V;
import static org.ecgplatform.evaluation.metrics.BeatClass.X;

import java.util.List;
import java.util.function.Function;

/**
 * The statistics of a beat-by-beat comparison, defined on a {@link MatchMatrix} as PhysioNet's
 * {@code bxb} (per record) and {@code sumstats} (gross and average over records) compute them.
 *
 * <pre>
 * QRS:  TP = {N,S,V,F,Q} x {n,s,v,f,q}    FN = {N,S,V,F,Q} x {o,x}    FP = {O,X} x {n,s,v,f,q}
 * VEB:  TP = Vv    FN = Vn+Vs+Vf+Vq+Vo+Vx    FP = Nv+Sv+Ov+Xv
 *       TN = {N,S,F,Q,O,X} x {n,s,f,q}        (Fv and Qv are neither FP nor TN)
 * SVEB: TP = Ss    FN = Sn+Sv+Sf+Sq+So+Sx    FP = Ns+Vs+Fs+Os+Xs   (Qs is not a false positive)
 * Se = TP/(TP+FN)   +P = TP/(TP+FP)   FPR = FP/(TN+FP)
 * </pre>
 *
 * <p>One quirk of the reference tools is kept: {@code sumstats} computes SVEB +P (gross and each
 * record's term of the average) from bxb's line-format columns as Ss/(Ns+Ss+Vs+Os'), without the
 * {@code Fs'} column, while bxb's per-record figure counts Fs as a false positive. {@link
 * #summaryOf} gives the sumstats form, {@link #of} the bxb form; they differ only when a reference
 * F or Q beat was called S.
 */
public enum DetectionStatistic {
  QRS_SE("qrsSe", "QRS sensitivity", m -> new Ratio(qrsTp(m), qrsTp(m) + m.sum(BeatClass.BEATS, BeatClass.PSEUDO))),
  QRS_PPV("qrsPpv", "QRS positive predictivity", m -> new Ratio(qrsTp(m), qrsTp(m) + m.sum(BeatClass.PSEUDO, BeatClass.BEATS))),
  VEB_SE("vebSe", "VEB sensitivity", m -> new Ratio(m.count(V, V), m.referenceTotal(V))),
  VEB_PPV("vebPpv", "VEB positive predictivity", m -> new Ratio(m.count(V, V), m.count(V, V) + m.sum(List.of(N, S, O, X), List.of(V)))),
  VEB_FPR("vebFpr", "VEB false positive rate", m -> {
    long fp = m.sum(List.of(N, S, O, X), List.of(V));
    long tn = m.sum(List.of(N, S, F, Q, O, X), List.of(N, S, F, Q));
    return new Ratio(fp, tn + fp);
  }),
  SVEB_SE("svebSe", "SVEB sensitivity", m -> new Ratio(m.count(S, S), m.referenceTotal(S))),
  SVEB_PPV("svebPpv", "SVEB positive predictivity", m -> new Ratio(m.count(S, S), m.count(S, S) + m.sum(List.of(N, V, F, O, X), List.of(S))));

  private final String metricName;
  private final String label;
  private final Function<MatchMatrix, Ratio> formula;

  DetectionStatistic(String metricName, String label, Function<MatchMatrix, Ratio> formula) {
    this.metricName = metricName;
    this.label = label;
    this.formula = formula;
  }

  private static long qrsTp(MatchMatrix m) {
    return m.sum(BeatClass.BEATS, BeatClass.BEATS);
  }

  /** Name in metrics files and the history ({@code qrsSe}, {@code vebPpv} …). */
  public String metricName() {
    return metricName;
  }

  /** Words as bxb prints them ("QRS sensitivity"). */
  public String label() {
    return label;
  }

  /** The statistic as bxb computes it for one record. */
  public Ratio of(MatchMatrix m) {
    return formula.apply(m);
  }

  /** The statistic as {@code sumstats} computes it from bxb's line-format columns (see the class comment). */
  public Ratio summaryOf(MatchMatrix m) {
    if (this == SVEB_PPV) {
      long ss = m.count(S, S);
      return new Ratio(ss, ss + m.sum(List.of(N, V, O, X), List.of(S)));
    }
    return of(m);
  }
}
