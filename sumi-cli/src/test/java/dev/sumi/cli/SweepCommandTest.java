package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.io.Json;
import dev.sumi.track.RunQuery;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStatus;
import dev.sumi.track.RunStore;
import dev.sumi.track.RunStores;
import dev.sumi.track.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sumi sweep: dry runs, spec errors, and two real trials on MNIST. */
class SweepCommandTest {
  @TempDir Path dir;

  private Path spec(String text) throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void hasHelpAndIsListedByTheMainCommand() {
    Cli cli = Cli.run("sweep", "--help");
    assertEquals(0, cli.exitCode(), cli.toString());
    assertTrue(cli.out().contains("Usage: sumi sweep"), cli.toString());
    assertTrue(cli.out().contains("--dry-run"), cli.toString());
    assertTrue(Cli.run("--help").out().contains("sweep"));
  }

  @Test
  void dryRunPrintsTheTrainCommandOfEveryGridTrial() throws IOException {
    Path spec =
        spec(
            """
            name: tiny
            dataset: mnist
            model: seed-minimal
            method: grid
            epochs: 2
            parameters:
              lr: {values: [0.01, 0.001]}
              batch-size: {values: [32, 64]}
            fixed: {seed: 3, limit: 500}
            """);
    Cli cli = Cli.run("sweep", spec.toString(), "--dry-run", "--runs", dir.toString());
    assertEquals(0, cli.exitCode(), cli.toString());
    List<String> lines = cli.out().strip().lines().toList();
    assertEquals(5, lines.size(), cli.toString());
    String first = lines.get(0);
    assertTrue(
        first.startsWith(
            "sumi train --dataset mnist --model seed-minimal --epochs 2 --out "
                + dir.toAbsolutePath().resolve("tiny").resolve("tiny-001")
                + " --threads "),
        first);
    assertTrue(first.endsWith(" --lr 0.01 --batch-size 32 --seed 3 --limit 500"), first);
    assertTrue(lines.get(3).endsWith(" --lr 0.001 --batch-size 64 --seed 3 --limit 500"));
    assertEquals("grid search: 4 trials.", lines.get(4));
    assertTrue(Files.notExists(dir.resolve("tiny")), "a dry run trains nothing");
  }

  @Test
  void dryRunOfTpeShowsOnlyTheRandomStartupTrials() throws IOException {
    Path spec =
        spec(
            """
            name: t
            dataset: mnist
            model: seed-minimal
            method: tpe
            trials: 12
            startup_trials: 3
            epochs: 1
            parameters: {lr: {distribution: log_uniform, min: 1e-4, max: 1e-2}}
            """);
    Cli cli = Cli.run("sweep", spec.toString(), "--dry-run");
    assertEquals(0, cli.exitCode(), cli.toString());
    assertEquals(3, cli.out().lines().filter(l -> l.startsWith("sumi train")).count());
    assertTrue(
        cli.out()
            .contains("tpe search: 12 trials; the other 9 are chosen by TPE from the results."),
        cli.toString());
  }

  @Test
  void namesThatAreNotTrainOptionsAreUsageErrors() throws IOException {
    String base = "name: t\ndataset: mnist\nmodel: lenet5\nmethod: random\ntrials: 2\nepochs: 1\n";
    Cli cli =
        Cli.run("sweep", spec(base + "parameters: {learning-rate: {values: [0.1]}}").toString());
    assertEquals(2, cli.exitCode(), cli.toString());
    assertTrue(
        cli.errorLine().contains("'learning-rate' is not an option of sumi train; expected one of"),
        cli.errorLine());
    assertTrue(cli.errorLine().contains(" lr, "), cli.errorLine());

    cli =
        Cli.run(
            "sweep",
            spec(base + "parameters: {lr: {values: [0.1]}}\nfixed: {out: /tmp/x}").toString());
    assertEquals(2, cli.exitCode(), cli.toString());
    assertTrue(cli.errorLine().contains("'out' is set by the sweep itself"), cli.errorLine());
  }

