package dev.sumi.track;

/** A run store could not be opened, read or written. */
public class RunStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunStoreException(String message) {
    super(message);
  }

  public RunStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
