package org.ecgplatform.evaluation.report;

import java.io.Serializable;
import java.util.List;
import org.ecgplatform.evaluation.metrics.RhythmSummary;

/**
 * One record as the annotation job annotated it: where its beats came from and what they add up to.
 *
 * @param database the input database (its directory's name)
 * @param record WFDB record name
 * @param leads the leads the windows were cut from, in window order
 * @param fsHz the record's sampling rate
 * @param detectedBeats beats the QRS detector found (every one is in the annotation file)
 * @param unclassifiedBeats detected beats too close to the record's start or end for a window:
 *     written as Q with no probabilities, as the ETL skips such beats
 * @param summary the summary of every detected beat with its class
 * @param warnings problems that did not stop the record (a signal file that failed its checksum
 *     under {@code etl.wfdb.checksum-mismatch=warn})
 */
public record AnnotatedRecord(
    String database,
    String record,
    List<String> leads,
    double fsHz,
    long detectedBeats,
    long unclassifiedBeats,
    RhythmSummary summary,
    List<String> warnings) implements Serializable {

  public AnnotatedRecord {
    leads = List.copyOf(leads);
    warnings = List.copyOf(warnings);
  }
}
