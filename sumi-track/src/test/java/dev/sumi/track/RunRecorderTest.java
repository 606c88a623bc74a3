package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.model.Sequential;
import dev.sumi.optim.Adam;
import dev.sumi.train.Fit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecorderTest {
  @TempDir Path dir;
  RunStore store;

  @BeforeEach
  void open() {
    store = RunStores.open(dir.resolve("runs.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Fit fit(RunRecorder recorder) {
    // 96 examples in batches of 16: 6 steps per epoch, 18 in all.
    return Fit.epochs(3)
        .batchSize(16)
        .optimizer(Adam.lr(1e-2))
        .seed(3)
        .threads(1)
        .validation(TinyTraining.data(48, 2))
        .listener(recorder);
  }

  private static long[] steps(List<MetricPoint> points) {
    return points.stream().mapToLong(MetricPoint::step).toArray();
  }

  @Test
  void recordsStepAndEpochMetricsAndTheSummary() {
    RunRecorder recorder =
        new RunRecorder(
            store, NewRun.of("tiny", "tiny-cnn", Map.of("lr", 0.01)), 4, Duration.ofSeconds(10));
    Sequential model = TinyTraining.model();
    model.fit(TinyTraining.data(96, 1), fit(recorder));
    recorder.finish(Map.of("test_accuracy", 0.5));
    recorder.close();

    String id = recorder.runId();
    // Every 4 steps and at the end of every epoch (6, 12, 18).
    long[] expected = {4, 6, 8, 12, 16, 18};
    assertEquals(
        List.of(
            "epoch_images_per_second",
            "epoch_seconds",
            "epoch_train_accuracy",
            "epoch_train_loss",
            "images_per_second",
            "lr",
            "train_accuracy",
            "train_loss",
            "val_accuracy",
            "val_balanced_accuracy",
            "val_loss"),
        store.metricKeys(id));
    assertEquals(
        Arrays.toString(expected),
        Arrays.toString(steps(store.metrics(id, "train_loss", 0, 1000))));
    List<MetricPoint> val = store.metrics(id, "val_accuracy", 0, 1000);
    assertEquals("[6, 12, 18]", Arrays.toString(steps(val)));
    assertEquals(List.of(1.0, 2.0, 3.0), val.stream().map(MetricPoint::epoch).toList());
    assertEquals(0.5, store.metrics(id, "train_loss", 0, 1000).get(1).epoch() - 0.5, 1e-9);
    assertEquals(0.01, store.metrics(id, "lr", 0, 1000).get(0).value(), 1e-8);

    RunRecord run = store.run(id).orElseThrow();
    assertEquals(RunStatus.FINISHED, run.status());
    assertEquals(0.5, run.testAccuracy());
    assertEquals(3L, run.summary().get("epochs"));
    assertEquals(val.get(2).value(), (Double) run.summary().get("val_accuracy"), 1e-12);
    assertTrue(run.summary().containsKey("wall_seconds"));
    assertTrue(run.heartbeatAt() > 0);
    assertEquals(RunStatus.FINISHED, recorder.endStatus());
  }

  @Test
  void closingWithoutFinishingEndsTheRunByHowTrainingEnded() {
    RunRecorder trained = RunRecorder.start(store, NewRun.of("tiny", "tiny-cnn", Map.of()));
    TinyTraining.model().fit(TinyTraining.data(96, 1), fit(trained));
    trained.close();
    RunRecorder interrupted = RunRecorder.start(store, NewRun.of("tiny", "tiny-cnn", Map.of()));
    interrupted.close();
    assertEquals(RunStatus.FINISHED, store.run(trained.runId()).orElseThrow().status());
    assertEquals(RunStatus.FAILED, store.run(interrupted.runId()).orElseThrow().status());
  }

  @Test
  void trackingFillsInTheEnvironmentAndEndsItsRecorders() {
    Path file = dir.resolve("tracking.db");
    String id;
    try (Tracking tracking = Tracking.open(file)) {
      RunRecorder recorder = tracking.recorder(NewRun.of("tiny", "tiny-cnn", Map.of()));
      id = recorder.runId();
      recorder.log("custom", 7, 0.5, 42.0);
    }
    try (RunStore s = RunStores.open(file)) {
      RunRecord run = s.run(id).orElseThrow();
      assertEquals(RunStatus.FAILED, run.status(), "it never trained");
      assertEquals(
          (long) Runtime.getRuntime().availableProcessors(), run.environment().get("processors"));
      assertTrue(run.environment().containsKey("java_version"));
      assertEquals(42.0, s.metrics(id, "custom", 0, 10).get(0).value());
    }
  }
}
