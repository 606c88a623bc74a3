package dev.sumi.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CropTest {
  private static final int SIDE = 9;

  /** The (dx, dy) by which the crop moved a one-hot image, found from where its pixel went. */
  private static int[] shiftOf(long seed, int pad) {
    float[] image = new float[SIDE * SIDE];
    int centre = SIDE / 2;
    image[centre * SIDE + centre] = 1f;
    Augment.crop(pad).apply(new Sample(1, SIDE, SIDE, 0f, 0f, 1f).reset(image, 0, seed));
    int found = -1;
    for (int i = 0; i < image.length; i++) {
      assertTrue(image[i] == 0f || image[i] == 1f, "pixels are moved whole, not resampled");
      if (image[i] == 1f) {
        assertEquals(-1, found, "one pixel set");
        found = i;
      }
    }
    return new int[] {found % SIDE - centre, found / SIDE - centre};
  }

  @Test
  void shiftsByEveryWholePixelOffsetWithinThePaddingAndNoFurther() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 400; seed++) {
      int[] d = shiftOf(seed, 2);
      assertTrue(Math.abs(d[0]) <= 2 && Math.abs(d[1]) <= 2, d[0] + "," + d[1]);
      seen.add(d[0] + "," + d[1]);
    }
    assertEquals(25, seen.size(), "all 5 x 5 offsets occur: " + seen);
  }

  @Test
  void fillsWhatMovesIntoViewWithTheBackground() {
    float[] image = new float[SIDE * SIDE];
    java.util.Arrays.fill(image, 5f);
    for (long seed = 0; seed < 50; seed++) {
      float[] copy = image.clone();
      Augment.crop(3).apply(new Sample(1, SIDE, SIDE, -1f, -1f, 5f).reset(copy, 0, seed));
      int background = 0;
      for (float v : copy) {
        background += v == -1f ? 1 : 0;
      }
      int[] d = shiftOf(seed, 3);
      int kept = (SIDE - Math.abs(d[0])) * (SIDE - Math.abs(d[1]));
      assertEquals(SIDE * SIDE - kept, background, "seed " + seed);
    }
  }

  @Test
  void padZeroLeavesTheImageAlone() {
    for (long seed = 0; seed < 20; seed++) {
      int[] d = shiftOf(seed, 0);
      assertEquals(0, d[0]);
      assertEquals(0, d[1]);
    }
  }

  @Test
  void specsRoundTripAndRejectBadPadding() {
    assertEquals("crop:pad=2", Augment.parse("crop").spec());
    assertEquals("crop:pad=3", Augment.parse("crop:pad=3").spec());
    assertEquals("flip+crop:pad=2", Augment.flip().then(Augment.crop(2)).spec());
    var fraction =
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("crop:pad=1.5"));
    assertTrue(fraction.getMessage().contains("whole number of pixels"), fraction.getMessage());
    assertEquals(
        "Crop padding is -1; expected a whole number of pixels >= 0.",
        assertThrows(IllegalArgumentException.class, () -> Augment.crop(-1)).getMessage());
  }
}
