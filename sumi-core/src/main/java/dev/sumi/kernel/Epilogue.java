package dev.sumi.kernel;

/**
 * What a matrix product applies to each finished element of C before storing it: {@code c(i, j) =
 * act(sum + rowBias[i] + colBias[j])}; either bias may be null.
 */
record Epilogue(float[] rowBias, float[] colBias, Activation activation) {
  static final Epilogue NONE = new Epilogue(null, null, Activation.NONE);

  static Epilogue rowBias(float[] bias, Activation activation) {
    return new Epilogue(bias, null, activation);
  }

  static Epilogue columnBias(float[] bias, Activation activation) {
    return new Epilogue(null, bias, activation);
  }

  boolean isIdentity() {
    return rowBias == null && colBias == null && activation.kind() == Activation.Kind.NONE;
  }
}
