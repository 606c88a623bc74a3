package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  /** 10 examples of class a (9 right), 2 of b (1 right), none of c. */
  private static final int[][] IMBALANCED = {{9, 1, 0}, {1, 1, 0}, {0, 0, 0}};

  private static Evaluation of(int[][] confusion) {
    int right = 0;
    int all = 0;
    for (int t = 0; t < confusion.length; t++) {
      for (int p = 0; p < confusion.length; p++) {
        all += confusion[t][p];
        right += t == p ? confusion[t][p] : 0;
      }
    }
    return new Evaluation(
        0.5, all == 0 ? Double.NaN : (double) right / all, confusion, List.of("a", "b", "c"), all);
  }

  @Test
  void balancedAccuracyIsTheMeanRecallOfTheClassesWithExamples() {
    Evaluation e = of(IMBALANCED);
    assertEquals(10.0 / 12, e.accuracy(), 1e-12);
    assertEquals((0.9 + 0.5) / 2, e.balancedAccuracy(), 1e-12);
    assertEquals(0.7, (Double) e.toMap().get("balanced_accuracy"), 1e-12);
    assertTrue(e.report().contains("balanced accuracy 0.7000"), e.report());
  }

  @Test
  void onABalancedSetItEqualsTheAccuracy() {
    Evaluation e = of(new int[][] {{3, 1, 0}, {0, 2, 2}, {1, 0, 3}});
    assertEquals(e.accuracy(), e.balancedAccuracy(), 1e-12);
  }

  @Test
  void withoutExamplesItIsNaN() {
    Evaluation e = of(new int[3][3]);
    assertTrue(Double.isNaN(e.balancedAccuracy()));
    assertNull(e.toMap().get("balanced_accuracy"));
  }
}
