package dev.sumi.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the floating-point work a benchmark did. JMH divides the count by the measured time and
 * reports it as the secondary result {@code :gflops}, which therefore reads as GFLOP/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {
  /** Billions of floating-point operations done in this iteration. */
  public double gflops;

  @Setup(Level.Iteration)
  public void reset() {
    gflops = 0;
  }

  void add(long flops) {
    gflops += flops * 1e-9;
  }
}
