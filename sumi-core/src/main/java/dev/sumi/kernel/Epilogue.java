package dev.sumi.kernel;

/**
 * What a matrix product applies to each finished element of C before storing it: {@code c(i, j) =
 * act(sum + rowBias[i] + colBias[j])}; either bias may be null. Mutable, so that each caller can
 * keep one and re-point it per call instead of allocating in the training loop; {@link #NONE} is
 * never changed.
 */
final class Epilogue {
  static final Epilogue NONE = new Epilogue();

  private float[] rowBias;
  private float[] colBias;
  private Activation activation = Activation.NONE;

  /** This epilogue, now adding {@code bias[i]} to row i, then applying activation. */
  Epilogue rowBias(float[] bias, Activation activation) {
    return set(bias, null, activation);
  }

  /** This epilogue, now adding {@code bias[j]} to column j, then applying activation. */
  Epilogue columnBias(float[] bias, Activation activation) {
    return set(null, bias, activation);
  }

  private Epilogue set(float[] rowBias, float[] colBias, Activation activation) {
    if (this == NONE) {
      throw new IllegalStateException("Epilogue.NONE cannot be changed.");
    }
    this.rowBias = rowBias;
    this.colBias = colBias;
    this.activation = activation;
    return this;
  }

  float[] rowBias() {
    return rowBias;
  }

  float[] colBias() {
    return colBias;
  }

  Activation activation() {
    return activation;
  }

  boolean isIdentity() {
    return rowBias == null && colBias == null && activation.kind() == Activation.Kind.NONE;
  }
}
