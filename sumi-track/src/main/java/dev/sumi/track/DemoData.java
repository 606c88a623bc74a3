package dev.sumi.track;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a store with plausible made-up runs, for trying the dashboard and measuring it at scale:
 * {@code java dev.sumi.track.DemoData runs.db 1000 10000}.
 */
public final class DemoData {
  private static final String[] DATASETS = {"mnist", "fashion-mnist", "kmnist"};
  private static final String[] MODELS = {"lenet5", "keras-simple", "tf-tutorial", "vgg-bn"};
  private static final String[] OPTIMIZERS = {"adam", "adamw", "sgd"};
  private static final int EPOCHS = 20;

  private DemoData() {}

  /**
   * Adds {@code runs} finished runs (seeded, so the same arguments give the same curves), each with
   * {@code points} steps of {@code train_loss} and {@code train_accuracy} points and 20 epochs of
   * {@code val_loss} and {@code val_accuracy}.
   */
  public static void fill(RunStore store, int runs, int points) {
    if (runs < 0 || points < 1) {
      throw new IllegalArgumentException(
          "DemoData needs runs >= 0 and points >= 1, got " + runs + " and " + points + ".");
    }
    long start = System.currentTimeMillis() - (long) runs * 60_000;
    for (int i = 0; i < runs; i++) {
      SplittableRandom random = new SplittableRandom(i);
      String dataset = DATASETS[i % DATASETS.length];
      String model = MODELS[random.nextInt(MODELS.length)];
      double lr = Math.pow(10, -4 + 2.5 * random.nextDouble());
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("dataset", dataset);
      config.put("model", model);
      config.put("lr", lr);
      config.put("batch_size", (long) (32 << random.nextInt(4)));
      config.put("optimizer", OPTIMIZERS[random.nextInt(OPTIMIZERS.length)]);
      config.put("epochs", (long) EPOCHS);
      config.put("seed", (long) i);
      String id =
          store.createRun(
              new NewRun(
                  String.format(Locale.ROOT, "demo-%04d", i),
                  dataset,
                  model,
                  Path.of("runs", "demo-" + i),
                  null,
                  config,
                  Map.of("processors", 2L, "source", "DemoData"),
                  i % 10 == 0 ? List.of("demo", "baseline") : List.of("demo")));
      // Quality peaks near lr 3e-3 and varies by seed.
      double skill =
          Math.exp(-Math.pow(Math.log10(lr / 3e-3), 2)) * (0.8 + 0.2 * random.nextDouble());
      double floor = 0.02 + 0.3 * (1 - skill);
      List<MetricPoint> m = new ArrayList<>(points + points / 10 + 2 * EPOCHS);
      long t0 = start + i * 60_000L;
      for (int step = 1; step <= points; step++) {
        double epoch = (double) step * EPOCHS / points;
        double loss = floor + 2.3 * Math.exp(-5 * epoch / EPOCHS * (1 + skill)) * noise(random);
        long time = t0 + step * 50L;
        m.add(new MetricPoint("train_loss", step, epoch, loss, time));
        if (step % 10 == 0) {
          m.add(new MetricPoint("train_accuracy", step, epoch, accuracy(loss), time));
        }
      }
      double testAccuracy = 0;
      for (int e = 1; e <= EPOCHS; e++) {
        long step = Math.max(1, (long) points * e / EPOCHS);
        double loss = floor * 1.1 + 2.3 * Math.exp(-5.0 * e / EPOCHS * (1 + skill));
        testAccuracy = accuracy(loss);
        long time = t0 + step * 50L;
        m.add(new MetricPoint("val_loss", step, e, loss, time));
        m.add(new MetricPoint("val_accuracy", step, e, testAccuracy, time));
      }
      store.appendMetrics(id, m);
      store.finishRun(
          id,
          RunStatus.FINISHED,
          Map.of(
              "test_accuracy",
              testAccuracy,
              "epochs",
              (long) EPOCHS,
              "wall_seconds",
              points * 0.05));
    }
  }

  private static double noise(SplittableRandom random) {
    return 0.85 + 0.3 * random.nextDouble();
  }

  private static double accuracy(double loss) {
    return Math.min(0.9995, Math.exp(-loss * 0.9));
  }

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: DemoData STORE_URI RUNS POINTS");
      System.exit(2);
    }
    long t = System.nanoTime();
    try (RunStore store = RunStores.open(args[0])) {
      fill(store, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    }
    System.out.printf(
        Locale.ROOT,
        "filled %s with %s runs of %s points in %.1f s%n",
        args[0],
        args[1],
        args[2],
        (System.nanoTime() - t) / 1e9);
  }
}
