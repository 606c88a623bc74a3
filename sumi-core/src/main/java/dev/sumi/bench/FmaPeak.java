package dev.sumi.bench;

import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;

/**
 * The machine's practical float32 compute ceiling: GFLOP/s of vector fused multiply-adds (two flops
 * per lane each) on independent chains, run on several threads at once. Training speed is judged
 * against this figure.
 *
 * <p>The measurement is split into a few windows and the best one counts: a peak is a ceiling, and
 * the things that disturb a window (other processes, a late compilation) only ever lower it.
 */
public final class FmaPeak {
  /** Rounds per call between clock checks: some tens of microseconds of work. */
  private static final int ROUNDS = 1 << 14;

  private static final int WINDOWS = 5;

  private static final int WARMUP_ROUNDS = 256;

  /**
   * HotSpot compiles a method whole only after some thousands of calls; before that a long call can
   * run in slow code all the way, even when its loop alone was already compiled.
   */
  private static final int WARMUP_CALLS = 10_000;

  /** Warm-up ends when calls have not got 10% faster for this long... */
  private static final long STABLE_NANOS = 100_000_000;

  /** ...or after this long in any case. */
  private static final long MAX_WARMUP_NANOS = 2_000_000_000;

  /** Where results go so that the JIT cannot drop the work that computed them. */
  @SuppressWarnings("unused")
  private static volatile float sink;

  private FmaPeak() {}

  /** Whether this JVM can run the measurement: the Vector API module is in the boot layer. */
  public static boolean available() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /**
   * GFLOP/s of {@code threads} threads running FMA chains for about {@code seconds}, after a short
   * warm-up; empty when the Vector API is not {@link #available()}.
   */
  public static OptionalDouble measure(int threads, double seconds) {
    if (threads < 1 || !(seconds > 0)) {
      throw new IllegalArgumentException(
          "The FMA peak needs threads >= 1 and seconds > 0, got "
              + threads
              + " and "
              + seconds
              + ".");
    }
    if (!available()) {
      return OptionalDouble.empty();
    }
    warmUp();
    return OptionalDouble.of(bestWindowGflops(threads, (long) (seconds * 1e9 / WINDOWS)));
  }

  /**
   * Until the JIT has compiled the chains, every vector operation allocates and runs a hundred
   * times slower. Many short calls on one thread, until they have stopped getting faster for a
   * while, get the compiled code in place before the timed threads start.
   */
  private static void warmUp() {
    long start = System.nanoTime();
    long lastGain = start;
    long fastest = Long.MAX_VALUE;
    float sum = 0;
    long now = start;
    for (int calls = 0;
        calls < WARMUP_CALLS || now - lastGain < STABLE_NANOS && now - start < MAX_WARMUP_NANOS;
        calls++) {
      sum += FmaChains.run(WARMUP_ROUNDS);
      long end = System.nanoTime();
      if (end - now < fastest * 0.9) {
        fastest = end - now;
        lastGain = end;
      }
      now = end;
    }
    sink = sum;
  }

  private static double bestWindowGflops(int threads, long windowNanos) {
    CountDownLatch start = new CountDownLatch(1);
    Worker[] workers = new Worker[threads];
    Thread[] team = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Worker(start, windowNanos);
      team[t] = Thread.ofPlatform().name("sumi-fma-peak-" + t).daemon().start(workers[t]);
    }
    long begin = System.nanoTime();
    for (Worker w : workers) {
      w.begin = begin;
    }
    start.countDown();
    try {
      for (Thread t : team) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while measuring the FMA peak.", e);
    }
    long best = 0;
    for (int k = 0; k < WINDOWS; k++) {
      long rounds = 0;
      for (Worker w : workers) {
        rounds += w.rounds[k];
      }
      best = Math.max(best, rounds);
    }
    return best * FmaChains.CHAINS * FmaChains.lanes() * 2.0 / windowNanos;
  }

  /**
   * One timed thread: counts rounds per window, each call in the window it ended in. The start time
   * is published to it by the latch, and the counts read back after join.
   */
  private static final class Worker implements Runnable {
    private final CountDownLatch start;
    private final long windowNanos;
    private final long[] rounds = new long[WINDOWS];
    long begin;

    Worker(CountDownLatch start, long windowNanos) {
      this.start = start;
      this.windowNanos = windowNanos;
    }

    @Override
    public void run() {
      try {
        start.await();
      } catch (InterruptedException e) {
        return; // no one interrupts these threads; if someone does, this one counts nothing
      }
      float sum = 0;
      for (long window = 0; window < WINDOWS; ) {
        sum += FmaChains.run(ROUNDS);
        window = (System.nanoTime() - begin) / windowNanos;
        if (window < WINDOWS) {
          rounds[(int) window] += ROUNDS;
        }
      }
      sink = sum;
    }
  }
}
