package dev.sumi.data;

/** The standard train/test split of an MNIST-style data set, and the names of its IDX files. */
public enum Split {
  TRAIN("train"),
  TEST("t10k");

  private final String prefix;

  Split(String prefix) {
    this.prefix = prefix;
  }

  /** Uncompressed name of the image file; on disk it may also carry a {@code .gz} suffix. */
  public String imagesFile() {
    return prefix + "-images-idx3-ubyte";
  }

  /** Uncompressed name of the label file; on disk it may also carry a {@code .gz} suffix. */
  public String labelsFile() {
    return prefix + "-labels-idx1-ubyte";
  }
}
