package org.ecgplatform.evaluation.report;

import static org.ecgplatform.evaluation.metrics.BeatClass.F;
import static org.ecgplatform.evaluation.metrics.BeatClass.N;
import static org.ecgplatform.evaluation.metrics.BeatClass.O;
import static org.ecgplatform.evaluation.metrics.BeatClass.Q;
import static org.ecgplatform.evaluation.metrics.BeatClass.S;
import static org.ecgplatform.evaluation.metrics.BeatClass.V;
import static org.ecgplatform.evaluation.metrics.BeatClass.X;

import java.util.List;
import org.ecgplatform.evaluation.metrics.BeatClass;
import org.ecgplatform.evaluation.metrics.MatchMatrix;

/**
 * The 19 count columns of bxb's line-format report with SVEB statistics ({@code bxb -L}, AAMI
 * EC57's table layout), each a sum of {@link MatchMatrix} cells. A primed name sums several
 * cells: Q rows join F, q columns join n, X rows join O and x columns join o ({@code Fn'} = Fn + Ff
 * + Fq + Qn + Qf + Qq).
 */
public enum BxbLineColumn {
  NN("Nn'", List.of(N), List.of(N, F, Q), 5),
  SN("Sn'", List.of(S), List.of(N, F, Q), 3),
  VN("Vn'", List.of(V), List.of(N, F, Q), 3),
  FN("Fn'", List.of(F, Q), List.of(N, F, Q), 3),
  ON("On'", List.of(O, X), List.of(N, F, Q), 3),
  NS("Ns", List.of(N), List.of(S), 3),
  SS("Ss", List.of(S), List.of(S), 3),
  VS("Vs", List.of(V), List.of(S), 3),
  FS("Fs'", List.of(F, Q), List.of(S), 3),
  OS("Os'", List.of(O, X), List.of(S), 3),
  NV("Nv", List.of(N), List.of(V), 3),
  SV("Sv", List.of(S), List.of(V), 3),
  VV("Vv", List.of(V), List.of(V), 4),
  FV("Fv'", List.of(F, Q), List.of(V), 3),
  OV("Ov'", List.of(O, X), List.of(V), 3),
  NO("No'", List.of(N), List.of(O, X), 3),
  SO("So'", List.of(S), List.of(O, X), 3),
  VO("Vo'", List.of(V), List.of(O, X), 3),
  FO("Fo'", List.of(F, Q), List.of(O, X), 3);

  private final String heading;
  private final List<BeatClass> references;
  private final List<BeatClass> tests;
  private final int width;

  BxbLineColumn(String heading, List<BeatClass> references, List<BeatClass> tests, int width) {
    this.heading = heading;
    this.references = references;
    this.tests = tests;
    this.width = width;
  }

  /** bxb's column heading ("Nn'", "Vv" …). */
  public String heading() {
    return heading;
  }

  /** The column's count in a matrix. */
  public long of(MatchMatrix m) {
    return m.sum(references, tests);
  }

  /** Printed width in bxb's rows. */
  int width() {
    return width;
  }
}
