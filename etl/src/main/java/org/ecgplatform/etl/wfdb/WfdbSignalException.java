package org.ecgplatform.etl.wfdb;

/** A signal file is missing, shorter than its header says, or does not decode. */
public class WfdbSignalException extends WfdbException {
  private static final long serialVersionUID = 1L;

  public WfdbSignalException(String record, String file, String position, String message) {
    super(record, file, position, message);
  }

  public WfdbSignalException(String record, String file, String position, String message, Throwable cause) {
    super(record, file, position, message, cause);
  }
}
