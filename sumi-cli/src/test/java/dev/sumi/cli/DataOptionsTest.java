package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --augment, balanced accuracy in the outputs, and evaluation on KMNIST's test split. */
class DataOptionsTest {
  @TempDir Path tmp;

  private static Cli train(Path mnist, Path out, String augment) {
    return Cli.trainSeedMinimal(
        mnist,
        "--epochs",
        "1",
        "--limit",
        "1000",
        "--batch-size",
        "50",
        "--threads",
        "2",
        "--augment",
        augment,
        "--out",
        out.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void augmentDefaultIsRecordedAndBalancedAccuracyReported() throws IOException {
    Path mnist = TestData.require("mnist");
    Path run = tmp.resolve("run");
    Cli cli = train(mnist, run, "default");
    assertEquals(0, cli.exitCode(), cli.toString());
    assertTrue(cli.out().contains("balanced"), cli.out());
    Map<String, Object> config =
        (Map<String, Object>) Json.parse(Files.readString(run.resolve("config.json")));
    assertTrue(((String) config.get("augment")).startsWith("affine:rotate=10"), config.toString());
    Map<String, Object> summary =
        (Map<String, Object>) Json.parse(Files.readString(run.resolve("summary.json")));
    assertTrue(summary.containsKey("test_balanced_accuracy"), summary.toString());
    String epoch = Files.readAllLines(run.resolve("metrics.jsonl")).get(0);
    assertTrue(epoch.contains("val_balanced_accuracy"), epoch);

    Cli eval =
        Cli.run(
            "eval",
            "--model-file",
            run.resolve("model.sumi").toString(),
            "--dataset",
            "mnist",
            "--data-dir",
            mnist.toString(),
            "--threads",
            "2");
    assertEquals(0, eval.exitCode(), eval.toString());
    assertTrue(eval.out().contains("balanced accuracy"), eval.out());

    // KMNIST has the same shape and class count; only its test split is needed to evaluate.
    TestData.find("kmnist")
        .ifPresent(
            kmnist -> {
              Cli k =
                  Cli.run(
                      "eval",
                      "--model-file",
                      run.resolve("model.sumi").toString(),
                      "--dataset",
                      "kmnist",
                      "--data-dir",
                      kmnist.toString(),
                      "--json",
                      "--threads",
                      "2");
              assertEquals(0, k.exitCode(), k.toString());
              assertTrue(k.out().contains("\"examples\":10000"), k.out());
              assertTrue(k.out().contains("\"balanced_accuracy\""), k.out());
            });
  }

  @Test
  void aBadAugmentSpecIsAUsageError() {
    Cli cli = train(tmp, tmp.resolve("run"), "affine:spin=3");
    assertEquals(2, cli.exitCode(), cli.toString());
    assertEquals(
        "sumi: Augmentation spec 'affine:spin=3' sets the unknown key 'spin' for affine; expected"
            + " rotate, shift, scale, shear.",
        cli.errorLine());
  }
}
