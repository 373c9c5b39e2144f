package org.ecgplatform.etl.wfdb;

import org.ecgplatform.common.EcgPlatformException;

/**
 * A WFDB record, signal file or annotation file could not be read or written. Carries the record,
 * the file and the position (header line or byte offset) so that a person can find the fault;
 * the message reads "Cannot &lt;action&gt;: &lt;reason&gt; (&lt;hint&gt;) [record R, file F, position P]".
 */
public class WfdbException extends EcgPlatformException {
  private static final long serialVersionUID = 1L;

  private final String record;
  private final String file;
  private final String position;

  public WfdbException(String record, String file, String position, String message) {
    this(record, file, position, message, null);
  }

  public WfdbException(String record, String file, String position, String message, Throwable cause) {
    super(message + " [record " + record + ", file " + file + (position == null ? "" : ", " + position) + "]", cause);
    this.record = record;
    this.file = file;
    this.position = position;
  }

  /** The record name, as given to the reader. */
  public String record() {
    return record;
  }

  /** The file name within the record's directory. */
  public String file() {
    return file;
  }

  /** "line N" or "byte offset N", or null when the whole file is at fault. */
  public String position() {
    return position;
  }
}
