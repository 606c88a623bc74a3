package dev.sumi.kernel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of long-lived daemon threads that runs statically partitioned loops. The caller's
 * thread is worker 0 and takes the first share, so a team of {@code n} threads starts {@code n - 1}
 * helpers. Work is split by index only, never by timing, so which worker computes what depends on
 * the loop size and the thread count alone.
 *
 * <p>A loop started from inside another loop of the same team runs on the calling thread alone;
 * callers from different threads take turns.
 */
final class Parallel {

  /** The body of a loop: process indices [begin, end) as worker {@code worker}. */
  @FunctionalInterface
  interface RangeTask {
    void run(int worker, int begin, int end);
  }

  private static final ConcurrentHashMap<Integer, Parallel> TEAMS = new ConcurrentHashMap<>();

  /** How long an idle thread polls before it parks; polling avoids a wake-up in tight loops. */
  private static final int SPINS = 1 << 12;

  private final int threads;
  private final Object turn = new Object();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile int generation;
  private volatile Thread waiter;
  private RangeTask task;
  private int count;
  private int active;
  private Throwable failure;
  private Thread owner;
  private final Thread[] helpers;

  private Parallel(int threads) {
    this.threads = threads;
    this.helpers = new Thread[threads - 1];
    for (int i = 0; i < helpers.length; i++) {
      int worker = i + 1;
      Thread t = new Thread(() -> helperLoop(worker), "sumi-kernel-" + threads + "-" + worker);
      t.setDaemon(true);
      helpers[i] = t;
      t.start();
    }
  }

  /** The shared team with {@code threads} threads (including the caller's). */
  static Parallel team(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("Thread count " + threads + " is invalid; expected >= 1.");
    }
    return TEAMS.computeIfAbsent(threads, Parallel::new);
  }

  int threads() {
    return threads;
  }

  /** Number of workers that receive a non-empty share of a loop over {@code count} indices. */
  int activeWorkers(int count) {
    return Math.max(1, Math.min(threads, count));
  }

  /** First index of worker {@code worker}'s share when {@code active} workers split count. */
  static int shareStart(int count, int active, int worker) {
    return (int) ((long) count * worker / active);
  }

  /**
   * Runs {@code task} over [0, count): worker w of the {@link #activeWorkers(int)} active ones gets
   * [count * w / active, count * (w + 1) / active). Returns when every share is done and rethrows
   * the first failure.
   */
  void forRange(int count, RangeTask task) {
    if (count <= 0) {
      return;
    }
    int workers = activeWorkers(count);
    if (workers == 1 || Thread.currentThread() == owner || isHelper()) {
      task.run(0, 0, count);
      return;
    }
    synchronized (turn) {
      owner = Thread.currentThread();
      try {
        runShared(count, workers, task);
      } finally {
        owner = null;
      }
    }
  }

  private void runShared(int count, int workers, RangeTask task) {
    this.task = task;
    this.count = count;
    this.active = workers;
    this.failure = null;
    this.waiter = Thread.currentThread();
    // Every helper acknowledges every loop, even with an empty share, so no helper can still be
    // reading this loop's fields when the next one is published.
    pending.set(helpers.length);
    generation++;
    for (Thread helper : helpers) {
      LockSupport.unpark(helper);
    }
    Throwable mine = null;
    try {
      task.run(0, 0, shareStart(count, workers, 1));
    } catch (Throwable t) {
      mine = t;
    }
    for (int spin = 0; pending.get() != 0; spin++) {
      if (spin < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    this.task = null;
    Throwable first = mine != null ? mine : failure;
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException("Kernel worker failed", first);
    }
  }

  private boolean isHelper() {
    Thread current = Thread.currentThread();
    for (Thread h : helpers) {
      if (h == current) {
        return true;
      }
    }
    return false;
  }

  private void helperLoop(int worker) {
    int seen = 0;
    while (true) {
      int spin = 0;
      while (generation == seen) {
        if (spin++ < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      seen = generation;
      if (worker < active) {
        try {
          task.run(
              worker, shareStart(count, active, worker), shareStart(count, active, worker + 1));
        } catch (Throwable t) {
          synchronized (this) {
            if (failure == null) {
              failure = t;
            }
          }
        }
      }
      if (pending.decrementAndGet() == 0) {
        LockSupport.unpark(waiter);
      }
    }
  }
}
