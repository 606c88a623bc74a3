package dev.sumi.augment;

/**
 * One image being augmented, C x H x W floats at an offset of a batch buffer, with what
 * augmentations need around it: the background value (what empty space looks like after
 * normalisation), the range pixel values must stay in, scratch planes, and the image's random
 * stream. An {@link Augmenter} keeps one per worker thread and points it at each image in turn, so
 * augmenting allocates nothing per image.
 */
public final class Sample {
  private final int channels;
  private final int height;
  private final int width;
  private final float background;
  private final float min;
  private final float max;
  private final float[] plane;
  private final float[] fieldX;
  private final float[] fieldY;
  private final float[] temp;
  private float[] data;
  private int offset;
  private long state;

  /**
   * @param background the value of empty space, used to fill what moves into view
   * @param min the smallest value a pixel may have
   * @param max the largest value a pixel may have
   */
  public Sample(int channels, int height, int width, float background, float min, float max) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "Sample shape "
              + channels
              + " x "
              + height
              + " x "
              + width
              + " is invalid; expected positive sizes.");
    }
    if (!(min <= background && background <= max)) {
      throw new IllegalArgumentException(
          "Background "
              + background
              + " is outside the pixel range ["
              + min
              + ", "
              + max
              + "]; expected it inside.");
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.background = background;
    this.min = min;
    this.max = max;
    int size = height * width;
    this.plane = new float[size];
    this.fieldX = new float[size];
    this.fieldY = new float[size];
    this.temp = new float[size];
  }

  /** Points this at the image at {@code data[offset ..]} and seeds its random stream. */
  public Sample reset(float[] data, int offset, long seed) {
    this.data = data;
    this.offset = offset;
    this.state = seed;
    return this;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public float background() {
    return background;
  }

  public float min() {
    return min;
  }

  public float max() {
    return max;
  }

  /** The buffer holding the image. */
  public float[] data() {
    return data;
  }

  /** Index in {@link #data()} of channel {@code c}'s first pixel. */
  public int planeOffset(int c) {
    return offset + c * height * width;
  }

  /** The pixel at channel {@code c}, row {@code y}, column {@code x}. */
  public float get(int c, int y, int x) {
    return data[planeOffset(c) + y * width + x];
  }

  /** A uniform random double in [0, 1) from this image's stream (SplitMix64). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A uniform random value in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** A uniform random int in [0, bound). */
  public int nextInt(int bound) {
    return (int) (nextDouble() * bound);
  }

  /** True with probability {@code p}. */
  public boolean chance(double p) {
    return nextDouble() < p;
  }

  private long nextLong() {
    state += 0x9e3779b97f4a7c15L;
    return mix(state);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Scratch plane of H x W floats, e.g. for a resampled channel. */
  float[] plane() {
    return plane;
  }

  /** Per output pixel, the source column for {@link #warp()}. */
  float[] fieldX() {
    return fieldX;
  }

  /** Per output pixel, the source row for {@link #warp()}. */
  float[] fieldY() {
    return fieldY;
  }

  float[] temp() {
    return temp;
  }

  /**
   * Resamples every channel through the map in {@link #fieldX()} and {@link #fieldY()}, which give
   * for each output pixel the source coordinates to take its value from: bilinearly, with {@link
   * #background()} outside the image, clamped to [min, max].
   */
  void warp() {
    for (int c = 0; c < channels; c++) {
      int base = planeOffset(c);
      for (int i = 0; i < plane.length; i++) {
        plane[i] = bilinear(base, fieldX[i], fieldY[i]);
      }
      for (int i = 0; i < plane.length; i++) {
        data[base + i] = Math.min(max, Math.max(min, plane[i]));
      }
    }
  }

  private float bilinear(int base, float sx, float sy) {
    if (!(sx > -1 && sx < width && sy > -1 && sy < height)) {
      return background; // also NaN coordinates
    }
    int x0 = (int) Math.floor(sx);
    int y0 = (int) Math.floor(sy);
    float fx = sx - x0;
    float fy = sy - y0;
    float v00 = pixel(base, x0, y0);
    float v10 = pixel(base, x0 + 1, y0);
    float v01 = pixel(base, x0, y0 + 1);
    float v11 = pixel(base, x0 + 1, y0 + 1);
    // Exact at whole-pixel positions: fx = fy = 0 returns v00 unchanged.
    float top = v00 + fx * (v10 - v00);
    float bottom = v01 + fx * (v11 - v01);
    return top + fy * (bottom - top);
  }

  private float pixel(int base, int x, int y) {
    return x >= 0 && x < width && y >= 0 && y < height ? data[base + y * width + x] : background;
  }
}
