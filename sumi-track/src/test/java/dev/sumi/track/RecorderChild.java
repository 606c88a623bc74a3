package dev.sumi.track;

import dev.sumi.optim.Adam;
import dev.sumi.train.BatchProgress;
import dev.sumi.train.Fit;
import dev.sumi.train.TrainingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A training process for {@link RunRecorderProcessTest}: records every step into the SQLite store
 * named by its argument and prints each global step once the recorder has it, until killed.
 */
public final class RecorderChild {
  private RecorderChild() {}

  public static void main(String[] args) {
    RunStore store = RunStores.open(Path.of(args[0]));
    NewRun run = new NewRun("child", "tiny", "tiny-cnn", null, null, Map.of(), Map.of(), List.of());
    RunRecorder recorder = new RunRecorder(store, run, 1, Duration.ofMillis(500));
    System.out.println("run " + recorder.runId());
    TrainingListener printer =
        new TrainingListener() {
          @Override
          public void onBatchEnd(BatchProgress p) {
            System.out.println(p.globalStep());
          }
        };
    TinyTraining.model()
        .fit(
            TinyTraining.data(96, 1),
            Fit.epochs(100_000)
                .batchSize(16)
                .optimizer(Adam.lr(1e-3))
                .threads(1)
                .listener(recorder)
                .listener(printer));
  }
}
