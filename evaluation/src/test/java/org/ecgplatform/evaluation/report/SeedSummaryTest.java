package org.ecgplatform.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.evaluation.report.SeedSummary.Evaluation;
import org.ecgplatform.evaluation.report.SeedSummary.RecordRow;
import org.ecgplatform.evaluation.report.SeedSummary.Subset;
import org.junit.jupiter.api.Test;

/** The benchmark's figures over seeds: means without the ensembles, subsets, the per-record conventions. */
class SeedSummaryTest {
  private static final String HEADER = "record,reference,predicted,count,class_mapping\n";

  /** Record 232 holds 10 S beats, of which the model finds {@code found232}; record 100 holds 10 S and 10 V. */
  private static Evaluation ds2(String run, int found232, int found100) {
    return new Evaluation("ds2", run, run.startsWith("ensemble"), CrossValidationSummary.parsePerRecord(HEADER
        + "mitdb/232,S,S," + found232 + ",aami\n" + "mitdb/232,S,N," + (10 - found232) + ",aami\n" + "mitdb/232,N,N,80,aami\n"
        + "mitdb/100,S,S," + found100 + ",aami\n" + "mitdb/100,S,N," + (10 - found100) + ",aami\n"
        + "mitdb/100,V,V,10,aami\nmitdb/100,N,N,70,aami\n", run));
  }

  private static Map<String, String> stat(List<List<?>> rows, String subset, String figure) {
    List<?> row = rows.stream().filter(r -> r.get(1).equals(subset) && r.get(2).equals(figure)).findFirst().orElseThrow();
    return Map.of("seeds", row.get(3).toString(), "mean", row.get(4).toString(), "sd", row.get(5).toString(),
        "min", row.get(6).toString(), "max", row.get(7).toString(), "ci_low", row.get(8).toString(),
        "ci_high", row.get(9).toString(), "values", row.get(10).toString());
  }

  @Test
  void theMeanIsOverTheSeedsAloneAndAnEnsembleCountsInNone() {
    // SVEB Se over both records: seed1 (2 + 8) / 20 = 0.5, seed2 (4 + 8) / 20 = 0.6; the ensemble finds all.
    List<Evaluation> runs = List.of(ds2("seed1", 2, 8), ds2("seed2", 4, 8), ds2("ensemble-1_2", 10, 10));

    Map<String, String> se = stat(SeedSummary.statRows(runs, List.of(), SeedSummary.Resampling.NONE), "all", "svebSe");

    assertThat(se).containsEntry("seeds", "2").containsEntry("mean", "0.5500").containsEntry("sd", "0.0707")
        .containsEntry("min", "0.5000").containsEntry("max", "0.6000").containsEntry("values", "seed1=0.5000 seed2=0.6000");
    assertThat(SeedSummary.runRows(runs, List.of())).anySatisfy(r -> assertThat(List.<Object>copyOf(r.subList(0, 3))).containsExactly("ds2", "all", "ensemble-1_2"));
  }

  @Test
  void aSubsetLeavesItsRecordsOutOfEveryEvaluationAndTheWholeSetStaysAsItWas() {
    List<Evaluation> runs = List.of(ds2("seed1", 2, 8), ds2("seed2", 4, 6));
    Subset without = new Subset("ds2", "without 232", Set.of("232"), true);

    List<List<?>> rows = SeedSummary.statRows(runs, List.of(without), SeedSummary.Resampling.NONE);

    // without 232: record 100 alone, 8 / 10 and 6 / 10
    assertThat(stat(rows, "without 232", "svebSe")).containsEntry("mean", "0.7000").containsEntry("values", "seed1=0.8000 seed2=0.6000");
    assertThat(stat(rows, "without 232", "beats")).containsEntry("mean", "90");
    // the whole set: (2 + 8) / 20 and (4 + 6) / 20
    assertThat(stat(rows, "all", "svebSe")).containsEntry("mean", "0.5000").containsEntry("sd", "0.0000");
    assertThat(stat(rows, "all", "beats")).containsEntry("mean", "180");
    // a subset that keeps its records (the noise-stress pair)
    Subset only = new Subset("ds2", "232", Set.of("mitdb/232"), false);
    assertThat(stat(SeedSummary.statRows(runs, List.of(only), SeedSummary.Resampling.NONE), "232", "svebSe")).containsEntry("values", "seed1=0.2000 seed2=0.4000");
  }

  @Test
  void aSubsetNamingARecordNoEvaluationHoldsFails() {
    List<Evaluation> runs = List.of(ds2("seed1", 2, 8));

    assertThatThrownBy(() -> SeedSummary.requireRecords(runs, List.of(new Subset("ds2", "without 23", Set.of("23"), true))))
        .isInstanceOf(EcgPlatformException.class).hasMessageContaining("holds record '23'").hasMessageContaining("mitdb/232");
    assertThatThrownBy(() -> SeedSummary.requireRecords(runs, List.of(new Subset("nstdb", "118e12", Set.of("118e12"), false))))
        .hasMessageContaining("no evaluation of set 'nstdb'");
  }

