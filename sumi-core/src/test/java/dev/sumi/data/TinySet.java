package dev.sumi.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four IDX files of a small made-up data set (3 classes, 4x4 images) and its spec. */
final class TinySet {
  final Map<String, byte[]> files = new LinkedHashMap<>();

  TinySet(int trainCount, int testCount) {
    put(Split.TRAIN, trainCount);
    put(Split.TEST, testCount);
  }

  private void put(Split split, int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 3;
    }
    files.put(split.imagesFile(), IdxFiles.images(count, 4, 4));
    files.put(split.labelsFile(), IdxFiles.labels(labels));
  }

  /** A spec named {@code name} whose checksums match these files. */
  DatasetSpec spec(String name, List<URI> mirrors) {
    Map<String, Checksum> checksums = new LinkedHashMap<>();
    files.forEach((file, content) -> checksums.put(file, Checksum.of(IdxFiles.md5(content))));
    return new DatasetSpec(name, List.of("zero", "one", "two"), 0.5f, 0.5f, mirrors, checksums);
  }

  /** The same splits as NumPy archives named as by {@link DataFiles#npz}, stored or deflated. */
  Map<String, byte[]> npzFiles(String prefix, boolean deflate) {
    Map<String, byte[]> npz = new LinkedHashMap<>();
    DataFiles names = DataFiles.npz(prefix);
    for (Split split : Split.values()) {
      byte[] images = files.get(split.imagesFile());
      byte[] labels = files.get(split.labelsFile());
      int count = labels.length - 8;
      npz.put(
          names.images(split),
          NpzFiles.npz(
              deflate, NpzFiles.u8(Arrays.copyOfRange(images, 16, images.length), count, 4, 4)));
      npz.put(
          names.labels(split),
          NpzFiles.npz(deflate, NpzFiles.u8(Arrays.copyOfRange(labels, 8, labels.length), count)));
    }
    return npz;
  }

  /** Writes the NumPy archives of the given splits. */
  Path writeNpzTo(Path folder, String prefix, Split... splits) throws IOException {
    Files.createDirectories(folder);
    Map<String, byte[]> npz = npzFiles(prefix, true);
    DataFiles names = DataFiles.npz(prefix);
    for (Split split : splits) {
      for (String file : List.of(names.images(split), names.labels(split))) {
        Files.write(folder.resolve(file), npz.get(file));
      }
    }
    return folder;
  }

  /** Writes the files of the given splits, as {@code name.gz} or uncompressed. */
  Path writeTo(Path folder, boolean gzip, Split... splits) throws IOException {
    Files.createDirectories(folder);
    for (Split split : splits) {
      for (String file : List.of(split.imagesFile(), split.labelsFile())) {
        byte[] raw = files.get(file);
        Files.write(folder.resolve(gzip ? file + ".gz" : file), gzip ? IdxFiles.gzip(raw) : raw);
      }
    }
    return folder;
  }
}
