package dev.sumi.augment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds augmentations, in code or from a spec string.
 *
 * <pre>{@code
 * Augmentation a =
 *     Augment.affine().rotate(10).shift(0.1).scale(0.1).shear(10)
 *         .then(Augment.elastic(34, 4))
 *         .then(Augment.erasing(0.5));
 * Augmentation same = Augment.parse(a.spec());
 * }</pre>
 *
 * <p>A spec is {@code none} or steps joined by {@code +}, each a name with optional {@code
 * key=value} settings after a colon: {@code affine:rotate=10,shift=0.1,scale=0.1,shear=10}, {@code
 * elastic:alpha=34,sigma=4}, {@code erasing:p=0.5,min=0.02,max=0.4,ratio=0.3,fill=background},
 * {@code flip:p=0.5}, {@code crop:pad=2} (a random shift by whole pixels), {@code
 * translate:x=1,y=-1} (a fixed shift). Settings left out are 0 for affine and the defaults of the
 * factories below otherwise.
 */
public final class Augment {
  private static final String NAMES = "affine, crop, elastic, erasing, flip or translate";

  private Augment() {}

  /** No augmentation. */
  public static Augmentation none() {
    return Chain.None.INSTANCE;
  }

  /** An affine transform that does nothing until given ranges: {@code affine().rotate(10)}. */
  public static Affine affine() {
    return new Affine(0, 0, 0, 0);
  }

  /** Elastic distortion of strength {@code alpha} and smoothness {@code sigma} pixels. */
  public static Elastic elastic(double alpha, double sigma) {
    return new Elastic(alpha, sigma);
  }

  /** Random erasing with probability {@code p}, with the paper's area and ratio ranges. */
  public static Erasing erasing(double p) {
    return new Erasing(p, 0.02, 0.4, 0.3, false);
  }

  /** A horizontal flip of half the images. */
  public static Flip flip() {
    return new Flip(0.5);
  }

  /** A horizontal flip with probability {@code p}. */
  public static Flip flip(double p) {
    return new Flip(p);
  }

  /**
   * A random shift by whole pixels in [-pad, pad] along each axis: a crop of the image padded with
   * background, at its size.
   */
  public static Crop crop(int pad) {
    return new Crop(pad);
  }

  /** A fixed shift by {@code dx} pixels right and {@code dy} down (negative: left, up). */
  public static Translate translate(int dx, int dy) {
    return new Translate(dx, dy);
  }

  /** The augmentations applied in order. */
  public static Augmentation of(Augmentation... steps) {
    Augmentation all = none();
    for (Augmentation step : steps) {
      all = all.then(step);
    }
    return all;
  }

  /**
   * The default training augmentation for a data set: for handwriting ({@code mnist}, {@code
   * kmnist}, {@code k49}) a mild affine transform and elastic distortion; for {@code fashion-mnist}
   * flips, shifts and random erasing; for other data sets a mild affine transform.
   */
  public static Augmentation defaults(String dataset) {
    return switch (dataset.toLowerCase(Locale.ROOT)) {
      case "fashion-mnist" -> of(flip(), affine().shift(0.1), erasing(0.5));
      case "mnist", "kmnist", "k49" ->
          affine().rotate(10).shift(0.1).scale(0.1).shear(5).then(elastic(34, 6));
      default -> affine().rotate(10).shift(0.1).scale(0.1);
    };
  }

  /**
   * The augmentation a spec describes (see the class comment).
   *
   * @throws IllegalArgumentException in one sentence naming the spec and what was expected
   */
  public static Augmentation parse(String spec) {
    String s = spec.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("none")) {
      return none();
    }
    List<Augmentation> steps = new ArrayList<>();
    for (String step : s.split("\\+", -1)) {
      steps.add(parseStep(spec, step.strip()));
    }
    return of(steps.toArray(Augmentation[]::new));
  }

  private static Augmentation parseStep(String spec, String step) {
    int colon = step.indexOf(':');
    String name = (colon < 0 ? step : step.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    Map<String, String> settings = settings(spec, step, colon < 0 ? "" : step.substring(colon + 1));
    Settings get = new Settings(spec, step, name, settings);
    return switch (name) {
      case "affine" -> {
        get.allow("rotate", "shift", "scale", "shear");
        yield affine()
            .rotate(get.number("rotate", 0))
            .shift(get.number("shift", 0))
            .scale(get.number("scale", 0))
            .shear(get.number("shear", 0));
      }
      case "elastic" -> {
        get.allow("alpha", "sigma");
        yield elastic(get.number("alpha", 34), get.number("sigma", 4));
      }
      case "erasing" -> {
        get.allow("p", "min", "max", "ratio", "fill");
        Erasing e =
            erasing(get.number("p", 0.5))
                .area(get.number("min", 0.02), get.number("max", 0.4))
                .ratio(get.number("ratio", 0.3));
        String fill = settings.getOrDefault("fill", "random");
        if (!fill.equals("random") && !fill.equals("background")) {
          throw new IllegalArgumentException(
              "Augmentation spec '"
                  + spec
                  + "' sets fill="
                  + fill
                  + " in '"
                  + step
                  + "'; expected random or background.");
        }
        yield fill.equals("background") ? e.withBackground() : e;
      }
      case "flip" -> {
        get.allow("p");
        yield flip(get.number("p", 0.5));
      }
      case "crop" -> {
        get.allow("pad");
        yield crop(get.integer("pad", 2));
      }
      case "translate" -> {
        get.allow("x", "y");
        yield translate(get.integer("x"), get.integer("y"));
      }
      default ->
          throw new IllegalArgumentException(
              "Augmentation spec '"
                  + spec
                  + "' has the unknown step '"
                  + step
                  + "'; expected none or steps joined by + among "
                  + NAMES
                  + ".");
    };
  }

  private static Map<String, String> settings(String spec, String step, String text) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (text.isBlank()) {
      return settings;
    }
    for (String pair : text.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "Augmentation spec '"
                + spec
                + "' has the setting '"
                + pair.strip()
                + "' in '"
                + step
                + "'; expected key=value.");
      }
      settings.put(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), pair.substring(eq + 1));
    }
    return settings;
  }

  /** The settings of one step, with checks that name the step. */
  private record Settings(String spec, String step, String name, Map<String, String> values) {
    void allow(String... keys) {
      Set<String> known = Set.of(keys);
      for (String key : values.keySet()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException(
              "Augmentation spec '"
                  + spec
                  + "' sets the unknown key '"
                  + key
                  + "' for "
                  + name
                  + "; expected "
                  + String.join(", ", keys)
                  + ".");
        }
      }
    }

    int integer(String key) {
      return integer(key, 0);
    }

    int integer(String key, int fallback) {
      double v = number(key, fallback);
      if (v != Math.rint(v) || Math.abs(v) > 1 << 16) {
        throw new IllegalArgumentException(
            "Augmentation spec '"
                + spec
                + "' sets "
                + key
                + "="
                + values.get(key)
                + " for "
                + name
                + "; expected a whole number of pixels.");
      }
      return (int) v;
    }

    double number(String key, double fallback) {
      String value = values.get(key);
      if (value == null) {
        return fallback;
      }
      try {
        double v = Double.parseDouble(value.strip());
        if (Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "Augmentation spec '"
              + spec
              + "' sets "
              + key
              + "="
              + value
              + " for "
              + name
              + "; expected a number.");
    }
  }
}
