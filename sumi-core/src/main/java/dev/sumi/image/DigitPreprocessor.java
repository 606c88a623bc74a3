package dev.sumi.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns a picture of one handwritten digit into a 28x28 image prepared the way MNIST digits were:
 * light ink on a black background, scaled to fit a 20x20 box with its aspect ratio kept, and placed
 * so that its centre of mass is at the centre of the frame.
 *
 * <p>The steps: convert to grey by luminance; invert if the background (the median of the border
 * pixels) is light; subtract the background level and stretch the contrast so that the strongest
 * ink is 1; crop to the bounding box of the ink; resize to fit 20x20 with an averaging filter;
 * shift so that the centre of mass lies at (14, 14), where pixel {@code (x, y)} covers {@code [x,
 * x+1) x [y, y+1)}, while keeping the digit inside the frame.
 *
 * <p>Results are {@value #SIZE}x{@value #SIZE} floats in [0, 1], row by row, ink = 1. A picture
 * without ink gives all zeros.
 */
public final class DigitPreprocessor {
  /** Width and height of the prepared image. */
  public static final int SIZE = 28;

  /** The digit is scaled to fit a box of this size, as in MNIST. */
  private static final int BOX = 20;

  /** Stretched ink above this level counts as the digit when cropping; below it is paper noise. */
  private static final float INK_THRESHOLD = 0.2f;

  /** Less contrast than this between background and the strongest ink means there is no digit. */
  private static final float MIN_CONTRAST = 0.1f;

  private DigitPreprocessor() {}

  /**
   * Reads an image file (PNG, JPEG, BMP or GIF) and prepares the digit in it.
   *
   * @return {@value #SIZE} * {@value #SIZE} values in [0, 1], row by row
   * @throws ImageException if the file does not exist or is not a readable image
   */
  public static float[] load(Path file) {
    BufferedImage image;
    try (InputStream in = Files.newInputStream(file)) {
      image = ImageIO.read(new MemoryCacheImageInputStream(in));
    } catch (NoSuchFileException e) {
      throw new ImageException("Image file " + file + " does not exist.", e);
    } catch (IOException | RuntimeException e) {
      // Decoders throw assorted unchecked exceptions on damaged data, not just IOException.
      throw notAnImage(file, e);
    }
    if (image == null) {
      throw notAnImage(file, null);
    }
    return prepare(image);
  }

  /**
   * Prepares the digit in an image.
   *
   * @return {@value #SIZE} * {@value #SIZE} values in [0, 1], row by row
   */
  public static float[] prepare(BufferedImage image) {
    GreyImage ink = ink(GreyImage.of(image));
    float[] prepared = new float[SIZE * SIZE];
    if (ink == null) {
      return prepared;
    }
    GreyImage digit = scaleToBox(cropToInk(ink));
    place(digit, prepared);
    return prepared;
  }

  /** Ink levels from 0 (background) to 1 (strongest ink), or null if there is no ink. */
  private static GreyImage ink(GreyImage grey) {
    float background = borderMedian(grey);
    boolean lightBackground = background > 0.5f;
    float[] ink = grey.pixels().clone();
    float paper = lightBackground ? 1 - background : background;
    float strongest = 0;
    for (int i = 0; i < ink.length; i++) {
      if (lightBackground) {
        ink[i] = 1 - ink[i];
      }
      strongest = Math.max(strongest, ink[i]);
    }
    float contrast = strongest - paper;
    if (contrast < MIN_CONTRAST) {
      return null;
    }
    for (int i = 0; i < ink.length; i++) {
      ink[i] = Math.clamp((ink[i] - paper) / contrast, 0f, 1f);
    }
    return new GreyImage(grey.width(), grey.height(), ink);
  }

  /** The median rather than the mean, so that strokes running off the edge do not shift it. */
  private static float borderMedian(GreyImage grey) {
    int w = grey.width();
    int h = grey.height();
    float[] border = new float[h == 1 ? w : w == 1 ? h : 2 * (w + h) - 4];
    int n = 0;
    for (int x = 0; x < w; x++) {
      border[n++] = grey.at(x, 0);
      if (h > 1) {
        border[n++] = grey.at(x, h - 1);
      }
    }
    for (int y = 1; y < h - 1; y++) {
      border[n++] = grey.at(0, y);
      if (w > 1) {
        border[n++] = grey.at(w - 1, y);
      }
    }
    Arrays.sort(border);
    return border[border.length / 2];
  }

  private static GreyImage cropToInk(GreyImage ink) {
    int left = ink.width();
    int right = -1;
    int top = ink.height();
    int bottom = -1;
    for (int y = 0; y < ink.height(); y++) {
      for (int x = 0; x < ink.width(); x++) {
        if (ink.at(x, y) > INK_THRESHOLD) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    return ink.crop(left, top, right - left + 1, bottom - top + 1);
  }

  private static GreyImage scaleToBox(GreyImage digit) {
    double scale = (double) BOX / Math.max(digit.width(), digit.height());
    GreyImage scaled =
        digit.resize(
            Math.clamp(Math.round(digit.width() * scale), 1, BOX),
            Math.clamp(Math.round(digit.height() * scale), 1, BOX));
    // Shrinking averages thin strokes with the background; MNIST strokes reach full strength.
    float[] pixels = scaled.pixels();
    float strongest = 0;
    for (float p : pixels) {
      strongest = Math.max(strongest, p);
    }
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] /= strongest;
    }
    return scaled;
  }

  /** Copies the digit into the frame with its centre of mass as near the centre as fits. */
  private static void place(GreyImage digit, float[] frame) {
    double mass = 0;
    double sumX = 0;
    double sumY = 0;
    for (int y = 0; y < digit.height(); y++) {
      for (int x = 0; x < digit.width(); x++) {
        float m = digit.at(x, y);
        mass += m;
        sumX += m * (x + 0.5);
        sumY += m * (y + 0.5);
      }
    }
    int left = offset(sumX / mass, digit.width());
    int top = offset(sumY / mass, digit.height());
    for (int y = 0; y < digit.height(); y++) {
      System.arraycopy(
          digit.pixels(), y * digit.width(), frame, (top + y) * SIZE + left, digit.width());
    }
  }

  private static int offset(double centreOfMass, int extent) {
    return Math.clamp(Math.round(SIZE / 2.0 - centreOfMass), 0, SIZE - extent);
  }

  private static ImageException notAnImage(Path file, Exception cause) {
    return new ImageException(
        "Cannot read " + file + " as an image; expected a PNG, JPEG, BMP or GIF file.", cause);
  }
}
