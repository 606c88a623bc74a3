package dev.sumi.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.io.Json;
import dev.sumi.model.Graph;
import dev.sumi.model.Model;
import dev.sumi.model.Node;
import dev.sumi.model.Sequential;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Dropout;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A short benchmark of a tiny model: every figure is there, positive and finite. */
class BenchmarkTest {

  private static Model tinyModel() {
    return Sequential.of(
            Conv2D.of(4, 3).relu(),
            MaxPool2D.of(2),
            Dropout.of(0.25),
            Flatten.of(),
            Dense.of(16).relu(),
            Dense.of(5))
        .build(Shape.of(1, 12, 12), 3);
  }

  @Test
  void tinyModelGivesPositiveFiniteFigures() {
    List<String> log = new ArrayList<>();
    BenchmarkResult result =
        new Benchmark(new Benchmark.Settings(8, 2, 0.05, 0.02), log::add).run(tinyModel());

    for (Measurement m : List.of(result.training(), result.inference(), result.inferenceBatch1())) {
      assertPositiveFinite(m.imagesPerSecond());
      assertTrue(m.steps() >= 3, "steps " + m.steps());
      assertTrue(m.allocatedBytesPerStep().orElseThrow() >= 0);
    }
    assertEquals(8, result.training().batchSize());
    assertEquals(1, result.inferenceBatch1().batchSize());
    assertPositiveFinite(result.trainGflops());
    assertPositiveFinite(result.inferGflops());
    assertPositiveFinite(result.peakGflops().orElseThrow());
    assertPositiveFinite(result.peakFraction().orElseThrow());
    assertEquals(2, result.threads());
    assertTrue(result.kernels().contains("x2"), result.kernels());
    assertTrue(result.forwardFlopsPerImage() > 0);
    assertTrue(log.stream().anyMatch(line -> line.startsWith("measuring training")), "" + log);
  }

  @Test
  void resultMapHasEveryFigureAndWritesAsJson() {
    BenchmarkResult result =
        new Benchmark(new Benchmark.Settings(4, 1, 0.02, 0), line -> {}).run(tinyModel());
    Map<String, Object> map = result.toMap();
    for (String key :
        List.of(
            "batch_size",
            "threads",
            "kernels",
            "train_images_per_second",
            "infer_images_per_second",
            "infer_batch1_images_per_second",
            "train_gflops",
            "peak_gflops",
            "peak_fraction",
            "alloc_bytes_per_step",
            "peak_rss_bytes",
            "forward_flops_per_image",
            "parameters",
            "seconds")) {
      assertTrue(map.containsKey(key), key);
    }
    assertEquals(map.keySet(), ((Map<?, ?>) Json.parse(Json.write(map))).keySet());
  }

  @Test
  void profileTimesEveryLayerOfASequentialModel() {
    Model model = tinyModel();
    TrainingProfile profile =
        new Benchmark(new Benchmark.Settings(8, 2, 0.05, 0.02), line -> {}).profile(model);
    assertProfileAddsUp(profile, model);
    assertEquals("Conv2D(filters=4, kernel_size=3, relu)", profile.layers().get(0).layer());
    assertEquals(Shape.of(4, 10, 10), profile.layers().get(0).outputShape());
  }

  @Test
  void profileTimesEveryLayerOfAGraphModelIncludingMerges() {
    Node in = Graph.input(Shape.of(1, 12, 12));
    Node conv = in.then(Conv2D.of(4, 3).same());
    Node sum = Graph.add(conv, conv.then(Conv2D.of(4, 3).same().relu()));
    Model model = Graph.model(in, sum.then(Flatten.of()).then(Dense.of(3)), 1);
    TrainingProfile profile =
        new Benchmark(new Benchmark.Settings(8, 1, 0.05, 0.02), line -> {}).profile(model);
    assertProfileAddsUp(profile, model);
    assertEquals("Add", profile.layers().get(2).layer());
    assertTrue(profile.layers().get(2).forwardMillis() > 0, profile.table());
  }

  private static void assertProfileAddsUp(TrainingProfile profile, Model model) {
    assertEquals(model.layers().size(), profile.layers().size());
    assertTrue(profile.steps() >= 3);
    double layers = 0;
    for (TrainingProfile.Layer row : profile.layers()) {
      assertTrue(row.forwardMillis() > 0 && row.backwardMillis() > 0, profile.table());
      layers += row.totalMillis();
    }
    assertTrue(profile.optimizerMillis() > 0, profile.table());
    assertTrue(layers + profile.optimizerMillis() < profile.stepMillis(), profile.table());
    assertEquals(
        profile.stepMillis(), layers + profile.optimizerMillis() + profile.otherMillis(), 1e-9);
    String table = profile.table();
    assertTrue(table.contains("optimizer update") && table.contains("whole step"), table);
    assertEquals(profile.layers().size() + 5, table.lines().count(), table);
    Map<String, Object> map = profile.toMap();
    assertEquals(profile.layers().size(), ((List<?>) map.get("layers")).size());
    assertEquals(map.keySet(), ((Map<?, ?>) Json.parse(Json.write(map))).keySet());
  }

  @Test
  void settingsRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new Benchmark.Settings(0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Benchmark.Settings(1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Benchmark.Settings(1, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Benchmark.Settings(1, 1, 1, -1));
    assertThrows(IllegalArgumentException.class, () -> new Benchmark.Settings(1, 1, Double.NaN, 1));
  }

  private static void assertPositiveFinite(double value) {
    assertTrue(value > 0 && Double.isFinite(value), "value " + value);
  }
}
