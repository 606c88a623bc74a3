package dev.sumi.track;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files through a temp file and a rename, so readers never see half a file. */
final class AtomicFiles {
  private AtomicFiles() {}

  interface Content {
    void writeTo(Path temp) throws IOException;
  }

  static void write(Path target, Content content) {
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      content.writeTo(temp);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // The original error is the one worth reporting.
      }
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
