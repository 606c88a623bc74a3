package dev.sumi.data;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The data sets that can be loaded by name. */
public final class DatasetCatalog {
  /*
   * Checksums: md5 is of the uncompressed IDX file, gzMd5 of the canonical .gz as published by the
   * data set's authors (and used by torchvision). The uncompressed MD5s were computed from local
   * copies: MNIST from shared/data/mnist (matching the canonical values), Fashion-MNIST from
   * Debian's dataset-fashion-mnist package (recompressed .gz files, same content), KMNIST from
   * shared/data/kmnist (byte-identical to the canonical .gz). No local copy of the KMNIST training
   * images exists: its md5 is the one given for the file in the datasets-mila/datasets--kmnist
   * git-annex key, and its published gzMd5 bdb82020... is accepted as well.
   *
   * KMNIST is also read from its NumPy release (kmnist-*.npz) when a folder holds those files
   * instead; they are never downloaded, so they need no checksums. K49 exists only as .npz, so
   * its MD5s are of the .npz files as published at codh.rois.ac.jp; they agree across several
   * independent loaders of the data set (torchvision-style K49 classes, the dataset constants of
   * other benchmark suites). No local copy exists to check them against.
   */

  public static final DatasetSpec MNIST =
      new DatasetSpec(
          "mnist",
          List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
          0.1307f,
          0.3081f,
          List.of(
              URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
              URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
          Map.of(
              "train-images-idx3-ubyte",
              new Checksum("6bbc9ace898e44ae57da46a324031adb", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
              "train-labels-idx1-ubyte",
              new Checksum("a25bea736e30d166cdddb491f175f624", "d53e105ee54ea40749a09fcbcd1e9432"),
              "t10k-images-idx3-ubyte",
              new Checksum("2646ac647ad5339dbf082846283269ea", "9fb629c4189551a2d022fa330f9573f3"),
              "t10k-labels-idx1-ubyte",
              new Checksum(
                  "27ae3e4e09519cfbb04c329615203637", "ec29112dd5afa0611ce80d1b7f02629c")));

  public static final DatasetSpec FASHION_MNIST =
      new DatasetSpec(
          "fashion-mnist",
          List.of(
              "T-shirt/top",
              "Trouser",
              "Pullover",
              "Dress",
              "Coat",
              "Sandal",
              "Shirt",
              "Sneaker",
              "Bag",
              "Ankle boot"),
          0.2860f,
          0.3530f,
          List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
          Map.of(
              "train-images-idx3-ubyte",
              new Checksum("f4a8712d7a061bf5bd6d2ca38dc4d50a", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
              "train-labels-idx1-ubyte",
              new Checksum("9018921c3c673c538a1fc5bad174d6f9", "25c81989df183df01b3e8a0aad5dffbe"),
              "t10k-images-idx3-ubyte",
              new Checksum("8181f5470baa50b63fa0f6fddb340f0a", "bef4ecab320f06d8554ea6380940ec79"),
              "t10k-labels-idx1-ubyte",
              new Checksum(
                  "15d484375f8d13e6eb1aabb0c3f46965", "bb300cfdad3c16e7a12a480ee83cd310")));

  // Romanised class names (お き す つ な は ま や れ を): they print on any console and keep
  // columns aligned, where wide kana would not.
  public static final DatasetSpec KMNIST =
      new DatasetSpec(
          "kmnist",
          List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
          0.1918f,
          0.3483f,
          List.of(URI.create("http://codh.rois.ac.jp/kmnist/dataset/kmnist/")),
          Map.of(
              "train-images-idx3-ubyte",
              new Checksum("92be26ec9822e900ac425d0a0aa84ced", "bdb82020997e1d708af4cf47b453dcf7"),
              "train-labels-idx1-ubyte",
              new Checksum("949e75301f8813e0dc5800dcc320fc52", "e144d726b3acfaa3e44228e80efcd344"),
              "t10k-images-idx3-ubyte",
              new Checksum("bf305b8cd328700fbc17f5acbc2856d2", "5c965bf0a639b31b8f53240b1b52f4d7"),
              "t10k-labels-idx1-ubyte",
              new Checksum("9f55f451c0988b028eccdf7d5cc265ab", "7320c461ea6c1c855c0b718fb2a4b134")),
          List.of(DataFiles.idx(), DataFiles.npz("kmnist")));

  /*
   * Kuzushiji-49: 48 hiragana and the iteration mark, in the order of the published
   * k49_classmap.csv (gojuon order: a i u e o ka ... wa wi we wo n, then the mark), romanised as
   * for KMNIST. Its pixel statistics are not published; the KMNIST ones are used, being the same
   * kind of images from the same source, which is all a normalisation needs.
   */
  public static final DatasetSpec K49 =
      new DatasetSpec(
          "k49",
          List.of(
              "a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so",
              "ta", "chi", "tsu", "te", "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he",
              "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro",
              "wa", "wi", "we", "wo", "n", "iter"),
          0.1918f,
          0.3483f,
          List.of(URI.create("http://codh.rois.ac.jp/kmnist/dataset/k49/")),
          Map.of(
              "k49-train-imgs.npz", Checksum.of("7ac088b20481cf51dcd01ceaab89d821"),
              "k49-train-labels.npz", Checksum.of("44a8e1b893f81e63ff38d73cad420f7a"),
              "k49-test-imgs.npz", Checksum.of("d352e201d846ce6b94f42c990966f374"),
              "k49-test-labels.npz", Checksum.of("4da6f7a62e67a832d5eb1bd85c5ee448")),
          List.of(DataFiles.npz("k49")));

  private static final DatasetCatalog STANDARD = of(MNIST, FASHION_MNIST, KMNIST, K49);

  private final Map<String, DatasetSpec> specs;

  private DatasetCatalog(Map<String, DatasetSpec> specs) {
    this.specs = specs;
  }

  /** MNIST, Fashion-MNIST, KMNIST and Kuzushiji-49. */
  public static DatasetCatalog standard() {
    return STANDARD;
  }

  public static DatasetCatalog of(DatasetSpec... specs) {
    Map<String, DatasetSpec> byName = new LinkedHashMap<>();
    for (DatasetSpec spec : specs) {
      byName.put(spec.name().toLowerCase(Locale.ROOT), spec);
    }
    return new DatasetCatalog(byName);
  }

  /** The spec of a data set by name, ignoring case. */
  public DatasetSpec spec(String name) {
    DatasetSpec spec = specs.get(name.toLowerCase(Locale.ROOT));
    if (spec == null) {
      throw new DataException(
          "Unknown data set '" + name + "'; expected one of " + String.join(", ", names()) + ".");
    }
    return spec;
  }

  public List<String> names() {
    return List.copyOf(specs.keySet());
  }
}
