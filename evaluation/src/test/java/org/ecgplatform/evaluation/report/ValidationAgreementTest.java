package org.ecgplatform.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agreement of the early-stopping validation with the test: correlations per fold, and what
 * keeping each fold's seed by validation scores against the seeds themselves.
 */
class ValidationAgreementTest {
  private static final String HEADER = "record,reference,predicted,count,class_mapping\n";
  /** Test score 1.0: every S and V beat found, no false positive. */
  private static final String ALL = "mitdb/101,S,S,10,aami\nmitdb/101,V,V,10,aami\nmitdb/101,N,N,80,aami\n";
  /** Test score 0.8333: half the S beats found (SVEB F1 2/3), every V beat. */
  private static final String HALF = "mitdb/101,S,S,5,aami\nmitdb/101,S,N,5,aami\nmitdb/101,V,V,10,aami\nmitdb/101,N,N,80,aami\n";
  /** Test score 0.5: no S beat found. */
  private static final String NONE = "mitdb/101,S,N,10,aami\nmitdb/101,V,V,10,aami\nmitdb/101,N,N,80,aami\n";

  private static ValidationAgreement.Run run(String config, long seed, int fold, double val, String rows) {
    return new ValidationAgreement.Run(new CrossValidationSummary.Fold(config, seed, fold,
        CrossValidationSummary.parsePerRecord(HEADER + rows.replace("101", "1" + fold + "0"), "test")), 3, val);
  }

  @Test
  void perFoldTheCorrelationSaysWhetherValidationRanksTheModelsAsTheTestDoes() {
    List<ValidationAgreement.Run> runs = List.of(
        // Fold 0: validation ranks the models as the test does.
        run("a", 1, 0, 0.9, ALL), run("a", 2, 0, 0.5, HALF), run("b", 1, 0, 0.2, NONE),
        // Fold 1: the other way round.
        run("a", 1, 1, 0.2, ALL), run("a", 2, 1, 0.5, HALF), run("b", 1, 1, 0.9, NONE),
        // Fold 2: two models are too few for a correlation.
        run("a", 1, 2, 0.9, ALL), run("a", 2, 2, 0.5, NONE));

    List<List<?>> rows = ValidationAgreement.foldRows(runs);

    assertThat(rows).containsExactly(
        List.of(0, 3, "1.0000", "0.9631", "a", 1L, "1.0000", "0.8333"),
        List.of(1, 3, "-1.0000", "-0.9942", "b", 1L, "0.5000", "0.8333"),
        List.of(2, 2, "", "", "a", 1L, "1.0000", "0.7500"));
    assertThat(ValidationAgreement.runRows(runs).get(0)).isEqualTo(List.of("a", 1L, 0, 3, "0.9000", "1.0000"));
  }

  @Test
  void keepingEachFoldsSeedByValidationIsScoredOnTheFoldsEverySeedEvaluated() {
    List<ValidationAgreement.Run> runs = List.of(
        // Validation picks seed 1 on fold 0 (test 1.0) and seed 2 on fold 1 (test 0.5, the worse).
        run("a", 1, 0, 0.9, ALL), run("a", 2, 0, 0.5, NONE),
        run("a", 1, 1, 0.2, ALL), run("a", 2, 1, 0.5, NONE),
        // Fold 2 has one seed only: left out of picks and seeds alike.
        run("a", 1, 2, 0.9, NONE),
        // One seed: nothing to pick.
        run("b", 1, 0, 0.9, ALL));

    List<List<?>> rows = ValidationAgreement.pickRows(runs);

    // Picks pool ALL (fold 0) and NONE (fold 1): 20 S, 10 found: SVEB F1 2/3, score 0.8333. Seed 1
    // pools ALL twice (1.0), seed 2 NONE twice (0.5): mean 0.75.
    assertThat(rows).containsExactly(List.of("a", 2, "1 2", "0:1 1:2", "0.8333", "0.7500", "0.5000", "1.0000"));
  }
}
