package dev.sumi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShufflerTest {
  private static int[] permutation(long seed, int epoch) {
    int[] p = new int[1000];
    Shuffler.permutation(seed, epoch, p);
    return p;
  }

  @Test
  void isAPermutationDeterminedBySeedAndEpoch() {
    int[] p = permutation(42, 3);
    assertArrayEquals(IntStream.range(0, 1000).toArray(), sorted(p));
    assertArrayEquals(p, permutation(42, 3));
    assertFalse(Arrays.equals(p, permutation(42, 4)));
    assertFalse(Arrays.equals(p, permutation(43, 3)));
    assertFalse(Arrays.equals(p, IntStream.range(0, 1000).toArray()));
  }

  @Test
  void refillsAReusedBufferCompletely() {
    int[] p = new int[1000];
    Arrays.fill(p, -1);
    Shuffler.permutation(1, 0, p);
    assertArrayEquals(permutation(1, 0), p);
  }

  private static int[] sorted(int[] p) {
    int[] s = p.clone();
    Arrays.sort(s);
    return s;
  }
}
