package dev.sumi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {
  private static final String WRONG = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  void theUncompressedContentIsCheckedWhateverTheCompression() throws IOException {
    byte[] raw = IdxFiles.images(2, 3, 3);
    Checksum checksum = Checksum.of(IdxFiles.md5(raw));
    assertEquals(Optional.empty(), checksum.check(Files.write(dir.resolve("raw"), raw)));
    assertEquals(
        Optional.empty(), checksum.check(Files.write(dir.resolve("gz"), IdxFiles.gzip(raw))));
  }

  @Test
  void thePublishedGzipChecksumIsAcceptedToo() throws IOException {
    byte[] packed = IdxFiles.gzip(IdxFiles.images(2, 3, 3));
    Path file = Files.write(dir.resolve("gz"), packed);
    assertEquals(Optional.empty(), new Checksum(WRONG, IdxFiles.md5(packed)).check(file));
  }

  @Test
  void aMismatchSaysWhatWasFoundAndExpected() throws IOException {
    byte[] raw = IdxFiles.images(2, 3, 3);
    Path file = Files.write(dir.resolve("raw"), raw);
    assertEquals(
        Optional.of(
            "the MD5 of the uncompressed content is " + IdxFiles.md5(raw) + "; expected " + WRONG),
        new Checksum(WRONG, WRONG).check(file));
  }

  @Test
  void malformedChecksumsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checksum.of("ABC"));
    assertTrue(e.getMessage().contains("expected 32 lower-case hex digits"));
  }
}
