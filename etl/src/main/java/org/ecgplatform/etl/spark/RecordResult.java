package org.ecgplatform.etl.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/** The rows one record produced (originals and augmented copies) and its accounting. */
public record RecordResult(RecordStats stats, List<Row> rows) implements Serializable {}
