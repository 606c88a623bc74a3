package dev.sumi.track.sweep;

import dev.sumi.track.RunQuery;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStatus;
import dev.sumi.track.RunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sweep: up to {@code parallel} trials at once, each next configuration asked of the sampler
 * when a slot frees (so that TPE learns from every trial finished so far), ASHA applied after every
 * epoch. The sweep is recorded in the run store, and its trials record themselves there as runs
 * naming the sweep; a trial that ends while its run still says RUNNING (stopped or crashed before
 * it could say so) is marked here.
 */
public final class SweepRunner {
  private final SweepSpec spec;
  private final Sampler sampler;
  private final TrialLauncher launcher;
  private final RunStore store;
  private final SweepListener listener;
  private final Asha asha;

  /**
   * @param store where to record the sweep, or null to record nothing
   */
  public SweepRunner(
      SweepSpec spec,
      Sampler sampler,
      TrialLauncher launcher,
      RunStore store,
      SweepListener listener) {
    this.spec = spec;
    this.sampler = sampler;
    this.launcher = launcher;
    this.store = store;
    this.listener = listener;
    this.asha = spec.earlyTermination() == null ? null : Asha.of(spec);
  }

  /** The name of trial {@code number} of a sweep, e.g. {@code lenet-lr-007}. */
  public static String trialName(String sweepName, int number) {
    return String.format("%s-%03d", sweepName, number);
  }

  /** Runs every trial; when interrupted, stops the running ones and throws. */
  public SweepResult run() throws InterruptedException {
    String sweepId = store == null ? null : store.createSweep(spec.name(), spec.toJson());
    int budget = spec.method().equals("grid") ? Integer.MAX_VALUE : spec.trials();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            spec.parallel(),
            r -> {
              Thread t = new Thread(r, spec.name() + "-trial-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    CompletionService<TrialResult> done = new ExecutorCompletionService<>(pool);
    List<Observation> observations = new ArrayList<>();
    List<TrialResult> results = new ArrayList<>();
    int started = 0;
    int running = 0;
    try {
      while (true) {
        while (running < spec.parallel() && started < budget) {
          Optional<Map<String, Object>> params = sampler.next(List.copyOf(observations));
          if (params.isEmpty()) {
            budget = started;
            break;
          }
          started++;
          running++;
          Map<String, Object> config = new LinkedHashMap<>(params.get());
          config.putAll(spec.fixed());
          TrialRequest request =
              new TrialRequest(sweepId, trialName(spec.name(), started), started, config);
          listener.trialStarted(request, params.get());
          done.submit(() -> runTrial(request, params.get()));
        }
        if (running == 0) {
          break;
        }
        TrialResult result = result(done);
        running--;
        results.add(result);
        listener.trialEnded(result);
        if (result.status() != RunStatus.FAILED && result.epochs() > 0) {
          double score = spec.maximize() ? result.metric() : -result.metric();
          observations.add(new Observation(result.params(), score));
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    return new SweepResult(sweepId, results, spec.maximize());
  }

  private static TrialResult result(CompletionService<TrialResult> done)
      throws InterruptedException {
    try {
      return done.take().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new IllegalStateException("A trial crashed the sweep: " + e.getCause(), e.getCause());
    }
  }

  private TrialResult runTrial(TrialRequest request, Map<String, Object> params)
      throws InterruptedException {
    double[] last = {Double.NaN};
    int[] epochs = {0};
    boolean[] halted = {false};
    TrialOutcome outcome;
    try {
      outcome =
          launcher.run(
              request,
              (epoch, metrics) -> {
                double value =
                    metrics.get(spec.metric()) instanceof Number n ? n.doubleValue() : Double.NaN;
                last[0] = value;
                epochs[0] = epoch;
                halted[0] = asha != null && !asha.shouldContinue(epoch, value);
                return !halted[0];
              });
    } catch (RuntimeException e) {
      outcome = TrialOutcome.failed(String.valueOf(e.getMessage()));
    }
    markEnded(request, outcome, epochs[0], last[0], halted[0]);
    return new TrialResult(
        request.number(),
        request.name(),
        params,
        outcome.status(),
        epochs[0],
        last[0],
        outcome.message());
  }

  /** Ends the trial's run in the store if the trial could not do so itself. */
  private void markEnded(
      TrialRequest request, TrialOutcome outcome, int epochs, double metric, boolean halted) {
    if (store == null || request.sweepId() == null) {
      return;
    }
    for (RunRecord run :
        store.runs(new RunQuery(null, null, null, request.sweepId(), RunQuery.all().limit()))) {
      if (run.name().equals(request.name()) && run.status() == RunStatus.RUNNING) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("epochs", epochs);
        if (!Double.isNaN(metric)) {
          summary.put(spec.metric(), metric);
        }
        if (halted) {
          summary.put("stopped_by", "asha");
        }
        if (!outcome.message().isEmpty()) {
          summary.put("error", outcome.message());
        }
        store.finishRun(run.id(), outcome.status(), summary);
      }
    }
  }
}
