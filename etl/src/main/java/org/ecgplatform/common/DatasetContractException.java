package org.ecgplatform.common;

/** A dataset does not match the contract a reader expects (schema version, columns, rate, window, classes). */
public class DatasetContractException extends EcgPlatformException {
  private static final long serialVersionUID = 1L;

  public DatasetContractException(String message) {
    super(message);
  }
}
