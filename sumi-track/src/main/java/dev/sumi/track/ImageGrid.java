package dev.sumi.track;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Tiles of equal size laid out in rows of {@code columns}, a 1-pixel gap between them, written as a
 * PNG. A tile is channels-first floats (1 channel: grey, 3: RGB), scaled up by {@code scale}.
 */
final class ImageGrid {
  private final BufferedImage image;
  private final int columns;
  private final int tileWidth;
  private final int tileHeight;
  private final int scale;

  ImageGrid(int tiles, int columns, int height, int width, int scale) {
    this.columns = Math.max(1, Math.min(columns, tiles));
    this.tileWidth = width * scale;
    this.tileHeight = height * scale;
    this.scale = scale;
    int rows = Math.max(1, (tiles + this.columns - 1) / this.columns);
    image =
        new BufferedImage(
            this.columns * (tileWidth + 1) - 1,
            rows * (tileHeight + 1) - 1,
            BufferedImage.TYPE_INT_RGB);
    // Grey gaps, so that tiles stand apart on dark images too.
    Graphics2D g = image.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.dispose();
  }

  int tileWidth() {
    return tileWidth;
  }

  int tileHeight() {
    return tileHeight;
  }

  int columns() {
    return columns;
  }

  /**
   * Draws tile {@code index} from {@code pixels[offset ..]}: {@code channels} planes of height x
   * width values mapped linearly from [lo, hi] to black..white.
   */
  void draw(int index, float[] pixels, int offset, int channels, float lo, float hi) {
    int h = tileHeight / scale;
    int w = tileWidth / scale;
    int x0 = (index % columns) * (tileWidth + 1);
    int y0 = (index / columns) * (tileHeight + 1);
    float range = hi > lo ? hi - lo : 1f;
    int plane = h * w;
    int[] c = new int[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < 3; k++) {
          float v = pixels[offset + (channels == 3 ? k : 0) * plane + y * w + x];
          c[k] = Math.clamp(Math.round((v - lo) / range * 255f), 0, 255);
        }
        int rgb = (c[0] << 16) | (c[1] << 8) | c[2];
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            image.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
          }
        }
      }
    }
  }

  /** Draws a tile scaled to its own minimum and maximum. */
  void drawStretched(int index, float[] pixels, int offset, int channels) {
    int n = channels * (tileHeight / scale) * (tileWidth / scale);
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = offset; i < offset + n; i++) {
      lo = Math.min(lo, pixels[i]);
      hi = Math.max(hi, pixels[i]);
    }
    draw(index, pixels, offset, channels, lo, hi);
  }

  void writePng(Path file) {
    AtomicFiles.write(
        file,
        temp -> {
          if (!ImageIO.write(image, "png", temp.toFile())) {
            throw new IOException("no PNG writer is available");
          }
        });
  }
}
