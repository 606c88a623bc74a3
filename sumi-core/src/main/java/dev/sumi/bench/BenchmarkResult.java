package dev.sumi.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The figures of one {@link Benchmark} run. GFLOP/s count a training step as three forward passes
 * (forward, and backward for inputs and for weights), the usual convention.
 *
 * @param kernels the kernels' name, e.g. {@code vector-512 x2 threads}
 * @param seconds the timing asked for per phase
 * @param peakGflops the machine's {@link FmaPeak}; empty without the Vector API
 * @param peakResidentBytes the process's peak resident memory; empty where not reported
 */
public record BenchmarkResult(
    String kernels,
    int threads,
    long parameters,
    long forwardFlopsPerImage,
    double seconds,
    Measurement training,
    Measurement inference,
    Measurement inferenceBatch1,
    OptionalDouble peakGflops,
    OptionalLong peakResidentBytes) {

  public double trainGflops() {
    return training.imagesPerSecond() * 3 * forwardFlopsPerImage / 1e9;
  }

  public double inferGflops() {
    return inference.imagesPerSecond() * forwardFlopsPerImage / 1e9;
  }

  public double inferBatch1Gflops() {
    return inferenceBatch1.imagesPerSecond() * forwardFlopsPerImage / 1e9;
  }

  /** The fraction of the FMA peak that training reaches. */
  public OptionalDouble peakFraction() {
    return peakGflops.isPresent()
        ? OptionalDouble.of(trainGflops() / peakGflops.getAsDouble())
        : OptionalDouble.empty();
  }

  /** The figures under snake_case names, absent ones as null, ready for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batch_size", training.batchSize());
    m.put("threads", threads);
    m.put("kernels", kernels);
    m.put("seconds", seconds);
    m.put("parameters", parameters);
    m.put("forward_flops_per_image", forwardFlopsPerImage);
    m.put("train_images_per_second", training.imagesPerSecond());
    m.put("train_gflops", trainGflops());
    m.put("train_steps", training.steps());
    m.put("alloc_bytes_per_step", orNull(training.allocatedBytesPerStep()));
    m.put("infer_images_per_second", inference.imagesPerSecond());
    m.put("infer_gflops", inferGflops());
    m.put("infer_alloc_bytes_per_step", orNull(inference.allocatedBytesPerStep()));
    m.put("infer_batch1_images_per_second", inferenceBatch1.imagesPerSecond());
    m.put("infer_batch1_gflops", inferBatch1Gflops());
    m.put("infer_batch1_alloc_bytes_per_step", orNull(inferenceBatch1.allocatedBytesPerStep()));
    m.put("peak_gflops", orNull(peakGflops));
    m.put("peak_fraction", orNull(peakFraction()));
    m.put("peak_rss_bytes", peakResidentBytes.isPresent() ? peakResidentBytes.getAsLong() : null);
    return m;
  }

  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
