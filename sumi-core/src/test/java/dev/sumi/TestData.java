package dev.sumi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where tests find the real data sets: {@code $SUMI_DATA/<name>}, else the shared folder beside the
 * project. Tests that need a data set that is absent are skipped, not failed.
 */
public final class TestData {
  private TestData() {}

  /** The folder of data set {@code name}, if present. */
  public static Optional<Path> find(String name) {
    String env = System.getenv("SUMI_DATA");
    Stream<Path> roots =
        env != null && !env.isBlank()
            ? Stream.of(Path.of(env))
            : Stream.of(Path.of("../../shared/data"), Path.of("../shared/data"));
    return roots.map(root -> root.resolve(name)).filter(Files::isDirectory).findFirst();
  }

  /** The folder of data set {@code name}; skips the calling test when it is absent. */
  public static Path require(String name) {
    Optional<Path> dir = find(name);
    assumeTrue(dir.isPresent(), "no " + name + " folder in $SUMI_DATA or ../shared/data");
    return dir.get();
  }
}
