package dev.sumi.data;

import java.util.List;

/**
 * The names of a data set's four files in one layout: IDX files (stored raw or as {@code .gz},
 * named without the suffix) or NumPy {@code .npz} archives (named with it).
 */
public record DataFiles(
    String trainImages, String trainLabels, String testImages, String testLabels) {

  /** The MNIST layout: {@code train-images-idx3-ubyte} and so on, each raw or gzip-compressed. */
  public static DataFiles idx() {
    return new DataFiles(
        Split.TRAIN.imagesFile(),
        Split.TRAIN.labelsFile(),
        Split.TEST.imagesFile(),
        Split.TEST.labelsFile());
  }

  /**
   * The Kuzushiji NumPy layout: {@code <prefix>-train-imgs.npz}, {@code <prefix>-train-labels.npz},
   * {@code <prefix>-test-imgs.npz} and {@code <prefix>-test-labels.npz}.
   */
  public static DataFiles npz(String prefix) {
    return new DataFiles(
        prefix + "-train-imgs.npz",
        prefix + "-train-labels.npz",
        prefix + "-test-imgs.npz",
        prefix + "-test-labels.npz");
  }

  public String images(Split split) {
    return split == Split.TRAIN ? trainImages : testImages;
  }

  public String labels(Split split) {
    return split == Split.TRAIN ? trainLabels : testLabels;
  }

  /** The image and label files of the given splits, in that order. */
  public List<String> of(List<Split> splits) {
    return splits.stream().flatMap(s -> List.of(images(s), labels(s)).stream()).toList();
  }

  public List<String> all() {
    return of(List.of(Split.values()));
  }

  /** Whether {@code file} is a NumPy archive rather than an IDX file. */
  static boolean isNpz(String file) {
    return file.endsWith(".npz");
  }

  /**
   * The names {@code file} may have on disk, in the order they are tried: an IDX file gzipped or
   * raw, a NumPy archive as named.
   */
  static List<String> onDisk(String file) {
    return isNpz(file) ? List.of(file) : List.of(file + ".gz", file);
  }
}
