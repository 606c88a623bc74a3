package dev.sumi.data;

import static dev.sumi.data.NpzFiles.npy;
import static dev.sumi.data.NpzFiles.npz;
import static dev.sumi.data.NpzFiles.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpzTest {
  @TempDir Path tmp;

  private Path write(String name, byte[] content) throws IOException {
    return NpzFiles.write(tmp.resolve(name), content);
  }

  private DataException failure(byte[] content) throws IOException {
    Path file = write("bad.npz", content);
    DataException e = assertThrows(DataException.class, () -> Npz.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    return e;
  }

  @ParameterizedTest
  @CsvSource({"false, 1", "true, 1", "false, 2", "true, 2", "false, 3", "true, 3"})
  void roundTripStoredAndDeflatedOfEveryHeaderVersion(boolean deflate, int version)
      throws IOException {
    byte[] pixels = NpzFiles.imagePixels(3, 4, 5);
    Path file = write("a.npz", npz(deflate, npy(version, "|u1", pixels, 3, 4, 5)));
    NpyArray array = Npz.read(file).single();
    assertArrayEquals(new int[] {3, 4, 5}, array.dims());
    assertArrayEquals(pixels, array.data());
    assertEquals("arr_0", array.name());
    assertEquals(file, array.file());
  }

  @Test
  void severalArraysByName() throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("x.npy", u8(new byte[] {1, 2, 3, 4}, 2, 2));
    members.put("y.npy", u8(new byte[] {7, 8}, 2));
    Npz npz = Npz.read(write("xy.npz", npz(true, members)));
    assertEquals(List.of("x", "y"), npz.names());
    assertArrayEquals(new byte[] {7, 8}, npz.array("y").data());
    assertArrayEquals(new int[] {2}, npz.array("y").dims());
    String m = assertThrows(DataException.class, () -> npz.array("z")).getMessage();
    assertTrue(m.contains("has no array 'z'; it holds x, y"), m);
    m = assertThrows(DataException.class, npz::single).getMessage();
    assertTrue(m.contains("holds 2 arrays (x, y); expected exactly one"), m);
  }

  @Test
  void littleEndianAndNativeUint8AreAccepted() throws IOException {
    for (String dtype : List.of("<u1", "=u1")) {
      NpyArray a = Npz.read(write("le.npz", npz(false, npy(1, dtype, new byte[] {5}, 1)))).single();
      assertArrayEquals(new byte[] {5}, a.data());
    }
  }

  @Test
  void scalarAndEmptyShapes() throws IOException {
    assertArrayEquals(
        new int[0], Npz.read(write("s.npz", npz(false, u8(new byte[] {9})))).single().dims());
    assertArrayEquals(
        new int[] {0, 28, 28},
        Npz.read(write("e.npz", npz(true, u8(new byte[0], 0, 28, 28)))).single().dims());
  }

  @Test
  void otherDtypesAreRefusedInOneSentence() throws IOException {
    String m = failure(npz(false, npy(1, "<f4", new byte[8], 2))).getMessage();
    assertTrue(m.startsWith("The array 'arr_0' of NPZ file "), m);
    assertTrue(m.endsWith("has dtype '<f4'; expected uint8 ('|u1'), the only one read."), m);
    m = failure(npz(true, npy(1, "<i8", new byte[8], 1))).getMessage();
    assertTrue(m.contains("dtype '<i8'"), m);
  }

  @Test
  void fortranOrderIsRefused() throws IOException {
    byte[] f = npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", new byte[4]);
    String m = failure(npz(false, f)).getMessage();
    assertTrue(m.contains("Fortran order; expected C order"), m);
  }

  @Test
  void headerWithoutShapeIsRefused() throws IOException {
    byte[] f = npy(1, "{'descr': '|u1', 'fortran_order': False, }", new byte[4]);
    assertTrue(failure(npz(false, f)).getMessage().contains("expected a dict with 'descr'"));
  }

  @Test
  void unknownFormatVersionIsRefused() throws IOException {
    byte[] v4 = u8(new byte[] {1}, 1);
    v4[6] = 4;
    assertTrue(failure(npz(false, v4)).getMessage().contains("version 4.0; expected 1.0, 2.0"));
  }

  @Test
  void memberThatIsNotNpyIsRefused() throws IOException {
    String m =
        failure(npz(true, "hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
            .getMessage();
    assertTrue(m.contains("does not start with the .npy magic string"), m);
  }

  @Test
  void dataShorterOrLongerThanTheShapeIsRefused() throws IOException {
    String m = failure(npz(true, u8(new byte[5], 2, 3))).getMessage();
    assertTrue(m.contains("is truncated: it holds 5 data bytes but its shape (2, 3) needs 6"), m);
    m = failure(npz(false, u8(new byte[7], 2, 3))).getMessage();
    assertTrue(m.contains("has bytes after its 6 data bytes"), m);
  }

  @Test
  void truncatedArchiveIsRefused() throws IOException {
    byte[] whole = npz(true, u8(NpzFiles.imagePixels(4, 8, 8), 4, 8, 8));
    String m = failure(Arrays.copyOf(whole, whole.length / 2)).getMessage();
    assertTrue(m.contains("is not a readable zip archive"), m);
  }

  @Test
  void corruptStoredDataFailsTheCrcCheck() throws IOException {
    byte[] pixels = NpzFiles.imagePixels(2, 8, 8);
    byte[] archive = npz(false, u8(pixels, 2, 8, 8));
    // The stored member's data follows its 30-byte local header and name; flip a pixel byte.
    archive[30 + "arr_0.npy".length() + 128 + 10] ^= 0x5a;
    String m = failure(archive).getMessage();
    assertTrue(m.contains("is corrupt: its CRC32 is"), m);
  }

  @Test
  void corruptDeflatedDataIsRefused() throws IOException {
    byte[] archive = npz(true, u8(NpzFiles.imagePixels(16, 28, 28), 16, 28, 28));
    for (int i = 60; i < 200; i++) {
      archive[i] = (byte) (archive[i] ^ 0xff);
    }
    String m = failure(archive).getMessage();
    assertTrue(m.contains("corrupt") || m.contains("truncated"), m);
  }

  @Test
  void notAZipFileOrMissing() throws IOException {
    assertTrue(failure(new byte[] {1, 2, 3}).getMessage().contains("not a readable zip archive"));
    Path missing = tmp.resolve("missing.npz");
    DataException e = assertThrows(DataException.class, () -> Npz.read(missing));
    assertEquals("NPZ file " + missing + " does not exist.", e.getMessage());
  }

  @Test
  void datasetFromNpyArrays() throws IOException {
    byte[] pixels = NpzFiles.imagePixels(3, 2, 2);
    NpyArray images = Npz.read(write("i.npz", npz(true, u8(pixels, 3, 2, 2)))).single();
    NpyArray labels =
        Npz.read(write("l.npz", npz(false, u8(NpzFiles.labelBytes(2, 0, 1), 3)))).single();
    Dataset d = Dataset.fromNpy("t", images, labels, List.of("a", "b", "c"), 0, 1);
    assertEquals(3, d.size());
    assertEquals("(1, 2, 2)", d.sampleShape().toString());
    assertEquals(2, d.label(0));

    NpyArray badLabels =
        Npz.read(write("b.npz", npz(false, u8(NpzFiles.labelBytes(2, 0, 3), 3)))).single();
    String m =
        assertThrows(
                DataException.class,
                () -> Dataset.fromNpy("t", images, badLabels, List.of("a", "b", "c"), 0, 1))
            .getMessage();
    assertTrue(m.startsWith("The label array 'arr_0' of "), m);
    assertTrue(m.contains("has label 3 at index 2; expected labels in 0..2"), m);

    NpyArray fewer = Npz.read(write("f.npz", npz(false, u8(new byte[2], 2)))).single();
    m =
        assertThrows(
                DataException.class,
                () -> Dataset.fromNpy("t", images, fewer, List.of("a", "b", "c"), 0, 1))
            .getMessage();
    assertTrue(m.contains("holds 3 images but label array 'arr_0' of"), m);
  }
}
