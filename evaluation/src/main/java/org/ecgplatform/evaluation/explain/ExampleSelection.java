package org.ecgplatform.evaluation.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * Which confusions to explain and with which beats.
 *
 * <p>Cells: the requested ones, else the most frequent off-diagonal cells. Examples of a cell are
 * spread over the records that hold its errors, not the first beats of one record: records take
 * turns in decreasing order of their beats in the cell (one example each per round), so {@code k}
 * examples come from {@code k} different records when there are that many; the examples taken from
 * one record are spread over its time (ranks {@code ⌊(j + ½)·m / k⌋} of its {@code m} beats of the
 * cell in time order), so they show the record's typical error rather than one burst. Deterministic:
 * the same evaluation gives the same examples.
 */
public final class ExampleSelection {
  private ExampleSelection() {}

  /** Beats per off-diagonal cell. */
  public static Map<ConfusionCell, Long> counts(List<ErrorBeat> errors) {
    Map<ConfusionCell, Long> counts = new TreeMap<>(order());
    for (ErrorBeat e : errors) {
      counts.merge(e.cell(), 1L, Long::sum);
    }
    return counts;
  }

  /**
   * The {@code requested} cells in their order, or when none are requested the {@code top} most
   * frequent cells among {@code errors} (ties in AAMI class order).
   */
  public static List<ConfusionCell> cells(List<ErrorBeat> errors, List<ConfusionCell> requested, int top) {
    if (!requested.isEmpty()) {
      return List.copyOf(requested);
    }
    Map<ConfusionCell, Long> counts = counts(errors);
    List<ConfusionCell> cells = new ArrayList<>(counts.keySet());
    cells.sort(Comparator.<ConfusionCell>comparingLong(c -> -counts.get(c)).thenComparing(order()));
    return cells.subList(0, Math.min(top, cells.size()));
  }

  /** Up to {@code perCell} examples of each cell (empty for a cell without beats), as the class Javadoc says. */
  public static Map<ConfusionCell, List<ErrorBeat>> examples(List<ErrorBeat> errors, List<ConfusionCell> cells, int perCell) {
    Map<ConfusionCell, List<ErrorBeat>> out = new LinkedHashMap<>();
    for (ConfusionCell cell : cells) {
      Map<String, List<ErrorBeat>> byRecord = new TreeMap<>();
      for (ErrorBeat e : errors) {
        if (e.cell().equals(cell)) {
          byRecord.computeIfAbsent(e.recordKey(), k -> new ArrayList<>()).add(e);
        }
      }
      List<List<ErrorBeat>> records = new ArrayList<>(byRecord.values());
      records.sort(Comparator.comparingInt(r -> -r.size())); // stable: ties stay in record-key order
      int[] quota = new int[records.size()];
      int left = perCell;
      boolean progress = true;
      while (left > 0 && progress) {
        progress = false;
        for (int r = 0; r < records.size() && left > 0; r++) {
          if (quota[r] < records.get(r).size()) {
            quota[r]++;
            left--;
            progress = true;
          }
        }
      }
      List<ErrorBeat> picked = new ArrayList<>();
      for (int r = 0; r < records.size(); r++) {
        List<ErrorBeat> beats = new ArrayList<>(records.get(r));
        beats.sort(Comparator.comparingDouble(ErrorBeat::timeS).thenComparingLong(ErrorBeat::sample));
        int m = beats.size();
        for (int j = 0; j < quota[r]; j++) {
          picked.add(beats.get((int) ((j + 0.5) * m / quota[r])));
        }
      }
      out.put(cell, picked);
    }
    return out;
  }

  private static Comparator<ConfusionCell> order() {
    return Comparator.comparing(ConfusionCell::reference, Comparator.comparingInt(AamiClass::ordinal))
        .thenComparing(ConfusionCell::predicted, Comparator.comparingInt(AamiClass::ordinal));
  }
}
