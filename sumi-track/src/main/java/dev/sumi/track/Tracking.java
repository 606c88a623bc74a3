package dev.sumi.track;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Experiment tracking for code that calls {@code fit}: opens a run store and hands out recorders.
 *
 * <pre>{@code
 * try (Tracking tracking = Tracking.open(Path.of("runs.db"))) {
 *   RunRecorder run = tracking.recorder(NewRun.of("mnist", "lenet5", Map.of("lr", 1e-3)));
 *   History h = model.fit(train, fit.listener(run));
 *   run.finish(Map.of("test_accuracy", model.evaluate(test).accuracy()));
 * }
 * }</pre>
 *
 * Closing ends every recorder it gave out that is still running, then closes the store.
 */
public final class Tracking implements AutoCloseable {
  private final RunStore store;
  private final List<RunRecorder> recorders = new ArrayList<>();

  private Tracking(RunStore store) {
    this.store = store;
  }

  /** Tracks into a SQLite file (created when missing). */
  public static Tracking open(Path sqliteFile) {
    return new Tracking(RunStores.open(sqliteFile));
  }

  /** Tracks into the store at {@code uri}; see {@link RunStores#open(String)}. */
  public static Tracking open(String uri) {
    return new Tracking(RunStores.open(uri));
  }

  /** Tracks into a store already open; closing closes it. */
  public static Tracking of(RunStore store) {
    return new Tracking(store);
  }

  public RunStore store() {
    return store;
  }

  /**
   * Starts recording a new run, with this JVM's {@link Environment} when the run brings none; add
   * the recorder to the fit with {@code fit.listener(recorder)}.
   */
  public synchronized RunRecorder recorder(NewRun run) {
    NewRun withEnvironment =
        run.environment().isEmpty()
            ? new NewRun(
                run.name(),
                run.dataset(),
                run.model(),
                run.runDir(),
                run.sweepId(),
                run.config(),
                Environment.capture(run.runDir() == null ? Path.of(".") : run.runDir()),
                run.tags())
            : run;
    RunRecorder recorder = RunRecorder.start(store, withEnvironment);
    recorders.add(recorder);
    return recorder;
  }

  @Override
  public synchronized void close() {
    try {
      for (RunRecorder r : recorders) {
        r.close();
      }
    } finally {
      store.close();
    }
  }
}
