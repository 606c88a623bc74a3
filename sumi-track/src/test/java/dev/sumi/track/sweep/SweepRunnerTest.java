package dev.sumi.track.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.track.InMemoryRunStore;
import dev.sumi.track.NewRun;
import dev.sumi.track.RunQuery;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SweepRunnerTest {
  private static final String GRID =
      """
      name: grid
      dataset: mnist
      model: seed-minimal
      method: grid
      parallel: 3
      epochs: 4
      parameters:
        lr: {values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]}
      fixed:
        seed: 9
      """;

  /**
   * Plays the part of {@code sumi train}: records itself as a run of the sweep, reports an accuracy
   * of lr * epoch / 4 after each epoch, and finishes its run only when it ran to the end, as a
   * killed process would.
   */
  private static final class FakeLauncher implements TrialLauncher {
    final InMemoryRunStore store;
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final List<TrialRequest> requests = Collections.synchronizedList(new ArrayList<>());

    FakeLauncher(InMemoryRunStore store) {
      this.store = store;
    }

    @Override
    public TrialOutcome run(TrialRequest request, EpochListener epochs)
        throws InterruptedException {
      requests.add(request);
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        String runId =
            store.createRun(
                new NewRun(
                    request.name(),
                    "mnist",
                    "seed-minimal",
                    Path.of("runs", request.name()),
                    request.sweepId(),
                    request.config(),
                    Map.of(),
                    List.of()));
        double lr = ((Number) request.config().get("lr")).doubleValue();
        if (lr == 0.7) {
          return TrialOutcome.failed("sumi: diverged.");
        }
        for (int epoch = 1; epoch <= 4; epoch++) {
          Thread.sleep(15);
          if (!epochs.onEpoch(epoch, Map.of("val_accuracy", lr * epoch / 4, "epoch", epoch))) {
            return TrialOutcome.stopped();
          }
        }
        store.finishRun(runId, RunStatus.FINISHED, Map.of("test_accuracy", lr));
        return TrialOutcome.finished();
      } finally {
        running.decrementAndGet();
      }
    }
  }

  @Test
  void runsTheGridThreeAtATimeAndRecordsEveryTrialWithTheSweepId() throws Exception {
    SweepSpec spec = SweepSpec.parse(GRID, "grid.yaml");
    InMemoryRunStore store = new InMemoryRunStore();
    FakeLauncher launcher = new FakeLauncher(store);
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    SweepListener listener =
        new SweepListener() {
          @Override
          public void trialStarted(TrialRequest trial, Map<String, Object> params) {
            events.add("start " + trial.name() + " " + params);
          }

          @Override
          public void trialEnded(TrialResult result) {
            events.add("end " + result.name() + " " + result.status());
          }
        };
    SweepResult result = new SweepRunner(spec, Sampler.of(spec), launcher, store, listener).run();

    assertEquals(3, launcher.mostAtOnce.get(), "at most and at best 3 trials at once");
    assertEquals(7, result.trials().size());
    assertEquals(14, events.size());
    assertTrue(events.contains("start grid-001 {lr=0.1}"), events.toString());
    assertEquals(store.sweeps().get(0).id(), result.sweepId());
    assertEquals("grid", store.sweeps().get(0).name());
    assertTrue(store.sweeps().get(0).specJson().contains("\"method\":\"grid\""));
    for (TrialRequest r : launcher.requests) {
      assertEquals(Map.of("lr", r.config().get("lr"), "seed", 9), r.config(), "fixed values added");
    }

    List<RunRecord> runs = store.runs(new RunQuery(null, null, null, result.sweepId(), 100));
    assertEquals(
        Set.of("grid-001", "grid-002", "grid-003", "grid-004", "grid-005", "grid-006", "grid-007"),
        runs.stream().map(RunRecord::name).collect(Collectors.toSet()));
    assertTrue(
        runs.stream()
            .allMatch(r -> r.status() == RunStatus.FINISHED || r.name().equals("grid-007")));
    RunRecord failed = runs.stream().filter(r -> r.name().equals("grid-007")).findFirst().get();
    assertEquals(RunStatus.FAILED, failed.status(), "a crashed trial's run is marked failed");
    assertEquals("sumi: diverged.", failed.summary().get("error"));

    TrialResult best = result.best().orElseThrow();
    assertEquals("grid-006", best.name());
    assertEquals(0.6, best.metric(), 1e-12);
    assertEquals(4, best.epochs());
    assertEquals("grid-007", result.ranked().getLast().name(), "no metric ranks last");
  }

  @Test
  void ashaStopsWeakTrialsAndTheirRunsAreMarkedStopped() throws Exception {
    // One at a time and in order of rising lr, so each new trial beats every one before it, except
    // those of the descending half, which ASHA stops at the first rung.
    String spec =
        GRID.replace("parallel: 3", "parallel: 1")
                .replace("[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]", "[0.5, 0.6, 0.4, 0.3, 0.65]")
            + "early_termination: {type: asha, min_epochs: 1, reduction_factor: 2}\n";
    SweepSpec s = SweepSpec.parse(spec, "asha.yaml");
    InMemoryRunStore store = new InMemoryRunStore();
    SweepResult result =
        new SweepRunner(s, Sampler.of(s), new FakeLauncher(store), store, new SweepListener() {})
            .run();

    Map<String, RunStatus> statuses =
        result.trials().stream().collect(Collectors.toMap(TrialResult::name, TrialResult::status));
    assertEquals(
        Map.of(
            "grid-001", RunStatus.FINISHED,
            "grid-002", RunStatus.FINISHED,
            "grid-003", RunStatus.STOPPED,
            "grid-004", RunStatus.STOPPED,
            "grid-005", RunStatus.FINISHED),
        statuses);
    for (RunRecord run : store.runs(new RunQuery(null, null, null, result.sweepId(), 100))) {
      assertEquals(statuses.get(run.name()), run.status(), run.name());
      if (run.status() == RunStatus.STOPPED) {
        assertEquals("asha", run.summary().get("stopped_by"));
        assertEquals(1, run.summary().get("epochs"));
      }
    }
    assertEquals("grid-005", result.best().orElseThrow().name());
    assertEquals(
        List.of("grid-005", "grid-002", "grid-001", "grid-003", "grid-004"),
        result.ranked().stream().map(TrialResult::name).toList(),
        "finished trials by metric, then stopped ones");
  }

  @Test
  void randomSearchRunsItsTrialCountAndRecordsNothingWithoutAStore() throws Exception {
    String spec =
        GRID.replace("method: grid", "method: random\ntrials: 5")
            .replace(
                "{values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]}",
                "{distribution: uniform, min: 0.1, max: 0.6}");
    SweepSpec s = SweepSpec.parse(spec, "random.yaml");
    InMemoryRunStore trialsOnly = new InMemoryRunStore();
    FakeLauncher launcher = new FakeLauncher(trialsOnly);
    SweepResult result =
        new SweepRunner(s, Sampler.of(s), launcher, null, new SweepListener() {}).run();
    assertEquals(5, result.trials().size());
    assertEquals(null, result.sweepId());
    assertTrue(launcher.requests.stream().allMatch(r -> r.sweepId() == null));
    assertTrue(trialsOnly.sweeps().isEmpty());
  }
}