  @Test
  void specProblemsAreUsageErrorsOfOneSentence() throws IOException {
    Cli cli =
        Cli.run(
            "sweep",
            spec("name: t\ndataset: mnist\nmodel: lenet5\nmethod: random\ntrials: 2\nepochs: 1\n"
                    + "parameters: {lr: {distribution: uniform, min: 0.1, max: 0.01}}")
                .toString());
    assertEquals(2, cli.exitCode(), cli.toString());
    assertEquals(
        "sumi: Sweep spec "
            + dir.resolve("spec.yaml")
            + ": parameter 'lr' has min 0.1 not below max 0.01.",
        cli.errorLine());
    cli = Cli.run("sweep", dir.resolve("spec.yaml").toString(), "--parallel", "0");
    assertEquals(2, cli.exitCode(), cli.toString());
    assertEquals("sumi: --parallel must be >= 1, got 0.", cli.errorLine());
    cli = Cli.run("sweep", dir.resolve("missing.yaml").toString());
    assertEquals(1, cli.exitCode(), cli.toString());
    assertTrue(cli.errorLine().startsWith("sumi: Cannot read the sweep spec "), cli.errorLine());
  }

  /** Two real one-epoch trials side by side, each a child sumi train process. */
  @Test
  void runsTwoTrialsInParallelOnMnist() throws IOException {
    Path mnist = TestData.require("mnist");
    Path spec =
        spec(
            """
            name: e2e
            dataset: mnist
            model: seed-minimal
            method: random
            trials: 2
            parallel: 2
            epochs: 1
            parameters:
              lr: {distribution: log_uniform, min: 1e-3, max: 1e-2}
            fixed:
              batch-size: 64
              limit: 2000
              seed: 1
              data-dir: %s
            """
                .formatted(mnist.toAbsolutePath()));
    Path runs = dir.resolve("runs");
    Cli cli = Cli.run("sweep", spec.toString(), "--runs", runs.toString());
    assertEquals(0, cli.exitCode(), cli.toString());
    String out = cli.out();
    assertTrue(out.contains("trial e2e-001 started: lr="), out);
    assertTrue(out.contains("trial e2e-002 started: lr="), out);
    assertEquals(
        2,
        out.lines().filter(l -> l.contains("finished after 1 epoch: val_accuracy 0.")).count(),
        out);
    assertTrue(out.contains("rank  trial    status    epochs  val_accuracy  lr"), out);
    assertTrue(
        out.lines().anyMatch(l -> l.startsWith("best: e2e-00") && l.contains(" --lr ")), out);

    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    for (String trial : List.of("e2e-001", "e2e-002")) {
      Path run = runs.resolve("e2e").resolve(trial);
      assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size(), trial);
      Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(run.resolve("config.json")));
      assertEquals((long) threads, config.get("threads"));
      assertEquals(2000L, config.get("limit"));
      double accuracy =
          ((Number)
                  ((Map<?, ?>) Json.parse(Files.readString(run.resolve("summary.json"))))
                      .get("test_accuracy"))
              .doubleValue();
      assertTrue(accuracy > 0.5, trial + " learned something: " + accuracy);
    }
    // Recorded by default in runs.db beside the runs folder, as one sweep of two finished runs.
    try (RunStore store = RunStores.open(dir.resolve("runs.db").toString())) {
      List<SweepRecord> sweeps = store.sweeps();
      assertEquals(1, sweeps.size());
      List<RunRecord> trials = store.runs(new RunQuery(null, null, null, sweeps.get(0).id(), 100));
      assertEquals(
          List.of("e2e-001", "e2e-002"), trials.stream().map(RunRecord::name).sorted().toList());
      for (RunRecord trial : trials) {
        assertEquals(RunStatus.FINISHED, trial.status(), trial.name());
        assertTrue(trial.testAccuracy() > 0.5, trial.name());
      }
    }
  }
}
