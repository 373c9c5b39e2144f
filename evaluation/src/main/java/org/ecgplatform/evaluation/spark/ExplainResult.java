package org.ecgplatform.evaluation.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgplatform.evaluation.explain.ConfusionCell;
import org.ecgplatform.evaluation.explain.Explanation;

/**
 * What an error analysis wrote.
 *
 * @param runId the analysis' run id
 * @param outputUri where its files are
 * @param errors misclassified beats in the evaluation
 * @param examples the explained examples of each chosen cell (a cell without beats has none)
 * @param totalSeconds wall time of the run
 */
public record ExplainResult(String runId, String outputUri, long errors, Map<ConfusionCell, List<Explanation>> examples,
    double totalSeconds) {

  public ExplainResult {
    examples = new LinkedHashMap<>(examples);
  }

  /** Examples over all cells. */
  public int exampleCount() {
    return examples.values().stream().mapToInt(List::size).sum();
  }
}