  @Test
  void perRecordSeAndPpvAreOverTheSeedsThatDefineThem() {
    // 105: no S beat; seed1 calls one N beat S (+P 0), seed2 calls none (+P undefined). No V called by anyone.
    Evaluation seed1 = new Evaluation("ds2", "seed1", false, CrossValidationSummary.parsePerRecord(HEADER
        + "mitdb/105,V,V,3,aami\nmitdb/105,V,N,1,aami\nmitdb/105,N,S,1,aami\nmitdb/105,N,N,50,aami\nmitdb/101,N,N,50,aami\n", "s1"));
    Evaluation seed2 = new Evaluation("ds2", "seed2", false, CrossValidationSummary.parsePerRecord(HEADER
        + "mitdb/105,V,V,4,aami\nmitdb/105,N,N,51,aami\nmitdb/101,N,N,50,aami\n", "s2"));

    List<RecordRow> rows = SeedSummary.recordRows(List.of(seed1, seed2, new Evaluation("ds2", "ensemble-1_2", true, Map.of())));

    assertThat(rows).hasSize(1); // 101 holds neither S nor V beats
    RecordRow r = rows.get(0);
    assertThat(r.record()).isEqualTo("mitdb/105");
    assertThat(r.sBeats()).isZero();
    assertThat(r.vBeats()).isEqualTo(4);
    assertThat(r.seeds()).isEqualTo(2);
    assertThat(r.svebSe().cell()).isEqualTo("–");
    assertThat(r.svebPpv().n()).isEqualTo(1);
    assertThat(r.svebPpv().cell()).isEqualTo("0.0");
    assertThat(r.vebSe().cell()).isEqualTo("87.5 ± 17.7");
    assertThat(r.vebPpv().cell()).isEqualTo("100.0 ± 0.0");
  }

  @Test
  void evaluationsOfDifferentDatasetsAreRefused() {
    Evaluation a = ds2("seed1", 2, 8);
    Evaluation b = new Evaluation("ds2", "seed2", false,
        CrossValidationSummary.parsePerRecord(HEADER + "mitdb/232,S,S,3,aami\nmitdb/232,N,N,80,aami\n", "b"));

    assertThatThrownBy(() -> SeedSummary.recordRows(List.of(a, b)))
        .isInstanceOf(EcgPlatformException.class).hasMessageContaining("mitdb/232").hasMessageContaining("different reference beats");
  }

  @Test
  void theMarkdownShowsPercentsAndF1AsTheResultsPageDoes() {
    String md = SeedSummary.markdown(List.of(ds2("seed1", 2, 8), ds2("seed2", 4, 8), ds2("ensemble-1_2", 10, 10)),
        List.of(new Subset("ds2", "without 232", Set.of("232"), true)), SeedSummary.Resampling.NONE);

    assertThat(md).contains("## ds2: 2 seeds and 1 ensemble (gross EC57 statistics)")
        .contains("| figure | mean ± sd | range | seed1 | seed2 | ensemble-1_2 |")
        .contains("| SVEB Se % | 55.0 ± 7.1 | 50.0–60.0 | 50.0 | 60.0 | 100.0 |")
        .contains("## ds2, without 232: 2 seeds and 1 ensemble")
        .contains("| SVEB Se % | 80.0 ± 0.0 | 80.0–80.0 | 80.0 | 80.0 | 100.0 |")
        .contains("| mitdb/232 | 10 | 0 | 30.0 ± 14.1 | 100.0 ± 0.0 | – | – |");
  }
  @Test
  void theIntervalOverRecordsIsAsWideAsTheRecordsDisagree() {
    // Two seeds; record 232 holds 10 S beats of which 2 / 4 are found, record 100 10 of which 8 are found.
    List<Evaluation> runs = List.of(ds2("seed1", 2, 8), ds2("seed2", 4, 8));

    Map<String, RecordBootstrap.Interval> ci = SeedSummary.bootstrap(runs, null, 4000);

    // A draw of the two records is 232 twice (Se 0.3 over the seeds), 100 twice (0.8) or one of each (0.55).
    assertThat(ci.get("svebSe").low()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ci.get("svebSe").high()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
    // Every draw has VEB beats only in 100, where all are found: no spread at all.
    assertThat(ci.get("vebSe")).isEqualTo(new RecordBootstrap.Interval(1.0, 1.0));
    // The same draws every time.
    assertThat(SeedSummary.bootstrap(runs, null, 4000)).isEqualTo(ci);
    assertThat(SeedSummary.bootstrap(runs, null, 0)).isEmpty();
  }

  @Test
  void drawsWhereAFigureIsUndefinedAreLeftOut() {
    // Records 100 and 101 find all their S beats; record 102 has none. A draw of 102 alone has no Se.
    Evaluation e = new Evaluation("ds2", "seed1", false, CrossValidationSummary.parsePerRecord(HEADER
        + "mitdb/100,S,S,5,aami\nmitdb/101,S,S,3,aami\nmitdb/102,N,N,9,aami\n", "e"));

    RecordBootstrap.Interval se = SeedSummary.bootstrap(List.of(e), null, 2000).get("svebSe");

    assertThat(se).isEqualTo(new RecordBootstrap.Interval(1.0, 1.0));
  }

  @Test
  void quantilesInterpolateBetweenNeighbours() {
    double[] sorted = {0, 1, 2, 3, 4};
    assertThat(RecordBootstrap.quantile(sorted, 0.0)).isEqualTo(0.0);
    assertThat(RecordBootstrap.quantile(sorted, 0.5)).isEqualTo(2.0);
    assertThat(RecordBootstrap.quantile(sorted, 0.975)).isEqualTo(3.9, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(RecordBootstrap.quantile(sorted, 1.0)).isEqualTo(4.0);
  }
}
