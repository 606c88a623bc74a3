package dev.sumi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataLocatorTest {
  private static final Path HOME = Path.of("/home/someone");
  private static final Path CACHE = HOME.resolve(".cache/sumi/datasets/fashion-mnist");
  private static final Map<String, List<Path>> SYSTEM =
      Map.of("fashion-mnist", List.of(Path.of("/usr/share/datasets/fashion-mnist")));

  @Test
  void sumiDataThenCacheThenSystemFolders() {
    DataLocator locator = new DataLocator(Map.of("SUMI_DATA", "/data"), HOME, SYSTEM);
    assertEquals(
        List.of(
            Path.of("/data/fashion-mnist"), CACHE, Path.of("/usr/share/datasets/fashion-mnist")),
        locator.candidates("fashion-mnist"));
    assertEquals(CACHE, locator.cacheFolder("fashion-mnist"));
  }

  @Test
  void unsetOrBlankSumiDataIsSkipped() {
    assertEquals(
        List.of(HOME.resolve(".cache/sumi/datasets/mnist")),
        new DataLocator(Map.of(), HOME, SYSTEM).candidates("mnist"));
    assertEquals(
        List.of(HOME.resolve(".cache/sumi/datasets/mnist")),
        new DataLocator(Map.of("SUMI_DATA", " "), HOME, SYSTEM).candidates("mnist"));
  }
}
