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
  void aPrefixCountsOnlyThreadsNamedWithIt() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch allocated = new CountDownLatch(2);
    CountDownLatch counted = new CountDownLatch(1);
    Runnable allocate =
        () -> {
          started.countDown();
          try {
            go.await();
            kept = new byte[MEGABYTE];
            allocated.countDown();
            counted.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Thread worker = Thread.ofPlatform().name("counted-worker").start(allocate);
    Thread bystander = Thread.ofPlatform().name("bystander").start(allocate);
    started.await();
    AllocationCounter all = AllocationCounter.start();
    AllocationCounter workers = AllocationCounter.start("counted-");
    go.countDown();
    allocated.await();
    long workerBytes = workers.allocatedBytes().orElseThrow();
    long allBytes = all.allocatedBytes().orElseThrow();
    counted.countDown();
    worker.join();
    bystander.join();
    assertTrue(workerBytes >= MEGABYTE && workerBytes < 2 * MEGABYTE, workerBytes + " bytes");
    assertTrue(allBytes >= 2 * MEGABYTE, allBytes + " bytes");
  }

  @Test
  void anEmptyWindowCountsFarLessThanAnArray() {
    AllocationCounter counter = AllocationCounter.start();
    long bytes = counter.allocatedBytes().orElseThrow();
    assertTrue(bytes >= 0 && bytes < MEGABYTE, bytes + " bytes");
  }
}
