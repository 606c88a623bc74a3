package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.track.RunStatus;
import dev.sumi.track.sweep.SweepSpec;
import dev.sumi.track.sweep.TrialOutcome;
import dev.sumi.track.sweep.TrialRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trial as a child sumi train process: its epochs are heard, and it can be stopped. */
class ProcessTrialLauncherTest {
  @TempDir Path dir;

  /** Five epochs, so that the child is surely still training when it is told to stop. */
  @Test
  void stopsAChildTrainingRunAfterItsFirstEpoch() throws Exception {
    Path mnist = TestData.require("mnist");
    SweepSpec spec =
        SweepSpec.parse(
            """
            name: stop
            dataset: mnist
            model: lenet5
            method: grid
            epochs: 5
            parameters: {lr: {values: [0.001]}}
            """,
            "stop.yaml");
    ProcessTrialLauncher launcher = new ProcessTrialLauncher(spec, dir, null, 1);
    TrialRequest request =
        new TrialRequest(
            null,
            "stop-001",
            1,
            Map.of("lr", 0.001, "limit", 1000, "batch-size", 50, "data-dir", mnist.toString()));
    List<Integer> heard = new ArrayList<>();
    TrialOutcome outcome =
        launcher.run(
            request,
            (epoch, metrics) -> {
              heard.add(epoch);
              assertTrue(metrics.get("val_accuracy") instanceof Number, metrics.toString());
              return false;
            });
    assertEquals(RunStatus.STOPPED, outcome.status(), outcome.toString());
    assertEquals(List.of(1), heard);
    Path run = dir.resolve("stop").resolve("stop-001");
    assertTrue(Files.exists(run.resolve("train.log")));
    assertTrue(Files.notExists(run.resolve("summary.json")), "stopped before the end");
  }

  @Test
  void aChildThatFailsReportsItsErrorLine() throws Exception {
    SweepSpec spec =
        SweepSpec.parse(
            """
            name: bad
            dataset: mnist
            model: seed-minimal
            method: grid
            epochs: 1
            parameters: {batch-size: {values: [0]}}
            """,
            "bad.yaml");
    TrialOutcome outcome =
        new ProcessTrialLauncher(spec, dir, null, 1)
            .run(new TrialRequest(null, "bad-001", 1, Map.of("batch-size", 0)), (e, m) -> true);
    assertEquals(RunStatus.FAILED, outcome.status());
    assertTrue(
        outcome.message().startsWith("exit code 2, sumi: --batch-size must be >= 1, got 0."),
        outcome.message());
  }
}
