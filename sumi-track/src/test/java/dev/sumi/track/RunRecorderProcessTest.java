package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a recording training process with SIGTERM and SIGKILL and inspects the store after. */
class RunRecorderProcessTest {
  @TempDir Path dir;

  /** A printed line and when it arrived. */
  private record Line(String text, long nanos) {}

  private record Child(Process process, ConcurrentLinkedDeque<Line> lines) {
    long lastStep() {
      return lines.stream()
          .map(Line::text)
          .filter(t -> t.matches("\\d+"))
          .mapToLong(Long::parseLong)
          .max()
          .orElse(0);
    }

    /** The last step printed at least {@code seconds} before {@code nanos}. */
    long lastStepBefore(long nanos, double seconds) {
      return lines.stream()
          .filter(l -> l.text().matches("\\d+") && l.nanos() <= nanos - (long) (seconds * 1e9))
          .mapToLong(l -> Long.parseLong(l.text()))
          .max()
          .orElse(0);
    }
  }

  private Child start(Path store) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RecorderChild.class.getName(),
                store.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    ConcurrentLinkedDeque<Line> lines = new ConcurrentLinkedDeque<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(new Line(line, System.nanoTime()));
                }
              } catch (java.io.IOException ignored) {
                // The process is gone.
              }
            });
    return new Child(p, lines);
  }

  private static void awaitSteps(Child child, long steps) throws Exception {
    long start = System.nanoTime();
    while (child.lastStep() < steps) {
      assertTrue(child.process().isAlive(), "the child process died early");
      assertTrue(System.nanoTime() - start < 60e9, "the child made no progress in 60 s");
      Thread.sleep(50);
    }
  }

  private static List<Long> steps(RunStore store, String runId) {
    return store.metrics(runId, "train_loss", 0, Integer.MAX_VALUE).stream()
        .map(MetricPoint::step)
        .toList();
  }

  private static void assertIntegrity(Path file) throws Exception {
    try (var c = RunStores.dialect(file.toString()).connect();
        var s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
      r.next();
      assertEquals("ok", r.getString(1));
    }
  }

  private static void assertContiguousFromOne(List<Long> steps) {
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(i + 1, steps.get(i), "steps are 1, 2, 3, ... without gaps");
    }
  }

  @Test
  void sigtermKeepsEveryPointAndMarksTheRunStopped() throws Exception {
    Path file = dir.resolve("runs.db");
    Child child = start(file);
    awaitSteps(child, 300);
    child.process().destroy();
    assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), "the child ends after SIGTERM");
    Thread.sleep(100);
    long printed = child.lastStep();

    assertIntegrity(file);
    try (RunStore store = RunStores.open(file)) {
      RunRecord run = store.runs(RunQuery.all()).get(0);
      assertEquals(RunStatus.STOPPED, run.status());
      List<Long> steps = steps(store, run.id());
      assertContiguousFromOne(steps);
      assertTrue(
          steps.size() >= printed,
          "all " + printed + " printed steps are stored, found " + steps.size());
    }
  }

  @Test
  void sigkillLosesAtMostTheLastSecondsAndNeverCorruptsTheStore() throws Exception {
    Path file = dir.resolve("runs.db");
    Child child = start(file);
    awaitSteps(child, 300);
    // Train on until some steps were printed more than 2 s ago, however long start-up took.
    while (child.lastStepBefore(System.nanoTime(), 2.5) == 0) {
      assertTrue(child.process().isAlive(), "the child process died early");
      Thread.sleep(50);
    }
    long killedAt = System.nanoTime();
    child.process().destroyForcibly();
    assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
    long twoSecondsBefore = child.lastStepBefore(killedAt, 2.0);
    assertTrue(twoSecondsBefore > 0);

    assertIntegrity(file);
    try (RunStore store = RunStores.open(file)) {
      RunRecord run = store.runs(RunQuery.all()).get(0);
      assertEquals(RunStatus.RUNNING, run.status(), "nothing could mark the run ended");
      assertTrue(run.heartbeatAt() > 0);
      List<Long> steps = steps(store, run.id());
      assertContiguousFromOne(steps);
      assertTrue(
          steps.size() >= twoSecondsBefore,
          "steps printed 2 s before the kill ("
              + twoSecondsBefore
              + ") are stored, found "
              + steps.size());
    }
  }
}
