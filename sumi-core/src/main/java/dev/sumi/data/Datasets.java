package dev.sumi.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The standard data sets by name: {@value #MNIST}, {@value #FASHION_MNIST}, {@value #KMNIST} (each
 * 28x28 grey images in 10 classes) and {@value #K49} (Kuzushiji-49: 28x28 grey images in 49
 * imbalanced classes, whose benchmark metric is balanced accuracy). Without a folder argument the
 * files are looked up in {@code $SUMI_DATA/<name>}, {@code ~/.cache/sumi/datasets/<name>} and, for
 * Fashion-MNIST, {@code /usr/share/datasets/fashion-mnist}, and downloaded into the cache folder
 * when absent.
 */
public final class Datasets {
  public static final String MNIST = "mnist";
  public static final String FASHION_MNIST = "fashion-mnist";
  public static final String KMNIST = "kmnist";
  public static final String K49 = "k49";

  private Datasets() {}

  public static List<String> names() {
    return DatasetCatalog.standard().names();
  }

  public static DataSplits mnist() {
    return load(MNIST);
  }

  public static DataSplits fashionMnist() {
    return load(FASHION_MNIST);
  }

  public static DataSplits kmnist() {
    return load(KMNIST);
  }

  public static DataSplits k49() {
    return load(K49);
  }

  /** Both splits of a data set, found or downloaded as described above. */
  public static DataSplits load(String name) {
    return loader().load(name, null);
  }

  /**
   * Both splits of a data set from {@code dataDir}, the folder that directly holds its files;
   * missing files are downloaded into it.
   */
  public static DataSplits load(String name, Path dataDir) {
    return loader().load(name, Objects.requireNonNull(dataDir));
  }

  public static Dataset loadTrain(String name) {
    return loader().load(name, Split.TRAIN, null);
  }

  public static Dataset loadTrain(String name, Path dataDir) {
    return loader().load(name, Split.TRAIN, Objects.requireNonNull(dataDir));
  }

  /** Only the test split, e.g. to evaluate a model or where the training files are absent. */
  public static Dataset loadTest(String name) {
    return loader().load(name, Split.TEST, null);
  }

  public static Dataset loadTest(String name, Path dataDir) {
    return loader().load(name, Split.TEST, Objects.requireNonNull(dataDir));
  }

  private static DatasetLoader loader() {
    return Standard.LOADER;
  }

  // Built on first use, so that merely referring to this class reads no environment.
  private static final class Standard {
    static final DatasetLoader LOADER = DatasetLoader.standard();
  }
}
