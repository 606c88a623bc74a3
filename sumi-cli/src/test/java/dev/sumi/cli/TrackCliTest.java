package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.io.Json;
import dev.sumi.track.Artifact;
import dev.sumi.track.RunQuery;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStatus;
import dev.sumi.track.RunStore;
import dev.sumi.track.RunStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sumi train} records its run, metrics and artifacts in the run store. */
class TrackCliTest {
  @TempDir Path dir;

  private static Cli train(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--epochs",
                "1",
                "--limit",
                "2000",
                "--batch-size",
                "32",
                "--threads",
                "2",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return Cli.trainSeedMinimal(TestData.require("mnist"), args.toArray(String[]::new));
  }

  @Test
  void trainRecordsTheRunWithMetricsSummaryAndArtifactsBesideTheRunFolder() throws Exception {
    Path runDir = dir.resolve("runs/first");
    Cli cli = train(runDir, "--name", "first try", "--tag", "quick", "--tag", "cpu");
    assertEquals(0, cli.exitCode(), cli.toString());
    Matcher id = Pattern.compile("run id: (\\w+) in (.+)").matcher(cli.err());
    assertTrue(id.find(), cli.toString());
    Path storeFile = dir.resolve("runs/runs.db");
    assertEquals(storeFile.toAbsolutePath().normalize().toString(), id.group(2).strip());

    try (RunStore store = RunStores.open(storeFile)) {
      RunRecord run = store.run(id.group(1)).orElseThrow();
      assertEquals("first try", run.name());
      assertEquals(RunStatus.FINISHED, run.status());
      assertEquals(List.of("cpu", "quick"), run.tags());
      assertEquals("mnist", run.dataset());
      assertEquals("seed-minimal", run.model());
      assertEquals(runDir.toAbsolutePath().normalize(), run.runDir());
      assertEquals(32L, run.config().get("batch_size"));
      assertTrue(run.environment().containsKey("java_version"));
      Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(runDir.resolve("summary.json")));
      assertEquals(summary.get("test_accuracy"), run.testAccuracy());
      // 2000 images in batches of 32: 63 steps, logged every 20 and at the epoch's end.
      assertEquals(
          List.of(20L, 40L, 60L, 63L),
          store.metrics(run.id(), "train_loss", 0, 1000).stream().map(p -> p.step()).toList());
      assertEquals(1, store.metrics(run.id(), "val_accuracy", 0, 1000).size());
      List<Artifact> artifacts = store.artifacts(run.id());
      assertEquals(
          List.of("confusion_matrix", "feature_maps", "filters", "misclassified", "model"),
          artifacts.stream().map(Artifact::kind).toList());
      for (Artifact a : artifacts) {
        assertTrue(Files.isRegularFile(runDir.resolve(a.path())), a.path());
      }
      assertEquals(
          List.of(run.id()), store.leaderboard("mnist", 10).stream().map(RunRecord::id).toList());
    }
  }

  @Test
  void storeAndSweepIdAreHonouredAndNoTrackRecordsNothing() throws Exception {
    Path storeFile = dir.resolve("elsewhere/team.db");
    Files.createDirectories(storeFile.getParent());
    Cli tracked = train(dir.resolve("a"), "--store", "sqlite:" + storeFile, "--sweep-id", "sw1");
    assertEquals(0, tracked.exitCode(), tracked.toString());
    try (RunStore store = RunStores.open(storeFile)) {
      List<RunRecord> runs = store.runs(RunQuery.all());
      assertEquals(1, runs.size());
      assertEquals("sw1", runs.get(0).sweepId());
      assertEquals("a", runs.get(0).name());
    }
    assertFalse(Files.exists(dir.resolve("runs.db")));

    Cli untracked = train(dir.resolve("b"), "--no-track");
    assertEquals(0, untracked.exitCode(), untracked.toString());
    assertFalse(untracked.err().contains("run id:"), untracked.toString());
    assertFalse(Files.exists(dir.resolve("runs.db")));
  }

  @Test
  void anUnknownStoreUriIsAUsageError() {
    Cli cli = train(dir.resolve("c"), "--store", "mysql://db/runs");
    assertEquals(2, cli.exitCode(), cli.toString());
    assertEquals(
        "sumi: The run store URI 'mysql://db/runs' has a scheme sumi does not know; expected a"
            + " file path, sqlite:PATH or postgresql://[user[:password]@]host[:port]/database.",
        cli.errorLine());
  }
}
