package org.ecgplatform.evaluation.spark;

import java.util.List;
import org.ecgplatform.evaluation.metrics.DetectionSummary;
import org.ecgplatform.evaluation.report.SkippedRecord;

/**
 * What one detection-mode run produced.
 *
 * @param runId identifier of the run, also in metrics.json and the history
 * @param outputUri the completed output directory
 * @param historyDir where the history row was appended
 * @param summary the compared records, gross and average statistics
 * @param skipped records not scored (a file missing on one side, or unreadable), with the reason
 * @param totalSeconds wall time of the whole run
 */
public record DetectionResult(
    String runId, String outputUri, String historyDir, DetectionSummary summary, List<SkippedRecord> skipped, double totalSeconds) {

  public DetectionResult {
    skipped = List.copyOf(skipped);
  }
}
