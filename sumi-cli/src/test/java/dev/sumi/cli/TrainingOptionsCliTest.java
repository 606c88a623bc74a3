package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.io.Json;
import dev.sumi.model.Sequential;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Flatten;
import dev.sumi.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}'s regularisation and schedule options, {@code eval --tta} and ensembles. */
class TrainingOptionsCliTest {
  @TempDir static Path shared;
  private static Path mnist;
  private static Path regularised;
  private static Path plain;

  private static final String[] REGULARISED = {
    "--optimizer",
    "adamw",
    "--weight-decay",
    "0.001",
    "--schedule",
    "onecycle",
    "--warmup",
    "0.3",
    "--label-smoothing",
    "0.1",
    "--mixup",
    "0.2",
    "--ema",
    "0.99"
  };

  @BeforeAll
  static void train() {
    mnist = TestData.require("mnist");
    regularised = shared.resolve("regularised");
    Cli a = trainQuick(regularised, REGULARISED);
    assertEquals(0, a.exitCode(), a.toString());
    plain = shared.resolve("plain");
    Cli b = trainQuick(plain);
    assertEquals(0, b.exitCode(), b.toString());
  }

  private static Cli trainQuick(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--epochs",
                "1",
                "--limit",
                "2000",
                "--batch-size",
                "32",
                "--seed",
                "5",
                "--threads",
                "2",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return Cli.trainSeedMinimal(mnist, args.toArray(String[]::new));
  }

