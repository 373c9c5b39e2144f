package org.ecgplatform.common;

/** A configuration value is missing, unknown or out of range; the message names the key and the value. */
public class ConfigException extends EcgPlatformException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "Invalid value for key: 'value' (expected ...)". */
  public static ConfigException invalid(String key, Object value, String expected) {
    return new ConfigException("Invalid value for " + key + ": '" + value + "' (expected " + expected + ")");
  }
}
