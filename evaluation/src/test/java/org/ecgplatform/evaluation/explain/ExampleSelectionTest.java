package org.ecgplatform.evaluation.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.beats.AamiClass;
import org.junit.jupiter.api.Test;

/** Choice of cells and examples: most frequent cells, examples spread over records and over time, deterministic. */
class ExampleSelectionTest {
  private static final ConfusionCell S_N = new ConfusionCell(AamiClass.S, AamiClass.N);
  private static final ConfusionCell N_S = new ConfusionCell(AamiClass.N, AamiClass.S);
  private static final ConfusionCell V_N = new ConfusionCell(AamiClass.V, AamiClass.N);

  private static ErrorBeat beat(String record, int i, AamiClass ref, AamiClass pred) {
    return new ErrorBeat("mitdb", record, 1000L * i, i, ref, pred, new float[5]);
  }

  /** 232: 30 S>N, 222: 5 S>N, 209: 2 S>N, 100: 1 S>N; 10 N>S in 209; 3 V>N in 208. */
  private static List<ErrorBeat> errors() {
    List<ErrorBeat> e = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      e.add(beat("232", i, AamiClass.S, AamiClass.N));
    }
    for (int i = 0; i < 5; i++) {
      e.add(beat("222", 100 + i, AamiClass.S, AamiClass.N));
    }
    e.add(beat("209", 7, AamiClass.S, AamiClass.N));
    e.add(beat("209", 8, AamiClass.S, AamiClass.N));
    e.add(beat("100", 3, AamiClass.S, AamiClass.N));
    for (int i = 0; i < 10; i++) {
      e.add(beat("209", 200 + i, AamiClass.N, AamiClass.S));
    }
    for (int i = 0; i < 3; i++) {
      e.add(beat("208", i, AamiClass.V, AamiClass.N));
    }
    return e;
  }

  @Test
  void theMostFrequentCellsComeFirstAndRequestedCellsKeepTheirOrder() {
    assertThat(ExampleSelection.cells(errors(), List.of(), 2)).containsExactly(S_N, N_S);
    assertThat(ExampleSelection.cells(errors(), List.of(), 10)).containsExactly(S_N, N_S, V_N);
    assertThat(ExampleSelection.cells(errors(), List.of(V_N, new ConfusionCell(AamiClass.F, AamiClass.N)), 2))
        .containsExactly(V_N, new ConfusionCell(AamiClass.F, AamiClass.N));
    assertThat(ExampleSelection.counts(errors())).containsEntry(S_N, 38L).containsEntry(N_S, 10L).containsEntry(V_N, 3L);
  }

  @Test
  void examplesComeFromDifferentRecordsBeforeAnyRecordGivesTwo() {
    Map<ConfusionCell, List<ErrorBeat>> picked = ExampleSelection.examples(errors(), List.of(S_N, V_N, N_S), 4);
    // Four records hold S>N: one example each, the record with most errors first.
    assertThat(picked.get(S_N)).extracting(ErrorBeat::record).containsExactly("232", "222", "209", "100");
    // A fifth and sixth example: the records with most errors give a second one.
    List<ErrorBeat> six = ExampleSelection.examples(errors(), List.of(S_N), 6).get(S_N);
    assertThat(six).extracting(ErrorBeat::record).containsExactly("232", "232", "222", "222", "209", "100");
    // One record only: its beats spread over its time, not its first four.
    assertThat(picked.get(N_S)).extracting(ErrorBeat::sample).containsExactly(201_000L, 203_000L, 206_000L, 208_000L);
    assertThat(picked.get(V_N)).hasSize(3);
    assertThat(ExampleSelection.examples(errors(), List.of(new ConfusionCell(AamiClass.F, AamiClass.Q)), 4).values())
        .containsExactly(List.of());
    List<ErrorBeat> errors = errors();
    assertThat(ExampleSelection.examples(errors, List.of(S_N, N_S), 4)).isEqualTo(ExampleSelection.examples(errors,
        List.of(S_N, N_S), 4));
  }

  @Test
  void cellsParseFromTheCommandLineWithClearErrors() {
    assertThat(ConfusionCell.parseList("--cells", " s>n, N>S ,S>N,V>N")).containsExactly(S_N, N_S, V_N);
    assertThat(ConfusionCell.parseList("--cells", "")).isEmpty();
    assertThat(S_N.toString()).isEqualTo("S>N");
    assertThat(S_N.fileTag()).isEqualTo("S-as-N");
    assertThatThrownBy(() -> ConfusionCell.parseList("--cells", "S>X")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--cells").hasMessageContaining("'X' is not one");
    assertThatThrownBy(() -> ConfusionCell.parseList("--cells", "S-N")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("<reference>><predicted>");
    assertThatThrownBy(() -> ConfusionCell.parseList("--cells", "N>N")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("correct classification");
  }

  @Test
  void timesReadAsClockTimes() {
    assertThat(ClockTime.format(754.5678)).isEqualTo("00:12:34.568");
    assertThat(ClockTime.format(0)).isEqualTo("00:00:00.000");
    assertThat(ClockTime.format(3 * 3600 + 59.9996)).isEqualTo("03:01:00.000");
    assertThat(ClockTime.format(-0.25)).isEqualTo("-00:00:00.250");
  }
}
