package org.ecgplatform.common;

/**
 * Root of the platform's unchecked exceptions. Messages read
 * "Cannot &lt;action&gt;: &lt;reason&gt; (&lt;hint&gt;)" and name the record, file or
 * configuration key involved, so that a person can act on them.
 */
public class EcgPlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EcgPlatformException(String message) {
    super(message);
  }

  public EcgPlatformException(String message, Throwable cause) {
    super(message, cause);
  }
}
