package dev.sumi.augment;

import java.util.Locale;

/**
 * A random affine transform about the image centre: rotation by up to ±{@code rotate} degrees
 * (positive is counter-clockwise as displayed), shear along x by up to ±{@code shear} degrees,
 * scaling by a factor in [1 - {@code scale}, 1 + {@code scale}] and a shift by up to ±{@code shift}
 * of the width and height, each drawn uniformly per image. Sampling is bilinear, and what moves
 * into view is background. Immutable: each setter returns a new transform.
 *
 * <pre>{@code
 * Augment.affine().rotate(10).shift(0.1).scale(0.1).shear(10)
 * }</pre>
 */
public final class Affine implements Augmentation {
  private final double rotate;
  private final double shift;
  private final double scale;
  private final double shear;

  Affine(double rotate, double shift, double scale, double shear) {
    check("rotate", rotate, 180);
    check("shift", shift, 1);
    check("scale", scale, 0.99);
    check("shear", shear, 60);
    this.rotate = rotate;
    this.shift = shift;
    this.scale = scale;
    this.shear = shear;
  }

  private static void check(String name, double value, double limit) {
    if (!(value >= 0 && value <= limit)) {
      throw new IllegalArgumentException(
          "Affine " + name + " is " + value + "; expected a value in [0, " + limit + "].");
    }
  }

  /** Rotation by up to ±{@code degrees}. */
  public Affine rotate(double degrees) {
    return new Affine(degrees, shift, scale, shear);
  }

  /** Shift by up to ±{@code fraction} of the width (and of the height), independently. */
  public Affine shift(double fraction) {
    return new Affine(rotate, fraction, scale, shear);
  }

  /** Scaling by a factor in [1 - {@code fraction}, 1 + {@code fraction}]. */
  public Affine scale(double fraction) {
    return new Affine(rotate, shift, fraction, shear);
  }

  /** Shear along x by up to ±{@code degrees}. */
  public Affine shear(double degrees) {
    return new Affine(rotate, shift, scale, degrees);
  }

  @Override
  public void apply(Sample sample) {
    double angle = sample.uniform(-rotate, rotate);
    double factor = 1 + sample.uniform(-scale, scale);
    double shearAngle = sample.uniform(-shear, shear);
    double tx = sample.uniform(-shift, shift) * sample.width();
    double ty = sample.uniform(-shift, shift) * sample.height();
    transform(sample, angle, factor, shearAngle, tx, ty);
  }

  /**
   * Applies one affine transform: the image is sheared by {@code shearDegrees} along x, rotated
   * counter-clockwise by {@code degrees} and scaled by {@code factor} about its centre, then moved
   * by ({@code tx}, {@code ty}) pixels (right and down).
   */
  public static void transform(
      Sample sample, double degrees, double factor, double shearDegrees, double tx, double ty) {
    double theta = Math.toRadians(degrees);
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double tan = Math.tan(Math.toRadians(shearDegrees));
    // Output to source: the inverse of factor * R * Sh, with R = [[cos, sin], [-sin, cos]] (y
    // points down, so this turns counter-clockwise on screen) and Sh = [[1, tan], [0, 1]].
    float a = (float) ((cos - tan * sin) / factor);
    float b = (float) ((-sin - tan * cos) / factor);
    float c = (float) (sin / factor);
    float d = (float) (cos / factor);
    float cx = (sample.width() - 1) / 2f;
    float cy = (sample.height() - 1) / 2f;
    float ox = (float) (cx + tx);
    float oy = (float) (cy + ty);
    float[] sx = sample.fieldX();
    float[] sy = sample.fieldY();
    int w = sample.width();
    for (int y = 0; y < sample.height(); y++) {
      float dy = y - oy;
      for (int x = 0; x < w; x++) {
        float dx = x - ox;
        sx[y * w + x] = cx + a * dx + b * dy;
        sy[y * w + x] = cy + c * dx + d * dy;
      }
    }
    sample.warp();
  }

  @Override
  public String spec() {
    return String.format(
        Locale.ROOT,
        "affine:rotate=%s,shift=%s,scale=%s,shear=%s",
        n(rotate),
        n(shift),
        n(scale),
        n(shear));
  }

  static String n(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public String toString() {
    return spec();
  }
}