  @Test
  @SuppressWarnings("unchecked")
  void regularisedRunsAreRecordedAndReproducible() throws IOException {
    Map<String, Object> config =
        (Map<String, Object>) Json.parse(Files.readString(regularised.resolve("config.json")));
    assertEquals(0.1, ((Number) config.get("label_smoothing")).doubleValue());
    assertEquals(0.2, ((Number) config.get("mixup")).doubleValue());
    assertEquals(0.99, ((Number) config.get("ema")).doubleValue());
    assertTrue(
        config.get("schedule").toString().startsWith("onecycle(warmup=0.3"), config.toString());
    Map<String, Object> optimizer = (Map<String, Object>) config.get("optimizer");
    assertEquals("adamw", optimizer.get("optimizer"));
    assertEquals(0.001, ((Number) optimizer.get("weight_decay")).doubleValue(), 1e-9);

    Path again = shared.resolve("again");
    Cli cli = trainQuick(again, REGULARISED);
    assertEquals(0, cli.exitCode(), cli.toString());
    byte[] model = Files.readAllBytes(regularised.resolve("model.sumi"));
    assertArrayEquals(model, Files.readAllBytes(again.resolve("model.sumi")));
    assertNotEquals(
        Arrays.hashCode(model), Arrays.hashCode(Files.readAllBytes(plain.resolve("model.sumi"))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void ttaOfOneViewEqualsPlainEvalAndMoreViewsAreReported() {
    Map<String, Object> base = evalJson(List.of(plain.resolve("model.sumi")));
    Map<String, Object> one = evalJson(List.of(plain.resolve("model.sumi")), "--tta", "1");
    assertEquals(base.get("accuracy"), one.get("accuracy"));
    assertEquals(base.get("loss"), one.get("loss"));
    Map<String, Object> three = evalJson(List.of(plain.resolve("model.sumi")), "--tta", "3");
    assertEquals(3L, three.get("tta"));
    assertNotEquals(base.get("loss"), three.get("loss"));
    assertEquals(10, ((List<Object>) three.get("confusion_matrix")).size());
    Map<String, Object> mirrored =
        evalJson(List.of(plain.resolve("model.sumi")), "--tta", "3", "--tta-flip");
    assertEquals(6L, mirrored.get("views"));
    assertEquals(true, mirrored.get("tta_flip"));
    assertNotEquals(three.get("loss"), mirrored.get("loss"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void ensemblesReportTheAverageAndEachMember() {
    Path a = plain.resolve("model.sumi");
    Path b = regularised.resolve("model.sumi");
    Map<String, Object> alone = evalJson(List.of(a));
    Map<String, Object> self = evalJson(List.of(a, a));
    assertEquals(alone.get("accuracy"), self.get("accuracy"));
    assertEquals(
        ((Number) alone.get("loss")).doubleValue(),
        ((Number) self.get("loss")).doubleValue(),
        1e-6);

    Map<String, Object> pair = evalJson(List.of(a, b));
    List<Map<String, Object>> members = (List<Map<String, Object>>) pair.get("members");
    assertEquals(2, members.size());
    assertEquals(a.toString(), members.get(0).get("model_file"));
    assertEquals(alone.get("accuracy"), members.get(0).get("accuracy"));
    assertEquals(evalJson(List.of(b)).get("loss"), members.get(1).get("loss"));
    assertNotEquals(members.get(0).get("loss"), pair.get("loss"));
    assertNotEquals(members.get(1).get("loss"), pair.get("loss"));

    Cli report =
        Cli.run(
            "eval",
            "--model-file",
            a.toString(),
            "--model-file",
            b.toString(),
            "--tta",
            "2",
            "--dataset",
            "mnist",
            "--data-dir",
            mnist.toString());
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(report.out().contains("ensemble of 2 models"), report.out());
    assertTrue(report.out().contains("member " + b), report.out());
    assertTrue(report.out().contains("confusion matrix"), report.out());
  }

  @Test
  void anEnsembleMemberOfAnotherShapeIsNamed(@TempDir Path dir) {
    Path other = dir.resolve("four-classes.sumi");
    Sequential.of(Flatten.of(), Dense.of(4)).build(Shape.of(1, 28, 28), 1).save(other);
    Cli cli =
        Cli.run(
            "eval",
            "--model-file",
            plain.resolve("model.sumi").toString(),
            "--model-file",
            other.toString(),
            "--dataset",
            "mnist",
            "--data-dir",
            mnist.toString());
    assertEquals(1, cli.exitCode(), cli.toString());
    assertTrue(cli.errorLine().contains(other.toString()), cli.toString());
    assertTrue(cli.errorLine().contains("4 outputs"), cli.toString());
    assertEquals(1, cli.err().strip().lines().count(), cli.toString());
  }

  @Test
  void badValuesAreUsageErrorsInOneSentence() {
    for (String[] args :
        List.of(
            new String[] {"--label-smoothing", "1.5"},
            new String[] {"--mixup", "-1"},
            new String[] {"--ema", "1"},
            new String[] {"--weight-decay", "-0.1"},
            new String[] {"--schedule", "sawtooth"},
            new String[] {"--schedule", "onecycle", "--epochs", "2", "--warmup", "2"})) {
      List<String> all = new ArrayList<>(List.of("train", "--dataset", "mnist"));
      all.addAll(List.of(args));
      Cli cli = Cli.run(all.toArray(String[]::new));
      assertEquals(2, cli.exitCode(), cli.toString());
      assertEquals(1, cli.err().strip().lines().count(), cli.toString());
      assertTrue(
          cli.errorLine().contains(args[0]) || cli.errorLine().contains(args[1]), cli.toString());
    }
    Cli tta = Cli.run("eval", "--model-file", "missing.sumi", "--dataset", "mnist", "--tta", "0");
    assertEquals(2, tta.exitCode(), tta.toString());
    assertTrue(tta.errorLine().contains("--tta must be between 1 and 25"), tta.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> evalJson(List<Path> models, String... extra) {
    List<String> args = new ArrayList<>(List.of("eval"));
    for (Path m : models) {
      args.addAll(List.of("--model-file", m.toString()));
    }
    args.addAll(
        List.of("--dataset", "mnist", "--data-dir", mnist.toString(), "--threads", "2", "--json"));
    args.addAll(List.of(extra));
    Cli cli = Cli.run(args.toArray(String[]::new));
    assertEquals(0, cli.exitCode(), cli.toString());
    return (Map<String, Object>) Json.parse(cli.out().strip());
  }
}
