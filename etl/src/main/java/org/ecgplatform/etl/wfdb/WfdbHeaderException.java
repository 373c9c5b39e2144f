package org.ecgplatform.etl.wfdb;

/** A header (.hea) is malformed, refers to a file outside the record's directory, or names an unknown signal format. */
public class WfdbHeaderException extends WfdbException {
  private static final long serialVersionUID = 1L;

  public WfdbHeaderException(String record, String file, String position, String message) {
    super(record, file, position, message);
  }

  public WfdbHeaderException(String record, String file, String position, String message, Throwable cause) {
    super(record, file, position, message, cause);
  }
}
