package dev.sumi.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.tensor.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentTest {
  private static final float BG = -0.5f;
  private static final float MIN = -0.5f;
  private static final float MAX = 2.5f;

  /** {@code n} random images of {@code h x w} with values in [MIN, MAX]. */
  private static float[] images(int n, int h, int w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] data = new float[n * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextDouble(MIN, MAX);
    }
    return data;
  }

  private static Sample sample(int h, int w, float[] data) {
    return new Sample(1, h, w, BG, MIN, MAX).reset(data, 0, 42);
  }

  private static float[] augmented(
      Augmentation a, float[] input, int h, int w, long seed, int threads) {
    float[] data = input.clone();
    int n = input.length / (h * w);
    int[] ids = new int[n];
    Arrays.setAll(ids, i -> i);
    new Augmenter(a, Shape.of(1, h, w), BG, MIN, MAX, seed, threads).apply(data, ids, n, 3);
    return data;
  }

  @Test
  void identityParametersGiveTheInputBackExactly() {
    float[] input = images(5, 28, 28, 1);
    assertArrayEquals(input, augmented(Augment.affine(), input, 28, 28, 7, 2));
    assertArrayEquals(input, augmented(Augment.elastic(0, 4), input, 28, 28, 7, 1));
    assertArrayEquals(input, augmented(Augment.erasing(0), input, 28, 28, 7, 1));
    assertArrayEquals(input, augmented(Augment.flip(0), input, 28, 28, 7, 1));
    assertArrayEquals(input, augmented(Augment.none(), input, 28, 28, 7, 1));
    float[] data = input.clone();
    Affine.transform(sample(28, 28, data), 0, 1, 0, 0, 0);
    assertArrayEquals(input, data);
  }

  @Test
  void aWholePixelShiftMovesEveryPixelAndFillsWithBackground() {
    int h = 6;
    int w = 7;
    float[] input = images(1, h, w, 2);
    float[] data = input.clone();
    Affine.transform(sample(h, w, data), 0, 1, 0, 2, -1); // 2 right, 1 up
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sx = x - 2;
        int sy = y + 1;
        float expected = sx >= 0 && sy < h ? input[sy * w + sx] : BG;
        assertEquals(expected, data[y * w + x], "pixel " + y + "," + x);
      }
    }
  }

  @Test
  void ninetyDegreesTurnsTheImageCounterClockwise() {
    int n = 5;
    float[] input = images(1, n, n, 3);
    float[] data = input.clone();
    Affine.transform(sample(n, n, data), 90, 1, 0, 0, 0);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        // What was right of the centre is now above it: out[y][x] = in[x][n - 1 - y].
        assertEquals(input[x * n + (n - 1 - y)], data[y * n + x], 1e-5, "pixel " + y + "," + x);
      }
    }
    float[] marker = new float[n * n];
    Arrays.fill(marker, BG);
    marker[2 * n + 4] = 1; // row 2, column 4: right of the centre
    Affine.transform(sample(n, n, marker), 90, 1, 0, 0, 0);
    assertEquals(1, marker[2], 1e-5); // row 0, column 2: above it
  }

  @Test
  void scalingAboutTheCentreKeepsTheCentre() {
    float[] data = new float[9 * 9];
    Arrays.fill(data, BG);
    data[4 * 9 + 4] = 2;
    Affine.transform(sample(9, 9, data), 0, 2, 0, 0, 0);
    assertEquals(2, data[4 * 9 + 4], 1e-6);
    assertTrue(data[4 * 9 + 5] > BG && data[4 * 9 + 5] < 2, "a bilinear blend beside it");
  }

  @Test
  void sameSeedSameImagesWhateverTheThreadsAndDifferentSeedDifferentImages() {
    Augmentation a =
        Augment.affine()
            .rotate(15)
            .shift(0.1)
            .scale(0.1)
            .shear(10)
            .then(Augment.elastic(34, 4))
            .then(Augment.erasing(0.5))
            .then(Augment.flip());
    float[] input = images(40, 28, 28, 4);
    float[] one = augmented(a, input, 28, 28, 11, 1);
    assertArrayEquals(one, augmented(a, input, 28, 28, 11, 1));
    assertArrayEquals(one, augmented(a, input, 28, 28, 11, 2));
    assertArrayEquals(one, augmented(a, input, 28, 28, 11, 3));
    assertFalse(Arrays.equals(one, augmented(a, input, 28, 28, 12, 2)));
    assertFalse(Arrays.equals(one, input));
  }

  @Test
  void anImageGetsTheSameTransformInAnyBatchPosition() {
    Augmentation a = Augment.affine().rotate(20).shift(0.1);
    float[] input = images(3, 8, 8, 5);
    float[] inOrder = augmented(a, input, 8, 8, 9, 1);
    // The same images in reverse order, told their data-set indices.
    float[] reversed = new float[input.length];
    for (int k = 0; k < 3; k++) {
      System.arraycopy(input, (2 - k) * 64, reversed, k * 64, 64);
    }
    new Augmenter(a, Shape.of(1, 8, 8), BG, MIN, MAX, 9, 2)
        .apply(reversed, new int[] {2, 1, 0}, 3, 3);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(
          Arrays.copyOfRange(inOrder, k * 64, k * 64 + 64),
          Arrays.copyOfRange(reversed, (2 - k) * 64, (2 - k) * 64 + 64));
    }
  }

  @Test
  void erasingTouchesOnlyOneRectangle() {
    int h = 28;
    int w = 28;
    for (long seed = 0; seed < 20; seed++) {
      float[] input = new float[h * w];
      Arrays.fill(input, MAX);
      float[] data = augmented(Augment.erasing(1).withBackground(), input, h, w, seed, 1);
      int top = h;
      int bottom = -1;
      int left = w;
      int right = -1;
      int changed = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (data[y * w + x] != MAX) {
            assertEquals(BG, data[y * w + x]);
            changed++;
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
            left = Math.min(left, x);
            right = Math.max(right, x);
          }
        }
      }
      assertTrue(changed > 0, "seed " + seed + " erased nothing");
      assertEquals((bottom - top + 1) * (right - left + 1), changed, "not one rectangle");
      double area = changed / (double) (h * w);
      assertTrue(area > 0.01 && area < 0.45, "area " + area);
    }
  }

  @Test
  void randomErasingFillsWithValuesInRange() {
    float[] input = new float[28 * 28];
    Arrays.fill(input, Float.NaN); // any pixel not erased stays NaN
    float[] data = augmented(Augment.erasing(1), input, 28, 28, 5, 1);
    int erased = 0;
    for (float v : data) {
      if (!Float.isNaN(v)) {
        assertTrue(v >= MIN && v <= MAX, "value " + v);
        erased++;
      }
    }
    assertTrue(erased > 0);
  }

  @Test
  void valuesStayInRange() {
    Augmentation a =
        Augment.of(
            Augment.affine().rotate(30).shift(0.2).scale(0.3).shear(20),
            Augment.elastic(60, 3),
            Augment.erasing(0.7));
    float[] data = augmented(a, images(30, 28, 28, 6), 28, 28, 1, 2);
    for (float v : data) {
      assertTrue(v >= MIN && v <= MAX, "value " + v);
    }
  }

  @Test
  void elasticDistortionMovesPixelsByAboutAlphaTimesTheSmoothedNoise() {
    float[] input = images(4, 28, 28, 8);
    float[] mild = augmented(Augment.elastic(4, 4), input, 28, 28, 3, 1);
    float[] strong = augmented(Augment.elastic(80, 4), input, 28, 28, 3, 1);
    assertTrue(meanAbsDifference(input, mild) < meanAbsDifference(input, strong));
    assertTrue(meanAbsDifference(input, mild) > 0);
  }

  private static double meanAbsDifference(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  @Test
  void flipMirrorsEveryRowOfEveryChannel() {
    float[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    new Augmenter(Augment.flip(1), Shape.of(2, 2, 3), 0, 0, 20, 1, 1)
        .apply(data, new int[] {0}, 1, 0);
    assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, data);
  }

  @Test
  void specsRoundTrip() {
    Augmentation a =
        Augment.affine()
            .rotate(10)
            .shift(0.1)
            .then(Augment.elastic(34, 4))
            .then(Augment.erasing(0.25).withBackground())
            .then(Augment.flip());
    assertEquals(
        "affine:rotate=10,shift=0.1,scale=0,shear=0+elastic:alpha=34,sigma=4"
            + "+erasing:p=0.25,min=0.02,max=0.4,ratio=0.3,fill=background+flip",
        a.spec());
    assertEquals(a.spec(), Augment.parse(a.spec()).spec());
    assertEquals("none", Augment.parse("none").spec());
    assertEquals("none", Augment.none().then(Augment.none()).spec());
    assertEquals("flip:p=1", Augment.parse(" flip:p=1 ").spec());
    assertEquals(
        "affine:rotate=5,shift=0,scale=0,shear=0", Augment.parse("affine:rotate=5").spec());
    for (String dataset : new String[] {"mnist", "fashion-mnist", "kmnist", "k49", "other"}) {
      Augmentation d = Augment.defaults(dataset);
      assertEquals(d.spec(), Augment.parse(d.spec()).spec());
    }
    assertTrue(Augment.defaults("fashion-mnist").spec().contains("flip"));
    assertFalse(Augment.defaults("mnist").spec().contains("flip"));
  }

  @Test
  void badSpecsAreOneSentenceNamingTheProblem() {
    assertEquals(
        "Augmentation spec 'blur' has the unknown step 'blur'; expected none or steps joined by +"
            + " among affine, crop, elastic, erasing, flip or translate.",
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("blur")).getMessage());
    assertEquals(
        "Augmentation spec 'affine:spin=3' sets the unknown key 'spin' for affine; expected"
            + " rotate, shift, scale, shear.",
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("affine:spin=3"))
            .getMessage());
    assertEquals(
        "Augmentation spec 'elastic:alpha=x' sets alpha=x for elastic; expected a number.",
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("elastic:alpha=x"))
            .getMessage());
    assertEquals(
        "Affine rotate is 500.0; expected a value in [0, 180.0].",
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("affine:rotate=500"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Augment.parse("flip+"));
    assertThrows(IllegalArgumentException.class, () -> Augment.parse("erasing:p"));
    assertThrows(IllegalArgumentException.class, () -> Augment.erasing(1.5));
    assertThrows(IllegalArgumentException.class, () -> Augment.elastic(34, 0));
  }
}
