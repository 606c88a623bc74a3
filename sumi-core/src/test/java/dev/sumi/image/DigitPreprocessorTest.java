package dev.sumi.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitPreprocessorTest {
  private static final int N = DigitPreprocessor.SIZE;

  @TempDir Path folder;

  @Test
  void aZeroFillsTheCentralBoxWithItsCentreOfMassAtTheCentre() {
    float[] zero = DigitPreprocessor.prepare(drawZero(Color.WHITE, Color.BLACK));
    assertEquals(N * N, zero.length);
    for (float v : zero) {
      assertTrue(v >= 0 && v <= 1, "value " + v);
    }
    int[] box = inkBox(zero);
    assertTrue(box[0] >= 4 && box[1] <= 23 && box[2] >= 4 && box[3] <= 23, Arrays.toString(box));
    assertEquals(20, box[3] - box[2] + 1, "the taller side fills the 20x20 box");
    assertCentred(zero);
  }

  @Test
  void aSevenIsCentredByMassNotByItsBox() {
    float[] seven = DigitPreprocessor.prepare(drawSeven(Color.WHITE, Color.BLACK, 600, 400));
    int[] box = inkBox(seven);
    assertTrue(box[1] - box[0] < 20 && box[3] - box[2] < 20, Arrays.toString(box));
    assertCentred(seven);
    assertTrue(
        box[0] < 4 || box[1] > 23 || box[2] < 4 || box[3] > 23,
        "the top-heavy 7 leaves the central box: " + Arrays.toString(box));
  }

  @Test
  void inkOnBlackGivesTheSameAsInkOnWhite() {
    float[] onWhite = DigitPreprocessor.prepare(drawSeven(Color.WHITE, Color.BLACK, 300, 300));
    float[] onBlack = DigitPreprocessor.prepare(drawSeven(Color.BLACK, Color.WHITE, 300, 300));
    assertTrue(maxDifference(onWhite, onBlack) < 0.02, "" + maxDifference(onWhite, onBlack));
  }

  @Test
  void greyPaperAndPencilGiveTheSameAsBlackOnWhite() {
    float[] clean = DigitPreprocessor.prepare(drawSeven(Color.WHITE, Color.BLACK, 300, 300));
    float[] faint =
        DigitPreprocessor.prepare(
            drawSeven(new Color(200, 195, 190), new Color(90, 90, 100), 300, 300));
    assertTrue(maxDifference(clean, faint) < 0.05, "" + maxDifference(clean, faint));
  }

  @Test
  void aSmallDigitIsEnlargedAndAStrokeOffTheEdgeDoesNotSpoilTheBackground() {
    BufferedImage image = canvas(400, 400, Color.WHITE);
    Graphics2D g = pen(image, Color.BLACK, 3);
    g.drawOval(300, 40, 12, 18);
    g.drawLine(0, 200, 60, 200); // touches the border
    g.dispose();
    int[] box = inkBox(DigitPreprocessor.prepare(image));
    assertEquals(20, Math.max(box[1] - box[0], box[3] - box[2]) + 1);
  }

  @Test
  void greyAndTransparentImagesMatchRgb() {
    BufferedImage rgb = drawSeven(Color.WHITE, Color.BLACK, 300, 300);
    float[] expected = DigitPreprocessor.prepare(rgb);

    BufferedImage grey = new BufferedImage(300, 300, BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(rgb, 0, 0, null);
    assertTrue(maxDifference(expected, DigitPreprocessor.prepare(grey)) < 0.02);

    BufferedImage transparent = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = transparent.createGraphics();
    g.setComposite(java.awt.AlphaComposite.Src);
    g.drawImage(drawSeven(Color.WHITE, Color.BLACK, 300, 300), 0, 0, null);
    g.dispose();
    for (int y = 0; y < 300; y++) {
      for (int x = 0; x < 300; x++) {
        int darkness = 255 - (transparent.getRGB(x, y) & 0xFF);
        transparent.setRGB(x, y, darkness << 24); // black ink whose alpha is the coverage
      }
    }
    assertTrue(maxDifference(expected, DigitPreprocessor.prepare(transparent)) < 0.02);
  }

  @Test
  void greyLevelsAreReadAsStoredNotAsLinearLight() {
    BufferedImage grey = new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 10; y < 40; y++) {
      for (int x = 10; x < 40; x++) {
        grey.getRaster().setSample(x, y, 0, x < 25 ? 255 : 128);
      }
    }
    float[] prepared = DigitPreprocessor.prepare(grey);
    assertEquals(1.0f, prepared[14 * N + 8], 1e-5f);
    assertEquals(128 / 255f, prepared[14 * N + 20], 1e-5f);
  }

  @Test
  void blankImagesGiveZeros() {
    assertArrayEquals(new float[N * N], DigitPreprocessor.prepare(canvas(64, 48, Color.WHITE)));
    assertArrayEquals(new float[N * N], DigitPreprocessor.prepare(canvas(64, 48, Color.GRAY)));
    assertArrayEquals(new float[N * N], DigitPreprocessor.prepare(canvas(1, 1, Color.BLACK)));
  }

  @Test
  void loadsEveryFormat() throws IOException {
    BufferedImage seven = drawSeven(Color.WHITE, Color.BLACK, 200, 240);
    float[] expected = DigitPreprocessor.prepare(seven);
    for (String format : new String[] {"png", "jpg", "bmp", "gif"}) {
      Path file = folder.resolve("seven." + format);
      assertTrue(ImageIO.write(seven, format, file.toFile()), format);
      float[] loaded = DigitPreprocessor.load(file);
      assertTrue(meanDifference(expected, loaded) < 0.01, format);
      assertCentred(loaded);
    }
  }

  @Test
  void refusesFilesThatAreNoImages() throws IOException {
    Path text = Files.writeString(folder.resolve("digit.png"), "not an image\n");
    assertEquals(
        "Cannot read " + text + " as an image; expected a PNG, JPEG, BMP or GIF file.",
        assertThrows(ImageException.class, () -> DigitPreprocessor.load(text)).getMessage());

    Path png = folder.resolve("whole.png");
    ImageIO.write(drawZero(Color.WHITE, Color.BLACK), "png", png.toFile());
    byte[] bytes = Files.readAllBytes(png);
    Path truncated = Files.write(folder.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals(
        "Cannot read " + truncated + " as an image; expected a PNG, JPEG, BMP or GIF file.",
        assertThrows(ImageException.class, () -> DigitPreprocessor.load(truncated)).getMessage());

    Path missing = folder.resolve("missing.png");
    assertEquals(
        "Image file " + missing + " does not exist.",
        assertThrows(ImageException.class, () -> DigitPreprocessor.load(missing)).getMessage());
  }

  private static BufferedImage drawZero(Color paper, Color ink) {
    BufferedImage image = canvas(320, 240, paper);
    Graphics2D g = pen(image, ink, 14);
    g.drawOval(40, 30, 90, 150);
    g.dispose();
    return image;
  }

  /** A 7 with a long top bar, off the canvas centre. */
  private static BufferedImage drawSeven(Color paper, Color ink, int width, int height) {
    BufferedImage image = canvas(width, height, paper);
    Graphics2D g = pen(image, ink, Math.max(width, height) / 25f);
    Path2D stroke = new Path2D.Double();
    stroke.moveTo(width * 0.15, height * 0.2);
    stroke.lineTo(width * 0.6, height * 0.2);
    stroke.lineTo(width * 0.35, height * 0.8);
    g.draw(stroke);
    g.dispose();
    return image;
  }

  private static BufferedImage canvas(int width, int height, Color paper) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(paper);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static Graphics2D pen(BufferedImage image, Color ink, float width) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(ink);
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    return g;
  }

  /** Left, right, top and bottom pixel holding ink. */
  private static int[] inkBox(float[] image) {
    int[] box = {N, -1, N, -1};
    for (int y = 0; y < N; y++) {
      for (int x = 0; x < N; x++) {
        if (image[y * N + x] > 0.01f) {
          box[0] = Math.min(box[0], x);
          box[1] = Math.max(box[1], x);
          box[2] = Math.min(box[2], y);
          box[3] = Math.max(box[3], y);
        }
      }
    }
    return box;
  }

  private static void assertCentred(float[] image) {
    double mass = 0;
    double x = 0;
    double y = 0;
    for (int i = 0; i < image.length; i++) {
      mass += image[i];
      x += image[i] * (i % N + 0.5);
      y += image[i] * (i / N + 0.5);
    }
    assertEquals(N / 2.0, x / mass, 1.0, "centre of mass x");
    assertEquals(N / 2.0, y / mass, 1.0, "centre of mass y");
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static double meanDifference(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }
}
