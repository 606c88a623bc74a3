package dev.sumi.bench;

import dev.sumi.loss.SoftmaxCrossEntropy;
import dev.sumi.model.Model;
import dev.sumi.nn.Layer;
import dev.sumi.nn.Layers;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.StepTimes;
import dev.sumi.optim.Adam;
import dev.sumi.train.TrainingStep;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Measures how fast a model trains and predicts on this machine, with no data set: synthetic images
 * go through the same code as real training ({@link TrainingStep} with softmax cross-entropy and
 * Adam) and prediction ({@link Model#predict}). Each phase is warmed up, then timed in steady
 * state; the training phase also counts the heap allocation per step over all threads. The figures
 * are judged against the machine's {@link FmaPeak}.
 */
public final class Benchmark {
  /** What to measure: batch size, threads, and seconds of timing and of warm-up per phase. */
  public record Settings(int batchSize, int threads, double seconds, double warmupSeconds) {
    public Settings {
      if (batchSize < 1) {
        throw new IllegalArgumentException("The batch size must be >= 1, got " + batchSize + ".");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("The thread count must be >= 1, got " + threads + ".");
      }
      if (!(seconds > 0) || !Double.isFinite(seconds)) {
        throw new IllegalArgumentException("The seconds must be > 0, got " + seconds + ".");
      }
      if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) {
        throw new IllegalArgumentException(
            "The warm-up seconds must be >= 0, got " + warmupSeconds + ".");
      }
    }
  }

  /** Every phase runs at least this many steps, however short its time. */
  private static final int MIN_STEPS = 3;

  /** Distinct synthetic batches cycled through, so that inputs do not stay in cache. */
  private static final int BATCHES = 4;

  /** Warm-up ends once the JIT has been quiet for this long... */
  private static final double JIT_QUIET_SECONDS = 1;

  /** ...or after this much longer than the warm-up time asked for. */
  private static final double MAX_JIT_WAIT_SECONDS = 30;

  private static final double FMA_SECONDS = 0.5;
  private static final float LEARNING_RATE = 1e-3f;
  private static final long SEED = 1;

  private final Settings settings;
  private final Consumer<String> log;

  /** A benchmark that reports its progress as lines to {@code log}. */
  public Benchmark(Settings settings, Consumer<String> log) {
    this.settings = settings;
    this.log = log;
  }

  /**
   * Runs the benchmark on a built model, which it sets to the benchmark's thread count and trains
   * on noise: its weights change.
   */
  public BenchmarkResult run(Model model) {
    int threads = settings.threads();
    int batchSize = settings.batchSize();
    model.threads(threads).normalization(SyntheticBatches.NORMALIZATION);
    int classes = model.outputShape().size();

    log.accept("measuring the FMA peak on " + threads + " threads...");
    OptionalDouble peak = FmaPeak.measure(threads, FMA_SECONDS);

    SyntheticBatches batches =
        new SyntheticBatches(model.inputShape(), classes, batchSize, BATCHES, SEED);
    Measurement training =
        measure(
            "training at batch " + batchSize,
            batchSize,
            trainingStep(model, batches, RunContext.training(model.kernels(), SEED)));
    Measurement inference =
        measure(
            "inference at batch " + batchSize,
            batchSize,
            () -> {
              batches.next();
              model.predict(batches.raw());
            });
    SyntheticBatches singles = new SyntheticBatches(model.inputShape(), classes, 1, BATCHES, SEED);
    Measurement inferenceBatch1 =
        measure(
            "inference at batch 1",
            1,
            () -> {
              singles.next();
              model.predict(singles.raw());
            });

    return new BenchmarkResult(
        model.kernels().name(),
        threads,
        model.parameterCount(),
        model.flops(),
        settings.seconds(),
        training,
        inference,
        inferenceBatch1,
        peak,
        ProcessMemory.peakResidentBytes());
  }

  /**
   * Times each layer of a training step (at the benchmark's batch size, on noise, as in {@link
   * #run}) for the benchmark's seconds after its warm-up. Timing reads the clock around every layer
   * call, so steps run a little slower than in {@link #run}.
   */
  public TrainingProfile profile(Model model) {
    int batchSize = settings.batchSize();
    model.threads(settings.threads()).normalization(SyntheticBatches.NORMALIZATION);
    SyntheticBatches batches =
        new SyntheticBatches(
            model.inputShape(), model.outputShape().size(), batchSize, BATCHES, SEED);
    List<Layer> layers = model.layers();
    StepTimes times = new StepTimes(layers.size());
    Runnable run =
        trainingStep(
            model, batches, RunContext.training(model.kernels(), SEED).withStepTimes(times));
    log.accept("warming up the per-layer profile at batch " + batchSize + "...");
    warmUp(run);
    log.accept(
        String.format(Locale.ROOT, "profiling each layer for %.1f s...", settings.seconds()));
    times.clear();
    long start = System.nanoTime();
    long steps = repeat(run, settings.seconds());
    double perStep = 1e-6 / steps;
    double stepMillis = (System.nanoTime() - start) * perStep;
    List<TrainingProfile.Layer> rows = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      rows.add(
          new TrainingProfile.Layer(
              i + 1,
              Layers.describe(layer),
              layer.outputShape(),
              times.forwardNanos(i) * perStep,
              times.backwardNanos(i) * perStep));
    }
    return new TrainingProfile(
        batchSize, steps, stepMillis, times.optimizerNanos() * perStep, rows);
  }

  /** One training step (softmax cross-entropy, Adam) on the next of {@code batches}. */
  private static Runnable trainingStep(Model model, SyntheticBatches batches, RunContext context) {
    TrainingStep step =
        new TrainingStep(model, new SoftmaxCrossEntropy(), Adam.lr(LEARNING_RATE), context);
    return () -> {
      batches.next();
      step.forward(batches.normalized(), batches.labels());
      step.update(LEARNING_RATE);
    };
  }

  /** Warms up, then times {@code step} and counts what it allocates. */
  private Measurement measure(String phase, int batchSize, Runnable step) {
    log.accept("warming up " + phase + "...");
    warmUp(step);
    log.accept(String.format(Locale.ROOT, "measuring %s for %.1f s...", phase, settings.seconds()));
    // Nothing between the counter's start and its reading allocates but the steps themselves.
    AllocationCounter allocations = AllocationCounter.start();
    long start = System.nanoTime();
    long steps = repeat(step, settings.seconds());
    long nanos = System.nanoTime() - start;
    OptionalLong allocated = allocations.allocatedBytes();
    return new Measurement(batchSize, steps, nanos, allocated);
  }

  /**
   * Runs {@code step} for the warm-up time, then on until the JIT has compiled nothing for a while
   * (a second, or the warm-up time if shorter). On a busy machine the compiler can lag well behind
   * the warm-up time, and vector code that is not compiled yet runs many times slower and
   * allocates: it would spoil both figures. A warm-up time of 0 skips all this.
   */
  private void warmUp(Runnable step) {
    double seconds = settings.warmupSeconds();
    repeat(step, seconds);
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (seconds == 0 || jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    double quiet = Math.min(seconds, JIT_QUIET_SECONDS);
    long end = System.nanoTime() + (long) (MAX_JIT_WAIT_SECONDS * 1e9);
    long compiling;
    do {
      compiling = jit.getTotalCompilationTime();
      repeat(step, quiet);
    } while (jit.getTotalCompilationTime() != compiling && System.nanoTime() < end);
  }

  /** Runs {@code step} for at least {@code seconds} and {@link #MIN_STEPS}; returns the steps. */
  private static long repeat(Runnable step, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long steps = 0;
    while (steps < MIN_STEPS || System.nanoTime() < end) {
      step.run();
      steps++;
    }
    return steps;
  }
}
