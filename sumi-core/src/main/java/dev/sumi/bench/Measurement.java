package dev.sumi.bench;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One timed phase of a benchmark: {@code steps} steps of {@code batchSize} images each took {@code
 * nanos} and allocated {@code allocatedBytes} on the heap over all threads (empty when the JVM does
 * not count allocation).
 */
public record Measurement(int batchSize, long steps, long nanos, OptionalLong allocatedBytes) {

  public double seconds() {
    return nanos / 1e9;
  }

  public double imagesPerSecond() {
    return steps * (double) batchSize / seconds();
  }

  public OptionalDouble allocatedBytesPerStep() {
    return allocatedBytes.isPresent()
        ? OptionalDouble.of(allocatedBytes.getAsLong() / (double) steps)
        : OptionalDouble.empty();
  }
}
