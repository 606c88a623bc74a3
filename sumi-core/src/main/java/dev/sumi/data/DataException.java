package dev.sumi.data;

/**
 * A data set could not be found, read, downloaded or verified. The message is one sentence that
 * names the file or input and what was expected of it.
 */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
