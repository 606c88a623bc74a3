package dev.sumi.data;

import static dev.sumi.data.IdxFiles.images;
import static dev.sumi.data.IdxFiles.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  private static final List<String> THREE = List.of("a", "b", "c");

  @TempDir Path dir;

  private Idx idx(String name, byte[] content) throws IOException {
    return Idx.read(Files.write(dir.resolve(name), content));
  }

  private Dataset tiny() {
    // Four 1x2x2 samples; sample i has pixels 10*i .. 10*i + 3.
    byte[] pixels = new byte[16];
    for (int i = 0; i < 16; i++) {
      pixels[i] = (byte) (10 * (i / 4) + i % 4);
    }
    return Dataset.of(
        "tiny", pixels, new int[] {0, 1, 2, 1}, Shape.of(1, 2, 2), THREE, 0.5f, 0.25f);
  }

  @Test
  void fromIdxFiles() throws IOException {
    Dataset d =
        Dataset.fromIdx(
            "t", idx("img", images(3, 4, 5)), idx("lab", labels(2, 0, 1)), THREE, 0.1f, 0.2f);
    assertEquals(3, d.size());
    assertEquals(3, d.numClasses());
    assertEquals(Shape.of(1, 4, 5), d.sampleShape());
    assertEquals(20, d.sampleSize());
    assertEquals(2, d.label(0));
    assertEquals("c", d.className(2));
  }

  @Test
  void imageAndLabelCountsMustMatch() throws IOException {
    Idx images = idx("imgs", images(3, 2, 2));
    Idx labels = idx("labs", labels(0, 1));
    DataException e =
        assertThrows(DataException.class, () -> Dataset.fromIdx("t", images, labels, THREE, 0, 1));
    String m = e.getMessage();
    assertTrue(m.contains(images.file() + " holds 3 images"), m);
    assertTrue(m.contains(labels.file() + " holds 2 labels"), m);
    assertTrue(m.contains("expected the same count"), m);
  }

  @Test
  void labelsMustBeBelowTheNumberOfClasses() throws IOException {
    Idx images = idx("imgs", images(3, 2, 2));
    Idx labels = idx("labs", labels(0, 1, 7));
    DataException e =
        assertThrows(DataException.class, () -> Dataset.fromIdx("t", images, labels, THREE, 0, 1));
    String m = e.getMessage();
    assertTrue(m.contains("label file " + labels.file()), m);
    assertTrue(m.contains("label 7 at index 2; expected labels in 0..2"), m);
  }

  @Test
  void imageFilesMustHaveRankThree() throws IOException {
    Idx flat = idx("flat", labels(1, 2, 3));
    DataException e =
        assertThrows(DataException.class, () -> Dataset.fromIdx("t", flat, flat, THREE, 0, 1));
    assertTrue(e.getMessage().contains(flat.file() + " has dimensions [3]; expected 3"));
  }

  @Test
  void fillNormalisesTheChosenSamplesIntoReusedBuffers() {
    Dataset d = tiny();
    float[] images = new float[3 * 4];
    int[] labels = new int[3];
    d.fill(new int[] {9, 3, 0, 9}, 1, 2, images, labels);
    assertArrayEquals(new int[] {1, 0, 0}, labels);
    for (int j = 0; j < 4; j++) {
      assertEquals(((30 + j) / 255f - 0.5f) / 0.25f, images[j], 1e-6f);
      assertEquals((j / 255f - 0.5f) / 0.25f, images[4 + j], 1e-6f);
    }
    assertEquals(0, images[8]);
    assertEquals((1 - 0.5f) / 0.25f, d.normalized(255), 1e-6f);
  }

  @Test
  void fillInSampleOrder() {
    Dataset d = tiny();
    float[] images = new float[8];
    int[] labels = new int[2];
    d.fill(2, 2, images, labels);
    assertArrayEquals(new int[] {2, 1}, labels);
    assertEquals(d.normalized(20), images[0]);
    assertEquals(d.normalized(33), images[7]);
  }

  @Test
  void fillChecksBuffersAndIndices() {
    Dataset d = tiny();
    assertThrows(IllegalArgumentException.class, () -> d.fill(0, 2, new float[7], new int[2]));
    assertThrows(IndexOutOfBoundsException.class, () -> d.fill(3, 2, new float[8], new int[2]));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> d.fill(new int[] {4}, 0, 1, new float[4], new int[1]));
  }

  @Test
  void subsetAndTakeCopyARange() {
    Dataset d = tiny();
    Dataset middle = d.subset(1, 3);
    assertEquals(2, middle.size());
    assertEquals(1, middle.label(0));
    float[] images = new float[4];
    middle.fill(1, 1, images, new int[1]);
    assertEquals(d.normalized(20), images[0]);
    assertEquals(4, d.take(10).size());
    assertEquals(1, d.take(1).size());
  }

  @Test
  void ofChecksThePixelCount() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.of("short", new byte[7], new int[2], Shape.of(1, 2, 2), THREE, 0, 1));
    assertTrue(e.getMessage().contains("7 pixels for 2 labels"), e.getMessage());
  }
}
