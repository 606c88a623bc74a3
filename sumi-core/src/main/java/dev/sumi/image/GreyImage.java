package dev.sumi.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/** A grey image with values in [0, 1], row by row. */
record GreyImage(int width, int height, float[] pixels) {

  /**
   * The luminance (Rec. 601 weights on the stored sRGB values) of an image, with transparent parts
   * shown over white paper as an image viewer would show them.
   */
  static GreyImage of(BufferedImage image) {
    return isPlainGrey(image) ? fromGreySamples(image) : fromRgb(image);
  }

  float at(int x, int y) {
    return pixels[y * width + x];
  }

  GreyImage crop(int x, int y, int cropWidth, int cropHeight) {
    float[] cropped = new float[cropWidth * cropHeight];
    for (int row = 0; row < cropHeight; row++) {
      System.arraycopy(pixels, (y + row) * width + x, cropped, row * cropWidth, cropWidth);
    }
    return new GreyImage(cropWidth, cropHeight, cropped);
  }

  /**
   * This image resampled to another size with a triangle filter that, when shrinking, widens to
   * cover every source pixel under an output pixel (so thin strokes are averaged, not skipped), and
   * when enlarging is bilinear interpolation.
   */
  GreyImage resize(int newWidth, int newHeight) {
    Filter across = Filter.of(width, newWidth);
    float[] rows = new float[newWidth * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < newWidth; x++) {
        rows[y * newWidth + x] = across.apply(x, pixels, y * width, 1);
      }
    }
    Filter down = Filter.of(height, newHeight);
    float[] resized = new float[newWidth * newHeight];
    for (int y = 0; y < newHeight; y++) {
      for (int x = 0; x < newWidth; x++) {
        resized[y * newWidth + x] = down.apply(y, rows, x, newWidth);
      }
    }
    return new GreyImage(newWidth, newHeight, resized);
  }

  /** For each output pixel along one axis: its first source pixel and normalised weights. */
  private record Filter(int[] first, float[][] weights) {
    static Filter of(int from, int to) {
      double scale = (double) from / to;
      double radius = Math.max(1, scale);
      int[] first = new int[to];
      float[][] weights = new float[to][];
      for (int i = 0; i < to; i++) {
        double centre = (i + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(centre - radius));
        int hi = Math.min(from, (int) Math.ceil(centre + radius));
        float[] w = new float[hi - lo];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
          w[k] = (float) Math.max(0, 1 - Math.abs(lo + k + 0.5 - centre) / radius);
          sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
          w[k] /= (float) sum;
        }
        first[i] = lo;
        weights[i] = w;
      }
      return new Filter(first, weights);
    }

    float apply(int i, float[] source, int offset, int stride) {
      float[] w = weights[i];
      int at = offset + first[i] * stride;
      float sum = 0;
      for (int k = 0; k < w.length; k++, at += stride) {
        sum += w[k] * source[at];
      }
      return sum;
    }
  }

  /**
   * Whether the image stores plain grey levels. Their samples are read directly, because {@link
   * BufferedImage#getRGB} treats grey images as linear light and brightens their mid-tones (a
   * stored 128 reads back as 188), while PNG and JPEG grey levels are already gamma-encoded.
   */
  private static boolean isPlainGrey(BufferedImage image) {
    return image.getColorModel() instanceof ComponentColorModel model
        && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && !model.isAlphaPremultiplied()
        && (model.getTransferType() == DataBuffer.TYPE_BYTE
            || model.getTransferType() == DataBuffer.TYPE_USHORT);
  }

  private static GreyImage fromGreySamples(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    var model = image.getColorModel();
    int alphaBand = model.hasAlpha() ? model.getNumComponents() - 1 : -1;
    float greyMax = (1 << model.getComponentSize(0)) - 1;
    float alphaMax = alphaBand < 0 ? 1 : (1 << model.getComponentSize(alphaBand)) - 1;
    float[] pixels = new float[w * h];
    int[] grey = new int[w];
    int[] alpha = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, grey);
      if (alphaBand >= 0) {
        raster.getSamples(0, y, w, 1, alphaBand, alpha);
      }
      for (int x = 0; x < w; x++) {
        float a = alphaBand < 0 ? 1 : alpha[x] / alphaMax;
        pixels[y * w + x] = overWhite(grey[x] / greyMax, a);
      }
    }
    return new GreyImage(w, h, pixels);
  }

  private static GreyImage fromRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] pixels = new float[w * h];
    int[] argb = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, argb, 0, w);
      for (int x = 0; x < w; x++) {
        int p = argb[x];
        float luminance =
            (0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF)) / 255;
        pixels[y * w + x] = overWhite(Math.min(luminance, 1), (p >>> 24) / 255f);
      }
    }
    return new GreyImage(w, h, pixels);
  }

  private static float overWhite(float grey, float alpha) {
    return grey * alpha + (1 - alpha);
  }
}
