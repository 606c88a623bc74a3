package dev.sumi.track.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AshaTest {
  @Test
  void rungsLieAtMinEpochsTimesPowersOfTheFactorBelowTheLastEpoch() {
    assertEquals(List.of(1, 3, 9), new Asha(1, 3, 27, true).rungs());
    assertEquals(List.of(1, 3), new Asha(1, 3, 6, true).rungs());
    assertEquals(List.of(2, 4, 8), new Asha(2, 2, 9, true).rungs());
    assertEquals(List.of(), new Asha(5, 3, 5, true).rungs());
  }

  /**
   * Synthetic accuracy curves arriving one trial after another, reduction factor 3, 9 epochs (rungs
   * 1 and 3). Each trial runs until stopped; the map gives the epoch it stopped at.
   */
  @Test
  void weakTrialsStopAtTheRightRungAndStrongOnesContinue() {
    Asha asha = new Asha(1, 3, 9, true);
    Map<String, double[]> curves = new LinkedHashMap<>();
    curves.put("a", curve(0.60, 0.80));
    curves.put("b", curve(0.50, 0.70)); // second at rung 1 of 2: top 1 only, stops
    curves.put("c", curve(0.65, 0.75)); // best at rung 1, but behind a at rung 3 (top 1 of 2)
    curves.put("d", curve(0.30, 0.90));
    curves.put("e", curve(0.62, 0.85)); // 2nd of 5 at rung 1 (top 1): stops
    curves.put("f", curve(0.70, 0.95)); // best at rungs 1 and 3: runs on
    Map<String, Integer> stoppedAt = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> trial : curves.entrySet()) {
      for (int epoch = 1; epoch <= 9; epoch++) {
        if (!asha.shouldContinue(epoch, trial.getValue()[epoch - 1])) {
          stoppedAt.put(trial.getKey(), epoch);
          break;
        }
      }
    }
    assertEquals(Map.of("b", 1, "c", 3, "d", 1, "e", 1), stoppedAt);
  }

  @Test
  void keepsTheTopThirdOnceARungFillsUp() {
    Asha asha = new Asha(1, 3, 4, true);
    for (double v : new double[] {0.9, 0.8, 0.7, 0.6, 0.5}) {
      asha.shouldContinue(1, v);
    }
    // Six results at rung 1 keep the top 2: 0.85 is second, 0.75 would be fourth.
    assertTrue(asha.shouldContinue(1, 0.85));
    assertFalse(asha.shouldContinue(1, 0.75));
    assertTrue(asha.shouldContinue(2, 0.0), "epoch 2 is not a rung");
  }

  @Test
  void minimisesLossesAndRanksNaNLast() {
    Asha asha = new Asha(1, 2, 4, false);
    assertTrue(asha.shouldContinue(1, 0.5));
    assertTrue(asha.shouldContinue(1, 0.3), "a lower loss is better");
    assertFalse(asha.shouldContinue(1, 0.4));
    assertFalse(asha.shouldContinue(1, Double.NaN));
  }

  /** A curve through {@code first} at epoch 1 and {@code third} at epochs 3 and later. */
  private static double[] curve(double first, double third) {
    double[] c = new double[9];
    c[0] = first;
    c[1] = (first + third) / 2;
    for (int i = 2; i < 9; i++) {
      c[i] = third + 0.001 * i;
    }
    return c;
  }
}
