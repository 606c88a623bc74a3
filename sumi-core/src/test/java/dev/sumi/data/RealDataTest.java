package dev.sumi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real data sets, where this machine has them: {@code $SUMI_DATA/<name>} or else the shared
 * data folder beside the project, and Debian's Fashion-MNIST package. Skipped when absent.
 */
class RealDataTest {
  private static final Path DEBIAN_FASHION = Path.of("/usr/share/datasets/fashion-mnist");

  /** Folders holding a copy of a data set. Tests run in sumi-core, inside the project folder. */
  private static List<Path> localFolders(String name) {
    String env = System.getenv(DataLocator.ENV);
    Stream<Path> roots =
        env != null && !env.isBlank()
            ? Stream.of(Path.of(env))
            : Stream.of(Path.of("../../shared/data"), Path.of("../shared/data"));
    return roots
        .map(root -> root.resolve(name).toAbsolutePath().normalize())
        .filter(Files::isDirectory)
        .toList();
  }

  /** The folder of a data set, or a skipped test. */
  private static Path folder(String name) {
    List<Path> found = localFolders(name);
    assumeTrue(!found.isEmpty(), "no " + name + " folder in $SUMI_DATA or ../shared/data");
    return found.get(0);
  }

  private static DatasetLoader offlineLoader() {
    return new DatasetLoader(
        DatasetCatalog.of(
            DatasetCatalog.MNIST.withMirrors(List.of()),
            DatasetCatalog.FASHION_MNIST.withMirrors(List.of()),
            DatasetCatalog.KMNIST.withMirrors(List.of())),
        new DataLocator(Map.of(), Path.of("/nonexistent-home"), Map.of()),
        Downloader.standard());
  }

  /** MD5 of an IDX array as a file: the header rebuilt from its dimensions, then its data. */
  private static String md5OfIdx(Idx idx) {
    ByteBuffer header = ByteBuffer.allocate(4 + 4 * idx.rank());
    header.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) idx.rank());
    for (int d : idx.dims()) {
      header.putInt(d);
    }
    return IdxFiles.md5(header.array(), idx.data());
  }

  @Test
  void mnist() {
    Path dir = folder("mnist");
    DataSplits mnist = offlineLoader().load("mnist", dir);
    assertEquals(60_000, mnist.train().size());
    assertEquals(10_000, mnist.test().size());
    assertEquals(5, mnist.train().label(0));
    assertEquals(7, mnist.test().label(0));
    assertEquals(10, mnist.train().numClasses());
    assertEquals("(1, 28, 28)", mnist.train().sampleShape().toString());
    assertEquals(0.3081f, mnist.train().std());
  }

  @Test
  void mnistPixelsAreExactlyTheCanonicalFiles() {
    Path dir = folder("mnist");
    for (Split split : Split.values()) {
      for (String file : List.of(split.imagesFile(), split.labelsFile())) {
        Idx idx = Idx.read(dir.resolve(file + ".gz"));
        assertEquals(DatasetCatalog.MNIST.checksum(file).md5(), md5OfIdx(idx), file);
      }
    }
  }

  @Test
  void kmnistTestSplit() {
    Dataset test = offlineLoader().load("kmnist", Split.TEST, folder("kmnist"));
    assertEquals(10_000, test.size());
    int[] counts = new int[10];
    for (int i = 0; i < test.size(); i++) {
      counts[test.label(i)]++;
    }
    for (int count : counts) {
      assertEquals(1_000, count);
    }
    assertEquals("tsu", test.className(3));
  }

  /** What a user of this machine sees: the test split loads, training names the missing file. */
  @Test
  void kmnistWithoutTrainingImagesSaysWhichFileIsMissing() {
    Path dir = folder("kmnist");
    assumeTrue(
        !Files.exists(dir.resolve("train-images-idx3-ubyte.gz")), "the full KMNIST set is here");
    DatasetLoader loader =
        new DatasetLoader(
            DatasetCatalog.of(DatasetCatalog.KMNIST.withMirrors(List.of())),
            new DataLocator(
                Map.of(DataLocator.ENV, dir.getParent().toString()),
                Path.of("/nonexistent-home"),
                Map.of()),
            Downloader.standard());
    assertEquals(10_000, loader.load("kmnist", Split.TEST, null).size());
    DataException e = assertThrows(DataException.class, () -> loader.load("kmnist", null));
    assertTrue(
        e.getMessage()
            .contains(dir + " lacks train-images-idx3-ubyte.gz or train-images-idx3-ubyte"),
        e.getMessage());
  }

  @Test
  void fashionMnistFromDebiansFolderThroughTheLocator() {
    assumeTrue(Files.isDirectory(DEBIAN_FASHION), "dataset-fashion-mnist is not installed");
    DatasetLoader loader =
        new DatasetLoader(
            DatasetCatalog.of(DatasetCatalog.FASHION_MNIST.withMirrors(List.of())),
            new DataLocator(
                Map.of(),
                Path.of("/nonexistent-home"),
                Map.of("fashion-mnist", List.of(DEBIAN_FASHION))),
            Downloader.standard());
    DataSplits fashion = loader.load("fashion-mnist", null);
    assertEquals(60_000, fashion.train().size());
    assertEquals(10_000, fashion.test().size());
    assertEquals("Ankle boot", fashion.train().className(fashion.train().label(0)));
  }

  /** The catalogue's checksums agree with every local copy, however it was compressed. */
  @Test
  void catalogueChecksumsMatchTheLocalCopies() throws IOException {
    Map<DatasetSpec, List<Path>> copies =
        Map.of(
            DatasetCatalog.MNIST, localFolders("mnist"),
            DatasetCatalog.KMNIST, localFolders("kmnist"),
            DatasetCatalog.FASHION_MNIST, List.of(DEBIAN_FASHION));
    int checked = 0;
    for (Map.Entry<DatasetSpec, List<Path>> copy : copies.entrySet()) {
      DatasetSpec spec = copy.getKey();
      for (Path folder : copy.getValue()) {
        for (String file : spec.checksums().keySet()) {
          Path path = folder.resolve(file + ".gz");
          if (Files.isRegularFile(path)) {
            assertEquals(Optional.empty(), spec.checksum(file).check(path), path.toString());
            checked++;
          }
        }
      }
    }
    assumeTrue(checked > 0, "no local copies of the data sets");
  }
}
