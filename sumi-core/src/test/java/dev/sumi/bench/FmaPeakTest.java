package dev.sumi.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FmaPeakTest {

  @Test
  void peakIsPositiveOnOneAndTwoThreads() {
    assertTrue(FmaPeak.available(), "the tests run with the Vector API");
    for (int threads = 1; threads <= 2; threads++) {
      double gflops = FmaPeak.measure(threads, 0.1).orElseThrow();
      assertTrue(gflops > 0 && Double.isFinite(gflops), threads + " threads: " + gflops);
    }
  }

  @Test
  void rejectsNoThreadsOrNoTime() {
    assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(0, 1));
    assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(1, 0));
  }
}
