package dev.sumi.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AllocationCounterTest {
  private static final int MEGABYTE = 1 << 20;

  /** Keeps allocations reachable, so that the JIT cannot remove them. */
  private static volatile Object kept;

  @Test
  void countsAnArrayAllocatedOnThisThread() {
    AllocationCounter counter = AllocationCounter.start();
    kept = new byte[MEGABYTE];
    long bytes = counter.allocatedBytes().orElseThrow();
    assertTrue(bytes >= MEGABYTE, bytes + " bytes");
  }

  @Test
  void countsAnArrayAllocatedOnAnotherLiveThread() throws InterruptedException {
    CountDownLatch allocated = new CountDownLatch(1);
    CountDownLatch counted = new CountDownLatch(1);
    AllocationCounter counter = AllocationCounter.start();
    Thread other =
        Thread.ofPlatform()
            .start(
                () -> {
                  kept = new byte[MEGABYTE];
                  allocated.countDown();
                  try {
                    counted.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    allocated.await();
    long bytes = counter.allocatedBytes().orElseThrow();
    counted.countDown();
    other.join();
    assertTrue(bytes >= MEGABYTE, bytes + " bytes");
  }

  @Test
  void anEmptyWindowCountsFarLessThanAnArray() {
    AllocationCounter counter = AllocationCounter.start();
    long bytes = counter.allocatedBytes().orElseThrow();
    assertTrue(bytes >= 0 && bytes < MEGABYTE, bytes + " bytes");
  }
}
