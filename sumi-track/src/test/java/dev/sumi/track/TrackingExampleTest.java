package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.train.Fit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Tracking experiments" Java example, on a tiny data set instead of MNIST. */
class TrackingExampleTest {
  @TempDir Path dir;

  @Test
  void theReadmeExampleRecordsAFinishedRun() {
    Path file = dir.resolve("runs.db");
    Model model = TinyTraining.model();
    Dataset train = TinyTraining.data(64, 1);
    Dataset test = TinyTraining.data(32, 2);
    String id;
    double accuracy;
    // As in the README, with train and test for mnist.train() and mnist.test():
    try (Tracking tracking = Tracking.open(file)) {
      RunRecorder run =
          tracking.recorder(NewRun.of("mnist", "lenet5", Map.of("lr", 1e-3, "batch_size", 128)));
      model.fit(train, Fit.epochs(3).validation(test).listener(run));
      run.finish(Map.of("test_accuracy", model.evaluate(test).accuracy()));
      id = run.runId();
      accuracy = model.evaluate(test).accuracy();
    }
    try (RunStore store = RunStores.open(file)) {
      RunRecord r = store.leaderboard("mnist", 1).get(0);
      assertEquals(id, r.id());
      assertEquals(accuracy, r.testAccuracy());
      assertEquals(3, store.metrics(id, "val_accuracy", 0, 100).size());
      assertEquals(3L, r.summary().get("epochs"));
    }
  }
}
