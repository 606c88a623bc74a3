package dev.sumi.bench;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

/**
 * Counts the bytes allocated on the Java heap by every live thread of this JVM since {@link
 * #start()}: the calling thread, kernel worker threads and any other. Allocation by a thread that
 * ended in between is lost; a thread started in between counts in full.
 *
 * <p>The counter allocates nothing within the window it measures: the calling thread's own count is
 * read last at the start and first at the end, through calls that do not allocate.
 */
public final class AllocationCounter {
  private final com.sun.management.ThreadMXBean threads;
  private long[] ids = new long[0];
  private long[] bytes = new long[0];
  private long self;
  // The threads counted besides the caller, or null for all.
  private long[] only;

  private AllocationCounter(com.sun.management.ThreadMXBean threads) {
    this.threads = threads;
  }

  /** Starts counting now; on a JVM without per-thread allocation counts it reports nothing. */
  public static AllocationCounter start() {
    AllocationCounter counter = new AllocationCounter(threadBean());
    if (counter.threads != null) {
      counter.begin(counter.threads.getAllThreadIds());
    }
    return counter;
  }

  /**
   * Starts counting now, for the calling thread and the live threads whose names start with {@code
   * prefix} only (such as the kernels' workers, {@code "sumi-kernel-"}): a test harness's own
   * threads then cannot spoil the count.
   */
  public static AllocationCounter start(String prefix) {
    AllocationCounter counter = new AllocationCounter(threadBean());
    if (counter.threads != null) {
      counter.only =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith(prefix))
              .mapToLong(Thread::threadId)
              .toArray();
      counter.begin(counter.only);
    }
    return counter;
  }

  private void begin(long[] threadIds) {
    ids = threadIds;
    bytes = threads.getThreadAllocatedBytes(ids);
    self = threads.getCurrentThreadAllocatedBytes();
  }

  /** Bytes allocated by all threads since {@link #start()}; empty if the JVM does not count. */
  public OptionalLong allocatedBytes() {
    if (threads == null) {
      return OptionalLong.empty();
    }
    long selfNow = threads.getCurrentThreadAllocatedBytes();
    long current = Thread.currentThread().threadId();
    long[] idsNow = only != null ? only : threads.getAllThreadIds();
    long[] bytesNow = threads.getThreadAllocatedBytes(idsNow);
    long total = selfNow - self;
    for (int i = 0; i < idsNow.length; i++) {
      if (idsNow[i] != current && bytesNow[i] >= 0) {
        total += bytesNow[i] - bytesAtStart(idsNow[i]);
      }
    }
    return OptionalLong.of(total);
  }

  private long bytesAtStart(long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return Math.max(0, bytes[i]);
      }
    }
    return 0;
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported()
        && bean.isThreadAllocatedMemoryEnabled()) {
      return bean;
    }
    return null;
  }
}
