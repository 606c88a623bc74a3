package dev.sumi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder resolution and loading without a network: the specs here have no mirrors. */
class DatasetLoaderTest {
  @TempDir Path tmp;

  private final DatasetSpec spec = new TinySet(1, 1).spec("tiny", List.of());

  private DatasetLoader loader(Map<String, String> env, Path system) {
    return new DatasetLoader(
        DatasetCatalog.of(spec),
        new DataLocator(env, tmp.resolve("home"), Map.of("tiny", List.of(system))),
        Downloader.standard());
  }

  private Path sumiDataFolder() {
    return tmp.resolve("sumi-data/tiny");
  }

  private Path cacheFolder() {
    return tmp.resolve("home/.cache/sumi/datasets/tiny");
  }

  private Map<String, String> sumiData() {
    return Map.of("SUMI_DATA", tmp.resolve("sumi-data").toString());
  }

  @Test
  void explicitFolderHoldsTheFilesDirectly() throws IOException {
    Path dir = new TinySet(6, 2).writeTo(tmp.resolve("mine"), false, Split.values());
    DataSplits splits = loader(sumiData(), tmp.resolve("none")).load("tiny", dir);
    assertEquals(6, splits.train().size());
    assertEquals(2, splits.test().size());
    assertEquals("tiny", splits.train().name());
    assertEquals(List.of("zero", "one", "two"), splits.test().classNames());
    assertEquals(2, splits.train().label(5));
  }

  @Test
  void sumiDataComesBeforeTheCacheWhichComesBeforeSystemFolders() throws IOException {
    Path system = new TinySet(4, 1).writeTo(tmp.resolve("system"), true, Split.values());
    DatasetLoader loader = loader(sumiData(), system);
    assertEquals(4, loader.load("tiny", null).train().size());

    new TinySet(3, 1).writeTo(cacheFolder(), true, Split.values());
    assertEquals(3, loader.load("tiny", null).train().size());

    new TinySet(2, 1).writeTo(sumiDataFolder(), false, Split.values());
    assertEquals(2, loader.load("tiny", null).train().size());
  }

  @Test
  void aFolderIsChosenOnlyIfItHoldsEveryFileOfTheRequestedSplits() throws IOException {
    new TinySet(2, 5).writeTo(sumiDataFolder(), true, Split.TEST);
    new TinySet(3, 7).writeTo(cacheFolder(), true, Split.values());
    DatasetLoader loader = loader(sumiData(), tmp.resolve("none"));
    assertEquals(5, loader.load("tiny", Split.TEST, null).size());
    assertEquals(7, loader.load("tiny", null).test().size());
  }

  @Test
  void missingFileWithoutMirrorsNamesTheFileAndFolder() throws IOException {
    Path dir = new TinySet(2, 2).writeTo(tmp.resolve("partial"), true, Split.TEST);
    DataException e =
        assertThrows(DataException.class, () -> loader(Map.of(), dir).load("tiny", dir));
    String m = e.getMessage();
    assertTrue(m.contains("train-images-idx3-ubyte.gz or train-images-idx3-ubyte"), m);
    assertTrue(m.contains(dir.toString()), m);
    assertTrue(m.contains("no download mirror"), m);
  }

