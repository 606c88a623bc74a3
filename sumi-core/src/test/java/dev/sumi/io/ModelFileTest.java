package dev.sumi.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  private static final String ARCHITECTURE = "{\"layers\":[{\"type\":\"Dense\",\"name\":\"ü→✓\"}]}";

  @TempDir Path folder;

  @Test
  void roundTripsFloatsBitForBit() throws IOException {
    float[] special = {
      0f,
      -0f,
      Float.NaN,
      Float.intBitsToFloat(0xffc00000), // the canonical NaN with its sign bit set
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      1e-40f,
      Float.MIN_NORMAL,
      Float.MAX_VALUE,
      0.1f,
      -123.456f
    };
    List<float[]> tensors = List.of(special, new float[0], randomFloats(1000, 1));
    Path file = folder.resolve("model.sumi");
    ModelFile.write(file, ARCHITECTURE, tensors);
    assertSameContents(ARCHITECTURE, tensors, ModelFile.read(file));
    assertSameContents(ARCHITECTURE, tensors, readBytes(bytesOf(ARCHITECTURE, tensors)));
  }

  @Test
  void roundTripsAModelLargerThanTheWriteBuffer() throws IOException {
    String architecture = "{\"pad\":\"" + "x".repeat(100_000) + "\"}";
    List<float[]> tensors =
        List.of(randomFloats(3_000_001, 2), randomFloats(16_385, 3), randomFloats(7, 4));
    Path file = folder.resolve("large.sumi");
    ModelFile.write(file, architecture, tensors);
    assertEquals(
        24 + architecture.length() + 3 * 4 + 4 * (3_000_001 + 16_385 + 7), Files.size(file));
    assertSameContents(architecture, tensors, ModelFile.read(file));
  }

  @Test
  void writesTheDocumentedLayout() throws IOException {
    ByteBuffer expected = ByteBuffer.allocate(8 + 4 + 4 + 2 + 4 + 4 + 8 + 4 + 4);
    expected.order(ByteOrder.LITTLE_ENDIAN);
    expected.put(new byte[] {'S', 'U', 'M', 'I', 0x0D, 0x0A, 0x1A, 0x0A});
    expected.putInt(1).putInt(2).put("{}".getBytes(StandardCharsets.US_ASCII));
    expected.putInt(2).putInt(2).putFloat(1.5f).putFloat(-2f).putInt(0);
    CRC32 crc = new CRC32();
    crc.update(expected.array(), 0, expected.position());
    expected.putInt((int) crc.getValue());
    assertArrayEquals(
        expected.array(), bytesOf("{}", List.of(new float[] {1.5f, -2f}, new float[0])));
  }

  @Test
  void reportsTruncationAtEveryLength() {
    byte[] whole = bytesOf(ARCHITECTURE, List.of(new float[] {1, 2, 3}, new float[] {4}));
    assertEquals("Model file test.sumi is empty; expected a sumi model.", readFailure(new byte[0]));
    for (int length = 1; length < whole.length; length++) {
      String message = readFailure(Arrays.copyOf(whole, length));
      assertTrue(
          message.startsWith("Model file test.sumi is truncated or corrupted: expected ")
              && message.endsWith(" bytes but found " + length + "."),
          message);
    }
    assertEquals(
        "Model file test.sumi is truncated or corrupted: expected "
            + whole.length
            + " bytes but found "
            + (whole.length - 1)
            + ".",
        readFailure(Arrays.copyOf(whole, whole.length - 1)));
  }

  @Test
  void reportsATruncatedFileByName() throws IOException {
    Path file = folder.resolve("cut.sumi");
    byte[] whole = bytesOf(ARCHITECTURE, List.of(randomFloats(100, 5)));
    Files.write(file, Arrays.copyOf(whole, 300));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(file));
    assertEquals(
        "Model file "
            + file
            + " is truncated or corrupted: expected "
            + whole.length
            + " bytes but found 300.",
        e.getMessage());
  }

  @Test
  void detectsEverySingleBitFlip() {
    byte[] whole = bytesOf(ARCHITECTURE, List.of(new float[] {1, 2, 3}, new float[] {4}));
    for (int i = 0; i < whole.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = whole.clone();
        damaged[i] ^= (byte) (1 << bit);
        String message = readFailure(damaged);
        String expected =
            i < 4
                ? "is not a sumi model file"
                : i < 8 ? "signature was altered" : i < 12 ? "format version" : "corrupted";
        assertTrue(message.contains(expected), "byte " + i + ", bit " + bit + ": " + message);
      }
    }
  }

  @Test
  void reportsACorruptedChecksum() {
    byte[] bytes = bytesOf(ARCHITECTURE, List.of(new float[] {1, 2, 3}));
    bytes[bytes.length - 10] ^= 0x40;
    assertTrue(
        readFailure(bytes)
            .matches(
                "Model file test\\.sumi is corrupted: its CRC-32 checksum is [0-9a-f]{8} but its"
                    + " contents give [0-9a-f]{8}\\."));
  }

  @Test
  void refusesOtherFormatVersions() {
    byte[] bytes = bytesOf(ARCHITECTURE, List.of(new float[] {1}));
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
    fixChecksum(bytes);
    assertEquals(
        "Model file test.sumi has format version 2, but this build of sumi reads only version 1.",
        readFailure(bytes));
  }

  @Test
  void refusesFilesOfOtherKinds() {
    assertEquals(
        "test.sumi is not a sumi model file: it does not start with the signature"
            + " SUMI\\r\\n\\x1a\\n.",
        readFailure("{\"layers\": []}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(readFailure(new byte[] {(byte) 0x89, 'P', 'N', 'G'}).contains("not a sumi model"));
    assertTrue(readFailure(new byte[] {'S', 'U', 'X'}).contains("not a sumi model"));
  }

  @Test
  void recognisesTextModeDamage() {
    byte[] bytes = bytesOf(ARCHITECTURE, List.of(new float[] {1}));
    String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
    byte[] unix = latin1.replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        "Model file test.sumi starts like a sumi model but the rest of its signature was altered,"
            + " as happens when a binary file is transferred in text mode.",
        readFailure(unix));
  }

  @Test
  void refusesTrailingBytes() {
    byte[] whole = bytesOf(ARCHITECTURE, List.of(new float[] {1, 2}));
    byte[] longer = Arrays.copyOf(whole, whole.length + 3);
    assertEquals(
        "Model file test.sumi has 3 unexpected bytes after its end at byte "
            + whole.length
            + "; expected nothing after the checksum.",
        readFailure(longer));
  }

  @Test
  void absurdLengthsAreReportedWithoutAllocating() {
    byte[] bytes = bytesOf("{}", List.of(new float[] {1, 2}));
    int tensorCount = 8 + 4 + 4 + 2;
    int elementCount = tensorCount + 4;
    for (int field : new int[] {12, tensorCount, elementCount}) {
      byte[] damaged = bytes.clone();
      ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt(field, 0xFFFFFFFF);
      fixChecksum(damaged);
      String message = readFailure(damaged);
      assertTrue(
          message.matches(
              "Model file test\\.sumi is truncated or corrupted: expected (at least )?\\d{10,} bytes"
                  + " but found "
                  + bytes.length
                  + "\\."),
          message);
    }
  }

  @Test
  void overwritesAtomicallyLeavingNoTemporaryFiles() throws IOException {
    Path file = folder.resolve("model.sumi");
    ModelFile.write(file, "{\"v\":1}", List.of(new float[] {1}));
    ModelFile.write(file, "{\"v\":2}", List.of(new float[] {2, 3}));
    assertEquals("{\"v\":2}", ModelFile.read(file).architectureJson());
    assertEquals(List.of(file), filesIn(folder));
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws IOException {
    Path file = folder.resolve("model.sumi");
    ModelFile.write(file, ARCHITECTURE, List.of(new float[] {1}));
    byte[] before = Files.readAllBytes(file);
    List<float[]> failsWhileWriting = new FailingList(randomFloats(100_000, 6), 20);
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> ModelFile.write(file, ARCHITECTURE, failsWhileWriting));
    assertEquals("disk on fire", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(List.of(file), filesIn(folder));
  }

  @Test
  void refusesToReplaceADirectory() throws IOException {
    Path directory = Files.createDirectory(folder.resolve("model.sumi"));
    IOException e =
        assertThrows(IOException.class, () -> ModelFile.write(directory, ARCHITECTURE, List.of()));
    assertTrue(e.getMessage().contains("Is a directory"), e.getMessage());
    assertTrue(Files.isDirectory(directory));
    assertEquals(List.of(directory), filesIn(folder));
  }

  @Test
  void aReadOnlyFolderKeepsTheOldFile() throws IOException {
    Path file = folder.resolve("model.sumi");
    ModelFile.write(file, ARCHITECTURE, List.of(new float[] {1}));
    byte[] before = Files.readAllBytes(file);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(folder), "permissions are not enforced for this user (root)");
      assertThrows(IOException.class, () -> ModelFile.write(file, "{}", List.of(new float[] {2})));
      assertArrayEquals(before, Files.readAllBytes(file));
      assertEquals(List.of(file), filesIn(folder));
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void refusesANullTensorBeforeTouchingTheDisk() throws IOException {
    List<float[]> tensors = Arrays.asList(new float[] {1}, null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelFile.write(folder.resolve("m.sumi"), "{}", tensors));
    assertEquals("Tensor 1 of the model is null.", e.getMessage());
    assertEquals(List.of(), filesIn(folder));
  }

  @Test
  void aMissingFileIsAnIoError() {
    assertThrows(NoSuchFileException.class, () -> ModelFile.read(folder.resolve("none.sumi")));
  }

  /** Yields one tensor {@code size} times; fails halfway through a second pass over it. */
  private static final class FailingList extends AbstractList<float[]> {
    private final float[] tensor;
    private final int size;
    private int reads;

    FailingList(float[] tensor, int size) {
      this.tensor = tensor;
      this.size = size;
    }

    @Override
    public float[] get(int index) {
      if (++reads > size + size / 2) {
        throw new IllegalStateException("disk on fire");
      }
      return tensor;
    }

    @Override
    public int size() {
      return size;
    }
  }

  private static byte[] bytesOf(String architecture, List<float[]> tensors) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelFile.write(out, architecture, tensors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ModelFile.Contents readBytes(byte[] bytes) throws IOException {
    return ModelFile.read(new ByteArrayInputStream(bytes), "test.sumi");
  }

  private static String readFailure(byte[] bytes) {
    return assertThrows(ModelFileException.class, () -> readBytes(bytes)).getMessage();
  }

  private static void fixChecksum(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(bytes.length - 4, (int) crc.getValue());
  }

  private static float[] randomFloats(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static void assertSameContents(
      String architecture, List<float[]> tensors, ModelFile.Contents contents) {
    assertEquals(architecture, contents.architectureJson());
    assertEquals(tensors.size(), contents.tensors().size());
    for (int t = 0; t < tensors.size(); t++) {
      float[] expected = tensors.get(t);
      float[] actual = contents.tensors().get(t);
      assertEquals(expected.length, actual.length);
      for (int i = 0; i < expected.length; i++) {
        if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
          throw new AssertionError("tensor " + t + ", value " + i + " differs in its bits");
        }
      }
    }
  }

  private static List<Path> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }
}
