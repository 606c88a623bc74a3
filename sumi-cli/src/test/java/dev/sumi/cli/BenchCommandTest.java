package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sumi bench}: JSON and table output of a short run, and usage errors. */
class BenchCommandTest {

  @Test
  @SuppressWarnings("unchecked")
  void jsonHasEveryFigure() {
    Cli cli =
        Cli.run(
            "bench", "--model", "seed-minimal", "--seconds", "0.2", "--warmup", "0.2", "--json");
    assertEquals(0, cli.exitCode(), cli.toString());
    Map<String, Object> result = (Map<String, Object>) Json.parse(cli.out().strip());
    assertEquals("seed-minimal", result.get("model"));
    assertEquals(128L, result.get("batch_size"));
    assertEquals((long) Runtime.getRuntime().availableProcessors(), result.get("threads"));
    assertEquals(13_610L, result.get("parameters"));
    for (String key :
        List.of(
            "train_images_per_second",
            "infer_images_per_second",
            "infer_batch1_images_per_second",
            "train_gflops",
            "peak_gflops",
            "peak_fraction",
            "peak_rss_bytes",
            "forward_flops_per_image",
            "seconds")) {
      assertTrue(((Number) result.get(key)).doubleValue() > 0, key + " in " + cli);
    }
    assertTrue(((Number) result.get("alloc_bytes_per_step")).doubleValue() >= 0, cli.toString());
    assertTrue(result.get("kernels") instanceof String, cli.toString());
    assertTrue(cli.err().contains("measuring training"), cli.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void profileListsEveryLayerInTableAndJson() {
    String[] args = {
      "bench",
      "--model",
      "seed-minimal",
      "--batch-size",
      "16",
      "--seconds",
      "0.1",
      "--warmup",
      "0",
      "--profile"
    };
    Cli table = Cli.run(args);
    assertEquals(0, table.exitCode(), table.toString());
    assertTrue(table.out().contains("Training at batch 16: milliseconds per step"), table.out());
    assertTrue(table.out().contains("optimizer update"), table.out());
    assertTrue(table.err().contains("profiling each layer"), table.toString());

    String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
    withJson[args.length] = "--json";
    Cli json = Cli.run(withJson);
    assertEquals(0, json.exitCode(), json.toString());
    Map<String, Object> result = (Map<String, Object>) Json.parse(json.out().strip());
    Map<String, Object> profile = (Map<String, Object>) result.get("profile");
    List<Map<String, Object>> layers = (List<Map<String, Object>>) profile.get("layers");
    assertTrue(layers.size() >= 3, profile.toString());
    assertEquals(1L, layers.get(0).get("layer"));
    assertTrue(((Number) profile.get("step_ms")).doubleValue() > 0, profile.toString());
  }

  @Test
  void tableNamesEveryPhase() {
    Cli cli =
        Cli.run(
            "bench",
            "--model",
            "seed-minimal",
            "--batch-size",
            "16",
            "--threads",
            "1",
            "--seconds",
            "0.1",
            "--warmup",
            "0");
    assertEquals(0, cli.exitCode(), cli.toString());
    for (String text :
        List.of("FMA peak", "training, batch 16", "inference, batch 16", "inference, batch 1 ")) {
      assertTrue(cli.out().contains(text), text + " in " + cli);
    }
  }

  @Test
  void helpListsTheOptions() {
    Cli cli = Cli.run("bench", "--help");
    assertEquals(0, cli.exitCode(), cli.toString());
    assertTrue(cli.out().contains("Usage: sumi bench"), cli.toString());
    assertTrue(cli.out().contains("--seconds"), cli.toString());
  }

  @Test
  void usageErrorsExitWithTwo() {
    Cli unknown = Cli.run("bench", "--model", "resnet-9000");
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.errorLine().contains("Unknown model 'resnet-9000'"), unknown.toString());
    for (String[] args :
        List.of(
            new String[] {"bench", "--model", "lenet5", "--batch-size", "0"},
            new String[] {"bench", "--model", "lenet5", "--threads", "0"},
            new String[] {"bench", "--model", "lenet5", "--seconds", "0"},
            new String[] {"bench", "--model", "lenet5", "--warmup", "-1"},
            new String[] {"bench"})) {
      Cli cli = Cli.run(args);
      assertEquals(2, cli.exitCode(), cli.toString());
    }
    Cli batch = Cli.run("bench", "--model", "lenet5", "--batch-size", "0");
    assertTrue(batch.errorLine().contains("--batch-size"), batch.toString());
  }
}
