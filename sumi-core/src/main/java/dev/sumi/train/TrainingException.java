package dev.sumi.train;

/** Training could not go on (for example the loss became NaN); the message says where and why. */
public class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message);
  }
}
