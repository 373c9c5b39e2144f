package org.ecgplatform.etl.wfdb;

/** An annotation file is truncated or corrupt, or its annotations lie outside the record. */
public class WfdbAnnotationException extends WfdbException {
  private static final long serialVersionUID = 1L;

  public WfdbAnnotationException(String record, String file, String position, String message) {
    super(record, file, position, message);
  }

  public WfdbAnnotationException(String record, String file, String position, String message, Throwable cause) {
    super(record, file, position, message, cause);
  }
}
