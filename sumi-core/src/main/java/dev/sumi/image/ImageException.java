package dev.sumi.image;

/** An image that cannot be read. */
public class ImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
