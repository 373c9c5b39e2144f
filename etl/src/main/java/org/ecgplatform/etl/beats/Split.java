package org.ecgplatform.etl.beats;

import org.ecgplatform.etl.dataset.DatasetSchema;

/** Where a record's beats go. */
public enum Split {
  TRAIN(DatasetSchema.TRAIN),
  VALIDATION(DatasetSchema.VALIDATION),
  TEST(DatasetSchema.TEST),
  /** Not written at all (e.g. MIT-BIH's paced records in the de Chazal protocol). */
  EXCLUDED("excluded");

  private final String columnValue;

  Split(String columnValue) {
    this.columnValue = columnValue;
  }

  /** Value of the dataset's {@code split} column ({@link DatasetSchema#SPLIT}). */
  public String columnValue() {
    return columnValue;
  }
}
