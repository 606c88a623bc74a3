package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.augment.Augment;
import dev.sumi.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --recipe}, {@code sumi recipes} and the efficientnet scaling options. */
class RecipeCliTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void explicitOptionsOverrideTheRecipeAndConfigRecordsIt() throws IOException {
    Path mnist = TestData.require("mnist");
    Path run = dir.resolve("run");
    Cli cli =
        Cli.trainSeedMinimal(
            mnist,
            "--recipe",
            "fast",
            "--epochs",
            "1",
            "--limit",
            "300",
            "--threads",
            "2",
            "--out",
            run.toString());
    assertEquals(0, cli.exitCode(), cli.toString());
    Map<String, Object> config =
        (Map<String, Object>) Json.parse(Files.readString(run.resolve("config.json")));
    Map<String, Object> recipe = (Map<String, Object>) config.get("recipe");
    assertEquals("fast", recipe.get("name"));
    assertEquals("vgg-bn", recipe.get("model"));
    assertEquals(4L, recipe.get("epochs"));
    // Given on the command line:
    assertEquals("seed-minimal", config.get("model"));
    assertEquals(1L, config.get("epochs"));
    // From the recipe:
    assertEquals(128L, config.get("batch_size"));
    assertEquals(Augment.parse((String) recipe.get("augment")).spec(), config.get("augment"));
    assertTrue(((String) config.get("schedule")).startsWith("warmup(0.5)"), config.toString());
    Map<String, Object> optimizer = (Map<String, Object>) config.get("optimizer");
    assertEquals(0.002, ((Number) optimizer.get("lr")).doubleValue(), 1e-9);
    assertEquals(5e-4, ((Number) optimizer.get("weight_decay")).doubleValue(), 1e-9);
  }

  @Test
  void anUnknownRecipeNamesTheValidOnes() {
    Cli cli = Cli.run("train", "--dataset", "fashion-mnist", "--recipe", "fastest");
    assertEquals(2, cli.exitCode(), cli.toString());
    assertEquals(
        "sumi: Unknown recipe 'fastest' for fashion-mnist; expected one of best, fast, vgg-bn,"
            + " allconv, resnet, efficientnet.",
        cli.errorLine());
  }

  @Test
  void recipesListsEveryDataSet() {
    Cli cli = Cli.run("recipes");
    assertEquals(0, cli.exitCode(), cli.toString());
    for (String dataset : new String[] {"mnist", "fashion-mnist", "kmnist", "k49"}) {
      assertTrue(cli.out().contains(dataset + " "), cli.out());
    }
    Cli json = Cli.run("recipes", "--dataset", "kmnist", "--json");
    assertEquals(0, json.exitCode(), json.toString());
    String[] lines = json.out().strip().split("\n");
    assertEquals(6, lines.length, json.out());
    assertTrue(lines[0].contains("\"name\":\"best\""), lines[0]);
    assertEquals(2, Cli.run("recipes", "--dataset", "cifar-10").exitCode());
  }

  @Test
  void scalingOptionsBelongToEfficientNet() {
    Cli scaled = Cli.run("summary", "--model", "efficientnet", "--phi", "1");
    assertEquals(0, scaled.exitCode(), scaled.toString());
    assertTrue(scaled.out().contains("Resize"), scaled.out());
    assertTrue(scaled.out().contains("(1, 32, 32)"), scaled.out());
    Cli direct = Cli.run("summary", "--model", "efficientnet", "--width-mult", "0.5");
    assertEquals(0, direct.exitCode(), direct.toString());
    Cli wrong = Cli.run("summary", "--model", "lenet5", "--phi", "1");
    assertEquals(2, wrong.exitCode(), wrong.toString());
    assertTrue(wrong.errorLine().contains("--model efficientnet only"), wrong.toString());
    assertEquals(2, Cli.run("summary", "--model", "efficientnet", "--phi", "-1").exitCode());
    assertEquals(2, Cli.run("summary", "--model", "efficientnet", "--resolution", "2").exitCode());
  }
}
