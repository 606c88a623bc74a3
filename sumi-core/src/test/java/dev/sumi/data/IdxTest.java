package dev.sumi.data;

import static dev.sumi.data.IdxFiles.gzip;
import static dev.sumi.data.IdxFiles.idx;
import static dev.sumi.data.IdxFiles.idxOfType;
import static dev.sumi.data.IdxFiles.images;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private DataException failure(Path file) {
    DataException e = assertThrows(DataException.class, () -> Idx.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    return e;
  }

  @Test
  void readsRawAndGzipByContentNotName() throws IOException {
    byte[] raw = images(3, 4, 5);
    // Deliberately misleading names: compression is detected from the magic bytes.
    Idx plain = Idx.read(write("plain.gz", raw));
    Idx packed = Idx.read(write("packed-idx3-ubyte", gzip(raw)));
    for (Idx idx : new Idx[] {plain, packed}) {
      assertArrayEquals(new int[] {3, 4, 5}, idx.dims());
      assertEquals(3, idx.count());
      assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), idx.data());
    }
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nothing-here.gz");
    assertTrue(failure(file).getMessage().contains("does not exist"));
  }

  @Test
  void corruptMagic() throws IOException {
    byte[] bad = images(1, 2, 2);
    bad[0] = 0x12;
    String message = failure(write("bad-magic", bad)).getMessage();
    assertTrue(message.contains("12 00 08 03"), message);
    assertTrue(message.contains("expected 00 00 08"), message);
  }

  @Test
  void emptyFile() throws IOException {
    String message = failure(write("empty", new byte[0])).getMessage();
    assertTrue(message.contains("magic number"), message);
  }

  @Test
  void otherElementTypesAreRejected() throws IOException {
    String message = failure(write("floats", idxOfType(0x0d, new byte[8], 2))).getMessage();
    assertTrue(message.contains("0x0d (float)"), message);
    assertTrue(message.contains("expected type 0x08 (unsigned byte)"), message);
  }

  @Test
  void rankZeroAndNonPositiveDimensions() throws IOException {
    assertTrue(failure(write("rank0", idx(new byte[0]))).getMessage().contains("rank 0"));
    String message = failure(write("zero-dim", idx(new byte[0], 3, 0))).getMessage();
    assertTrue(message.contains("dimension 1 as 0; expected a positive size"), message);
  }

  @Test
  void truncatedHeader() throws IOException {
    byte[] full = images(2, 3, 3);
    String message = failure(write("short-header", Arrays.copyOf(full, 10))).getMessage();
    assertTrue(message.contains("after 10 bytes; expected 16 header bytes"), message);
  }

  @Test
  void truncatedRawDataNamesExpectedAndActualCounts() throws IOException {
    byte[] full = images(2, 3, 3);
    String message = failure(write("short", Arrays.copyOf(full, full.length - 5))).getMessage();
    assertTrue(message.contains("truncated"), message);
    assertTrue(message.contains("holds 13 data bytes"), message);
    assertTrue(message.contains("need 18"), message);
  }

  @Test
  void truncatedGzipNamesExpectedAndActualCounts() throws IOException {
    byte[] packed = gzip(images(50, 10, 10));
    String message =
        failure(write("short.gz", Arrays.copyOf(packed, packed.length / 2))).getMessage();
    assertTrue(message.contains("truncated"), message);
    assertTrue(message.contains("need 5000"), message);
  }

  @Test
  void extraBytesAfterTheData() throws IOException {
    byte[] full = images(2, 3, 3);
    String message = failure(write("long", Arrays.copyOf(full, full.length + 1))).getMessage();
    assertTrue(message.contains("bytes after its 18 data bytes"), message);
  }

  @Test
  void corruptGzipChecksum() throws IOException {
    byte[] packed = gzip(images(20, 10, 10));
    packed[packed.length - 8] ^= 1; // the CRC-32 of the content, in the gzip trailer
    String message = failure(write("garbled.gz", packed)).getMessage();
    assertTrue(message.contains("is not a valid gzip stream"), message);
  }
}
