package dev.sumi.track;

import dev.sumi.data.Dataset;
import dev.sumi.data.Datasets;
import dev.sumi.model.Model;
import dev.sumi.model.Zoo;
import dev.sumi.train.BatchProgress;
import dev.sumi.train.EpochMetrics;
import dev.sumi.train.Fit;
import dev.sumi.train.History;
import dev.sumi.train.TrainingListener;
import dev.sumi.train.TrainingPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures what recording costs a real training run: the same seeded fit on MNIST without a
 * recorder, with one logging every 20 steps (the default) and with one logging every step, in
 * alternating rounds; prints the median time of each, the time the training thread spent inside the
 * recorder per step, and checks that every point arrived.
 *
 * <pre>java ... dev.sumi.track.RecorderOverhead [MODEL [STEPS [ROUNDS]]]</pre>
 *
 * Defaults: lenet5, 300 steps of 128 images, 3 rounds. MNIST is found as {@code sumi train} finds
 * it ({@code SUMI_DATA}).
 */
public final class RecorderOverhead {
  private static final int BATCH = 128;

  private RecorderOverhead() {}

  public static void main(String[] args) throws IOException {
    String model = args.length > 0 ? args[0] : "lenet5";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Dataset train = Datasets.mnist().train().take(steps * BATCH);
    Path dir = Files.createTempDirectory("sumi-overhead");
    int[] every = {0, RunRecorder.DEFAULT_EVERY, 1};
    List<List<Double>> seconds = new ArrayList<>();
    for (int i = 0; i < every.length; i++) {
      seconds.add(new ArrayList<>());
    }
    fit(model, train.take(10 * BATCH), 0, dir); // warm-up
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < every.length; i++) {
        double s = fit(model, train, every[i], dir);
        seconds.get(i).add(s);
        System.out.printf(Locale.ROOT, "round %d %-22s %.2f s%n", r + 1, label(every[i]), s);
      }
    }
    double base = median(seconds.get(0));
    System.out.printf(
        Locale.ROOT,
        "%s, %d steps of %d images, median of %d rounds:%n",
        model,
        steps,
        BATCH,
        rounds);
    for (int i = 0; i < every.length; i++) {
      double m = median(seconds.get(i));
      System.out.printf(
          Locale.ROOT, "  %-22s %.2f s  %+.1f%%%n", label(every[i]), m, 100 * (m - base) / base);
    }
  }

  private static String label(int every) {
    return every == 0
        ? "no recorder"
        : "recorder every " + every + (every == 1 ? " step" : " steps");
  }

  /** Seconds of one seeded fit; with a recorder, checks that every point is in the store. */
  private static double fit(String name, Dataset train, int every, Path dir) {
    Model model = Zoo.build(name, train.sampleShape(), train.numClasses(), 1);
    Fit fit = Fit.epochs(1).batchSize(BATCH).seed(1);
    Path file = dir.resolve("overhead-" + System.nanoTime() + ".db");
    try (RunStore store = RunStores.open(file)) {
      RunRecorder recorder =
          every == 0
              ? null
              : new RunRecorder(
                  store, NewRun.of("mnist", name, Map.of()), every, Duration.ofSeconds(10));
      Timed timed = recorder == null ? null : new Timed(recorder);
      if (timed != null) {
        fit.listener(timed);
      }
      long t = System.nanoTime();
      model.fit(train, fit);
      double seconds = (System.nanoTime() - t) / 1e9;
      if (recorder != null) {
        int steps = (train.size() + BATCH - 1) / BATCH;
        System.out.printf(
            Locale.ROOT,
            "  training thread inside the recorder: %.1f us per step%n",
            timed.nanos / 1e3 / steps);
        recorder.finish(Map.of());
        int expected = steps / every + (steps % every == 0 ? 0 : 1);
        int found = store.metrics(recorder.runId(), "train_loss", 0, Integer.MAX_VALUE).size();
        if (found != expected) {
          throw new IllegalStateException(
              "Expected " + expected + " train_loss points, found " + found + ".");
        }
      }
      return seconds;
    } finally {
      delete(file);
    }
  }

  /** Passes events on to the recorder and adds up the time they take. */
  private static final class Timed implements TrainingListener {
    private final RunRecorder recorder;
    long nanos;

    Timed(RunRecorder recorder) {
      this.recorder = recorder;
    }

    @Override
    public void onBatchEnd(BatchProgress progress) {
      long t = System.nanoTime();
      recorder.onBatchEnd(progress);
      nanos += System.nanoTime() - t;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
      long t = System.nanoTime();
      recorder.onEpochEnd(metrics);
      nanos += System.nanoTime() - t;
    }

    @Override
    public void onTrainStart(TrainingPlan plan) {
      recorder.onTrainStart(plan);
    }

    @Override
    public void onTrainEnd(History history) {
      recorder.onTrainEnd(history);
    }
  }

  private static void delete(Path file) {
    try {
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
