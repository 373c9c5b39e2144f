package org.ecgplatform.etl.spark;

import java.util.List;
import java.util.Map;

/**
 * What an ETL run produced.
 *
 * @param output the published dataset directory
 * @param recordsOk records written
 * @param rejected quarantined records with their reasons
 * @param rowsBySplit rows written per split (originals and augmented)
 * @param beatsPerSecond original beats written per second of processing (after Spark started)
 * @param stageMillis wall-clock time per driver stage
 * @param recordStats every record's accounting, written and rejected
 */
public record EtlResult(
    String output,
    int recordsOk,
    List<RecordStats> rejected,
    Map<String, Long> rowsBySplit,
    double beatsPerSecond,
    Map<String, Long> stageMillis,
    List<RecordStats> recordStats) {}