  @Test
  void countMismatchBetweenFilesNamesBoth() throws IOException {
    Path dir = new TinySet(3, 2).writeTo(tmp.resolve("mixed"), false, Split.values());
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(0, 1, 2));
    DataException e =
        assertThrows(
            DataException.class, () -> loader(Map.of(), dir).load("tiny", Split.TEST, dir));
    String m = e.getMessage();
    assertTrue(m.contains(dir.resolve("t10k-images-idx3-ubyte") + " holds 2 images"), m);
    assertTrue(m.contains(dir.resolve("t10k-labels-idx1-ubyte") + " holds 3 labels"), m);
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    DataException e = assertThrows(DataException.class, () -> Datasets.load("cifar-10"));
    assertEquals(
        "Unknown data set 'cifar-10'; expected one of mnist, fashion-mnist, kmnist, k49.",
        e.getMessage());
    assertEquals(List.of("mnist", "fashion-mnist", "kmnist", "k49"), Datasets.names());
  }

  @Test
  void namesIgnoreCase() {
    assertEquals("mnist", DatasetCatalog.standard().spec("MNIST").name());
  }

  private static DatasetSpec withLayouts(DatasetSpec spec, DataFiles... layouts) {
    return new DatasetSpec(
        spec.name(),
        spec.classNames(),
        spec.mean(),
        spec.std(),
        spec.mirrors(),
        spec.checksums(),
        List.of(layouts));
  }

  @Test
  void aNumPyLayoutIsReadFromNpzFiles() throws IOException {
    TinySet tiny = new TinySet(5, 2);
    Path dir = tiny.writeNpzTo(tmp.resolve("npz"), "tiny", Split.values());
    Map<String, Checksum> checksums = new java.util.HashMap<>();
    tiny.npzFiles("tiny", true).forEach((f, c) -> checksums.put(f, Checksum.of(IdxFiles.md5(c))));
    DatasetSpec npzSpec =
        new DatasetSpec(
            "tiny",
            spec.classNames(),
            0.5f,
            0.5f,
            List.of(),
            checksums,
            List.of(DataFiles.npz("tiny")));
    DatasetLoader loader =
        new DatasetLoader(
            DatasetCatalog.of(npzSpec),
            new DataLocator(Map.of(), tmp.resolve("home"), Map.of()),
            Downloader.standard());
    DataSplits splits = loader.load("tiny", dir);
    assertEquals(5, splits.train().size());
    assertEquals(2, splits.test().size());
    assertEquals(1, splits.train().label(4));
    assertEquals("(1, 4, 4)", splits.train().sampleShape().toString());
  }

  @Test
  void anAlternativeLayoutIsReadWhereItIsComplete() throws IOException {
    DatasetSpec both = withLayouts(spec, DataFiles.idx(), DataFiles.npz("tiny"));
    new TinySet(4, 3).writeNpzTo(sumiDataFolder(), "tiny", Split.values());
    DatasetLoader loader =
        new DatasetLoader(
            DatasetCatalog.of(both),
            new DataLocator(sumiData(), tmp.resolve("home"), Map.of()),
            Downloader.standard());
    assertEquals(4, loader.load("tiny", null).train().size());
    assertEquals(3, loader.load("tiny", Split.TEST, sumiDataFolder()).size());
    // Where both are complete, the first layout wins.
    new TinySet(6, 1).writeTo(sumiDataFolder(), true, Split.values());
    assertEquals(6, loader.load("tiny", null).train().size());
  }

  @Test
  void aFolderWithOnlyTheTestSplitIsNamedWithWhatItLacks() throws IOException {
    new TinySet(2, 5).writeTo(sumiDataFolder(), true, Split.TEST);
    Files.write(
        sumiDataFolder().resolve("train-labels-idx1-ubyte.gz"),
        IdxFiles.gzip(IdxFiles.labels(0, 1)));
    DatasetLoader loader = loader(sumiData(), tmp.resolve("none"));
    assertEquals(5, loader.load("tiny", Split.TEST, null).size());
    DataException e = assertThrows(DataException.class, () -> loader.load("tiny", null));
    String m = e.getMessage();
    assertTrue(
        m.contains(
            sumiDataFolder() + " lacks train-images-idx3-ubyte.gz or train-images-idx3-ubyte"),
        m);
    assertTrue(m.contains("no download mirror is configured"), m);
  }

  @Test
  void k49IsKnownWithItsFortyNineClassesAndNumPyFiles() {
    DatasetSpec k49 = DatasetCatalog.standard().spec("K49");
    assertEquals(49, k49.classNames().size());
    assertEquals(49, new java.util.HashSet<>(k49.classNames()).size());
    assertEquals("a", k49.classNames().get(0));
    assertEquals("iter", k49.classNames().get(48));
    assertEquals(DataFiles.npz("k49"), k49.files());
    assertEquals("d352e201d846ce6b94f42c990966f374", k49.checksum("k49-test-imgs.npz").md5());
    assertEquals(
        List.of(DataFiles.idx(), DataFiles.npz("kmnist")), DatasetCatalog.KMNIST.layouts());
  }
}
