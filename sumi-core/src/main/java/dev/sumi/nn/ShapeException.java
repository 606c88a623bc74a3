package dev.sumi.nn;

/** A layer was given an input shape it cannot take. The message names the layer and both shapes. */
public class ShapeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ShapeException(String message) {
    super(message);
  }
}
