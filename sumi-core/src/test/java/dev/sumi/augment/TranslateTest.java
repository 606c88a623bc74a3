package dev.sumi.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TranslateTest {

  @Test
  void shiftsByWholePixelsAndFillsWithTheBackground() {
    float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    Sample sample = new Sample(1, 3, 3, -1f, -1f, 10f).reset(image, 0, 0);
    Augment.translate(1, -1).apply(sample);
    assertArrayEquals(new float[] {-1, 4, 5, -1, 7, 8, -1, -1, -1}, image);
    float[] two = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    Augment.translate(0, 0).apply(new Sample(2, 3, 3, 0f, 0f, 20f).reset(two, 0, 0));
    assertEquals(17f, two[17]);
  }

  @Test
  void specsRoundTripAndRejectFractions() {
    assertEquals("translate:x=-2,y=1", Augment.parse("translate:x=-2,y=1").spec());
    var e = assertThrows(IllegalArgumentException.class, () -> Augment.parse("translate:x=0.5"));
    assertTrue(e.getMessage().contains("whole number of pixels"), e.getMessage());
  }
}
