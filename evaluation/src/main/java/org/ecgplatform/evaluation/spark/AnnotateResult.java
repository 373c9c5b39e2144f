package org.ecgplatform.evaluation.spark;

import java.util.List;
import org.ecgplatform.evaluation.report.AnnotatedRecord;
import org.ecgplatform.evaluation.report.AnnotationSummaryFiles;

/**
 * What an annotation run did.
 *
 * @param runId the run's id
 * @param outputUri where its files are
 * @param records the records annotated, in input order
 * @param quarantined the records that could not be annotated, with their reasons
 * @param beats beats detected (and written) over all records
 * @param totalSeconds wall time of the run
 */
public record AnnotateResult(String runId, String outputUri, List<AnnotatedRecord> records,
    List<AnnotationSummaryFiles.Quarantined> quarantined, long beats, double totalSeconds) {
  public AnnotateResult {
    records = List.copyOf(records);
    quarantined = List.copyOf(quarantined);
  }
}
