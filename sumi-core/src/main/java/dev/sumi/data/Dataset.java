package dev.sumi.data;

import dev.sumi.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable labelled image data set held as uint8 pixels (N x C x H x W) and int labels, with
 * the per-data-set normalisation applied when samples are copied out as floats.
 */
public final class Dataset {
  private final String name;
  private final byte[] pixels;
  private final int[] labels;
  private final Shape sampleShape;
  private final int sampleSize;
  private final List<String> classNames;
  private final float mean;
  private final float std;
  // Normalised value of each of the 256 pixel values, so filling a batch is a table look-up.
  private final float[] normalized = new float[256];

  /** Takes ownership of the arrays; validates labels against the classes. */
  private Dataset(
      String name,
      byte[] pixels,
      int[] labels,
      Shape sampleShape,
      List<String> classNames,
      float mean,
      float std,
      String labelSource) {
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("Data set " + name + " needs at least one class name.");
    }
    if (!(std > 0) || !Float.isFinite(std) || !Float.isFinite(mean)) {
      throw new IllegalArgumentException(
          "Data set "
              + name
              + " has normalisation mean "
              + mean
              + " and std "
              + std
              + "; expected finite values and std > 0.");
    }
    this.name = name;
    this.pixels = pixels;
    this.labels = labels;
    this.sampleShape = sampleShape;
    this.sampleSize = sampleShape.size();
    this.classNames = List.copyOf(classNames);
    this.mean = mean;
    this.std = std;
    for (int p = 0; p < 256; p++) {
      normalized[p] = (float) ((p / 255.0 - mean) / std);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new DataException(
            "The "
                + labelSource
                + " has label "
                + labels[i]
                + " at index "
                + i
                + "; expected labels in 0.."
                + (classNames.size() - 1)
                + " for the "
                + classNames.size()
                + " classes of "
                + name
                + ".");
      }
    }
  }

  /**
   * A data set from arrays in memory, which are copied.
   *
   * @param pixels uint8 pixels, {@code labels.length} samples of {@code sampleShape} each
   */
  public static Dataset of(
      String name,
      byte[] pixels,
      int[] labels,
      Shape sampleShape,
      List<String> classNames,
      float mean,
      float std) {
    if (pixels.length != (long) labels.length * sampleShape.size()) {
      throw new IllegalArgumentException(
          "Data set "
              + name
              + " has "
              + pixels.length
              + " pixels for "
              + labels.length
              + " labels; expected "
              + labels.length
              + " samples of "
              + sampleShape
              + ".");
    }
    return new Dataset(
        name, pixels.clone(), labels.clone(), sampleShape, classNames, mean, std, "label array");
  }

  /**
   * A data set from an image IDX file (count, rows, columns) and a label IDX file (count); the
   * images get one channel. Takes ownership of the arrays of both.
   */
  public static Dataset fromIdx(
      String name, Idx images, Idx labels, List<String> classNames, float mean, float std) {
    return fromArrays(
        name,
        "Image file " + images.file(),
        images.dims(),
        images.data(),
        "Label file " + labels.file(),
        labels.dims(),
        labels.data(),
        classNames,
        mean,
        std);
  }

  /**
   * A data set from a uint8 image array (count, rows, columns) and a uint8 label array (count), as
   * read from {@code .npz} files; the images get one channel. Takes ownership of the arrays of
   * both.
   */
  public static Dataset fromNpy(
      String name,
      NpyArray images,
      NpyArray labels,
      List<String> classNames,
      float mean,
      float std) {
    return fromArrays(
        name,
        "Image " + images.describe(),
        images.dims(),
        images.data(),
        "Label " + labels.describe(),
        labels.dims(),
        labels.data(),
        classNames,
        mean,
        std);
  }

  private static Dataset fromArrays(
      String name,
      String imageSource,
      int[] imageDims,
      byte[] images,
      String labelSource,
      int[] labelDims,
      byte[] labels,
      List<String> classNames,
      float mean,
      float std) {
    if (imageDims.length != 3) {
      throw new DataException(
          imageSource
              + " has dimensions "
              + Arrays.toString(imageDims)
              + "; expected 3 (count, rows, columns).");
    }
    if (labelDims.length != 1) {
      throw new DataException(
          labelSource + " has dimensions " + Arrays.toString(labelDims) + "; expected 1 (count).");
    }
    if (imageDims[0] != labelDims[0]) {
      throw new DataException(
          imageSource
              + " holds "
              + imageDims[0]
              + " images but "
              + lowerFirst(labelSource)
              + " holds "
              + labelDims[0]
              + " labels; expected the same count.");
    }
    int[] labelValues = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labelValues[i] = labels[i] & 0xff;
    }
    return new Dataset(
        name,
        images,
        labelValues,
        Shape.of(1, imageDims[1], imageDims[2]),
        classNames,
        mean,
        std,
        lowerFirst(labelSource));
  }

  private static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  public String name() {
    return name;
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }

  public int numClasses() {
    return classNames.size();
  }

  public List<String> classNames() {
    return classNames;
  }

  public String className(int label) {
    return classNames.get(label);
  }

  /** Shape of one sample, e.g. (1, 28, 28). */
  public Shape sampleShape() {
    return sampleShape;
  }

  /** Number of values in one sample (C x H x W). */
  public int sampleSize() {
    return sampleSize;
  }

  /** Normalisation mean, on the 0..1 pixel scale. */
  public float mean() {
    return mean;
  }

  /** Normalisation standard deviation, on the 0..1 pixel scale. */
  public float std() {
    return std;
  }

  public int label(int i) {
    return labels[Objects.checkIndex(i, labels.length)];
  }

  /** A uint8 pixel value (0..255) as the network sees it: {@code (p / 255 - mean) / std}. */
  public float normalized(int pixel) {
    return normalized[pixel];
  }

  /**
   * Copies the samples {@code indices[from .. from + count)} into reused buffers without
   * allocating: sample {@code k} goes to {@code images[k * sampleSize() ..]} normalised, and its
   * label to {@code labels[k]}. The buffers may be longer than needed (a full-batch buffer serves
   * the last, smaller batch).
   */
  public void fill(int[] indices, int from, int count, float[] images, int[] labels) {
    Objects.checkFromIndexSize(from, count, indices.length);
    checkBuffers(count, images, labels);
    for (int k = 0; k < count; k++) {
      copySample(Objects.checkIndex(indices[from + k], size()), k, images, labels);
    }
  }

  /** Like {@link #fill(int[], int, int, float[], int[])} for the samples {@code from .. from+count). */
  public void fill(int from, int count, float[] images, int[] labels) {
    Objects.checkFromIndexSize(from, count, size());
    checkBuffers(count, images, labels);
    for (int k = 0; k < count; k++) {
      copySample(from + k, k, images, labels);
    }
  }

  /** The samples {@code from .. to-1} as a new data set (for quick runs and tests). */
  public Dataset subset(int from, int to) {
    Objects.checkFromToIndex(from, to, size());
    return new Dataset(
        name,
        Arrays.copyOfRange(pixels, from * sampleSize, to * sampleSize),
        Arrays.copyOfRange(labels, from, to),
        sampleShape,
        classNames,
        mean,
        std,
        "label array");
  }

  /** The first {@code min(n, size())} samples. */
  public Dataset take(int n) {
    return subset(0, Math.min(n, size()));
  }

  @Override
  public String toString() {
    return name + ": " + size() + " samples of " + sampleShape + ", " + numClasses() + " classes";
  }

  private void checkBuffers(int count, float[] images, int[] labels) {
    if (images.length < (long) count * sampleSize || labels.length < count) {
      throw new IllegalArgumentException(
          "Buffers of "
              + images.length
              + " floats and "
              + labels.length
              + " labels are too small for "
              + count
              + " samples of "
              + sampleShape
              + ".");
    }
  }

  private void copySample(int sample, int slot, float[] images, int[] labels) {
    int src = sample * sampleSize;
    int dst = slot * sampleSize;
    for (int j = 0; j < sampleSize; j++) {
      images[dst + j] = normalized[pixels[src + j] & 0xff];
    }
    labels[slot] = this.labels[sample];
  }
}
