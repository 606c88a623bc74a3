package dev.sumi.cli;

import dev.sumi.bench.Benchmark;
import dev.sumi.bench.BenchmarkResult;
import dev.sumi.bench.Measurement;
import dev.sumi.bench.TrainingProfile;
import dev.sumi.io.Json;
import dev.sumi.model.Model;
import dev.sumi.model.Zoo;
import dev.sumi.tensor.Shape;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumi bench}: training and inference speed of a zoo model on synthetic images. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure a zoo model's training and inference speed on synthetic 28x28 images (no data set"
          + " needed), against the machine's vector FMA peak, with heap allocation per training"
          + " step and peak memory.",
      "Example: sumi bench --model keras-simple --threads 2 --json",
      "         sumi bench --model preact-resnet14 --profile"
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Mixin Common common;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "ZOO_NAME",
      completionCandidates = ZooModels.class,
      description = "One of ${COMPLETION-CANDIDATES}.")
  String model;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "5",
      description = "Seconds to time each phase after its warm-up (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      defaultValue = "2",
      description =
          "Minimum seconds to warm up each phase; it goes on until the JIT settles (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Option(
      names = "--profile",
      description =
          "Then time each layer's forward and backward pass and the optimizer in training steps,"
              + " and print where the step's time goes (in JSON: \"profile\").")
  boolean profile;

  @Override
  public Integer call() {
    Options.requireZooModel(model);
    Options.require(batchSize >= 1, "--batch-size must be >= 1, got " + batchSize + ".");
    Options.require(
        seconds > 0 && Double.isFinite(seconds), "--seconds must be > 0, got " + seconds + ".");
    Options.require(
        warmup >= 0 && Double.isFinite(warmup), "--warmup must be >= 0, got " + warmup + ".");
    int threads = common.threads();

    Model net = Zoo.build(model, Shape.of(1, 28, 28), 10, 0);
    var settings = new Benchmark.Settings(batchSize, threads, seconds, warmup);
    Benchmark benchmark = new Benchmark(settings, err()::println);
    BenchmarkResult result = benchmark.run(net);
    TrainingProfile layers = profile ? benchmark.profile(net) : null;
    if (json) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("model", model);
      map.putAll(result.toMap());
      if (layers != null) {
        map.put("profile", layers.toMap());
      }
      out().println(Json.write(map));
    } else {
      printTable(result);
      if (layers != null) {
        out().println();
        out().print(layers.table());
      }
    }
    return 0;
  }

  private void printTable(BenchmarkResult r) {
    PrintWriter out = out();
    out.printf(
        Locale.ROOT,
        "%-10s %s, %,d parameters, %.2f MFLOP forward per image%n",
        "model",
        model,
        r.parameters(),
        r.forwardFlopsPerImage() / 1e6);
    out.printf(Locale.ROOT, "%-10s %s%n", "kernels", r.kernels());
    out.printf(
        Locale.ROOT,
        "%-10s %s%n",
        "FMA peak",
        r.peakGflops().isPresent()
            ? String.format(
                Locale.ROOT,
                "%.1f GFLOP/s on %d threads",
                r.peakGflops().getAsDouble(),
                r.threads())
            : "n/a (no Vector API)");
    out.printf(
        Locale.ROOT,
        "%-10s %s%n",
        "peak RSS",
        r.peakResidentBytes().isPresent()
            ? String.format(Locale.ROOT, "%,d MB", r.peakResidentBytes().getAsLong() >> 20)
            : "n/a");
    out.println();
    out.printf(Locale.ROOT, ROW, "phase", "images/s", "GFLOP/s", "of peak", "bytes/step");
    OptionalDouble peak = r.peakGflops();
    printRow("training, batch " + r.training().batchSize(), r.training(), r.trainGflops(), peak);
    printRow("inference, batch " + r.inference().batchSize(), r.inference(), r.inferGflops(), peak);
    printRow("inference, batch 1", r.inferenceBatch1(), r.inferBatch1Gflops(), peak);
  }

  private static final String ROW = "%-21s %12s %9s %9s %14s%n";

  private void printRow(String phase, Measurement m, double gflops, OptionalDouble peak) {
    out()
        .printf(
            Locale.ROOT,
            ROW,
            phase,
            String.format(Locale.ROOT, "%,.1f", m.imagesPerSecond()),
            String.format(Locale.ROOT, "%.2f", gflops),
            peak.isPresent()
                ? String.format(Locale.ROOT, "%.1f%%", 100 * gflops / peak.getAsDouble())
                : "n/a",
            bytes(m.allocatedBytesPerStep()));
  }

  /** Bytes per step: exact zero stays 0, small averages keep their fraction. */
  private static String bytes(OptionalDouble perStep) {
    if (perStep.isEmpty()) {
      return "n/a";
    }
    double b = perStep.getAsDouble();
    return String.format(Locale.ROOT, b == 0 || b >= 100 ? "%,.0f" : "%.2f", b);
  }
}
