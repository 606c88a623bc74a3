package dev.sumi.cli;

import dev.sumi.augment.Augment;
import dev.sumi.augment.Augmentation;
import dev.sumi.data.DataSplits;
import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.optim.LearningRateSchedule;
import dev.sumi.optim.OneCycle;
import dev.sumi.optim.Optimizer;
import dev.sumi.optim.Optimizers;
import dev.sumi.track.Artifact;
import dev.sumi.track.RunArtifacts;
import dev.sumi.track.RunRecorder;
import dev.sumi.track.RunStores;
import dev.sumi.track.Tracking;
import dev.sumi.train.ConsoleProgress;
import dev.sumi.train.Evaluation;
import dev.sumi.train.Fit;
import dev.sumi.train.History;
import dev.sumi.train.Recipe;
import dev.sumi.train.Recipes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumi train}: trains a zoo model on a data set and writes a run folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model on a data set and write a run folder with config.json, metrics.jsonl,"
          + " model.sumi and summary.json.",
      "Example: sumi train --dataset mnist --model keras-simple --epochs 12 --seed 1",
      "Example: sumi train --dataset fashion-mnist --recipe best (options given override it)"
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Mixin DataOptions data;
  @Mixin Common common;
  @Mixin RegularizationOptions regularization;
  @Mixin ScalingOptions scaling;
  @Mixin TrackingOptions tracking;

  @Option(
      names = "--recipe",
      paramLabel = "NAME",
      description =
          "A built-in set-up of model, epochs, batch size, optimizer, learning rate, schedule and"
              + " augmentation for the data set: best, fast, vgg-bn, allconv, resnet or"
              + " efficientnet (see sumi recipes); options given explicitly override its settings.")
  String recipeName;

  @Option(
      names = "--model",
      paramLabel = "ZOO_NAME",
      defaultValue = "keras-simple",
      completionCandidates = ZooModels.class,
      description = "Architecture: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "12",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "128",
      description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      defaultValue = "adam",
      description = "adam, adamw or sgd (with momentum 0.9) (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      paramLabel = "X",
      defaultValue = "0.001",
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--schedule",
      paramLabel = "NAME",
      defaultValue = "cosine",
      description =
          "Learning-rate schedule: constant, cosine, step (x0.1 every third of the run) or onecycle"
              + " (up from lr/25 to lr over --warmup epochs, default 30%% of the run, then down to"
              + " lr/25e4 along half cosines) (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(
      names = "--warmup",
      paramLabel = "EPOCHS",
      defaultValue = "0",
      description = "Linear warm-up epochs before the schedule (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "Seed for weights, shuffling, dropout and augmentation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--patience",
      paramLabel = "N",
      description =
          "Stop early after N epochs without a lower test loss, keeping the best weights.")
  Integer patience;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      defaultValue = "none",
      description =
          "On-the-fly augmentation of training images: none, default (the data set's: affine and"
              + " elastic for handwriting, flip, shift and erasing for fashion-mnist) or steps"
              + " joined by +, e.g. affine:rotate=10,shift=0.1,scale=0.1,shear=10+elastic:alpha=34,sigma=4"
              + "+erasing:p=0.5+flip (default: ${DEFAULT-VALUE}).")
  String augment;

  @Option(
      names = "--time-limit",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Keep training and testing within this wall time, e.g. 28m or 1h30m: after each epoch,"
              + " plan only the epochs that still fit at the recent pace, with the learning-rate"
              + " schedule run over that plan; 0 for no limit (default: none, or the recipe's).")
  Duration timeLimit = Duration.ZERO;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Train on the first N training images only (for quick trials).")
  Integer limit;

  @Option(
      names = "--out",
      paramLabel = "RUN_DIR",
      description = "Run folder (default: runs/<dataset>-<model>-<timestamp>).")
  Path out;

  @Override
  public Integer call() {
    data.checkName();
    Recipe recipe = recipeName == null ? null : applyRecipe();
    int threads = common.threads();
    Options.require(epochs >= 1, "--epochs must be >= 1, got " + epochs + ".");
    Options.require(batchSize >= 1, "--batch-size must be >= 1, got " + batchSize + ".");
    Options.requireZooModel(model);
    regularization.check();
    Optimizer opt =
        Options.parse(
            () ->
                recipe != null && !given("--optimizer")
                    ? Recipe.optimizer(
                        optimizer,
                        lr,
                        given("--weight-decay") ? regularization.weightDecay : recipe.weightDecay())
                    : Optimizers.byName(optimizer, lr, regularization.weightDecay));
    LearningRateSchedule lrSchedule = Options.parse(this::schedule);
    Augmentation augmentation = Options.parse(this::augmentation);

    DataSplits splits = data.load();
    var train =
        limit == null
            ? splits.train()
            : splits.train().subset(0, Math.min(limit, splits.train().size()));
    Model net = scaling.build(model, train.sampleShape(), train.numClasses(), seed);
    net.threads(threads);

    Path runDir = out != null ? out : defaultRunDir();
    RunFolder run = RunFolder.create(runDir);
    Map<String, Object> config = config(opt, lrSchedule, net, augmentation, recipe);
    run.writeConfig(config);
    err().println("run folder: " + runDir);
    try (Tracking store = tracking.open(runDir, out == null)) {
      RunRecorder recorder =
          store == null
              ? null
              : store.recorder(tracking.newRun(runDir, data.dataset, model, config));
      if (recorder != null) {
        err()
            .println(
                "run id: "
                    + recorder.runId()
                    + " in "
                    + RunStores.redact(tracking.storeUri(runDir, out == null)));
      }
      err().print(net.summary());
      train(net, train, splits, run, runDir, opt, lrSchedule, augmentation, recorder);
    }
    return 0;
  }

  private void train(
      Model net,
      Dataset train,
      DataSplits splits,
      RunFolder run,
      Path runDir,
      Optimizer opt,
      LearningRateSchedule lrSchedule,
      Augmentation augmentation,
      RunRecorder recorder) {
    Fit fit =
        Fit.epochs(epochs)
            .batchSize(batchSize)
            .optimizer(opt)
            .schedule(lrSchedule)
            .validation(splits.test())
            .seed(seed)
            .checkpoint(run.modelFile())
            .listener(new ConsoleProgress(err(), ConsoleProgress.isTerminal()))
            .listener(run.metricsRecorder());
    if (recorder != null) {
      fit.listener(recorder);
    }
    if (patience != null) {
      fit.earlyStopping(patience);
    }
    if (!timeLimit.isZero()) {
      fit.timeLimit(timeLimit);
    }
    regularization.applyTo(fit);
    if (!augmentation.spec().equals(Augment.none().spec())) {
      fit.augment(augmentation);
    }
    History history = net.fit(train, fit);
    Evaluation test = net.evaluate(splits.test());
    net.save(run.modelFile());
    Map<String, Object> summary = summary(net, history, test);
    run.writeSummary(summary);
    if (recorder != null) {
      recorder.addArtifact(RunArtifacts.modelFile(runDir.relativize(run.modelFile()).toString()));
      for (Artifact a : RunArtifacts.write(runDir, net, splits.test())) {
        recorder.addArtifact(a);
      }
      recorder.finish(summary);
    }
    out()
        .printf(
            Locale.ROOT,
            "test accuracy %.2f%% (balanced %.2f%%, loss %.4f) after %d epochs in %.0f s, %.0f training images/s; run folder %s%n",
            100 * test.accuracy(),
            100 * test.balancedAccuracy(),
            test.loss(),
            history.epochs().size(),
            history.wallSeconds(),
            history.trainImagesPerSecond(),
            runDir);
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** Sets every option not given on the command line from the recipe. */
  private Recipe applyRecipe() {
    Recipe r = Options.parse(() -> Recipes.get(data.dataset, recipeName));
    if (!given("--model")) {
      model = r.model();
    }
    if (!given("--epochs")) {
      epochs = r.epochs();
    }
    if (!given("--batch-size")) {
      batchSize = r.batchSize();
    }
    if (!given("--optimizer")) {
      optimizer = r.optimizer();
    }
    if (!given("--lr")) {
      lr = r.lr();
    }
    if (!given("--schedule")) {
      schedule = r.schedule();
    }
    if (!given("--warmup")) {
      warmup = r.warmup();
    }
    if (!given("--augment")) {
      augment = r.augment();
    }
    if (!given("--label-smoothing")) {
      regularization.labelSmoothing = r.labelSmoothing();
    }
    if (!given("--ema")) {
      regularization.ema = r.ema();
    }
    if (!given("--time-limit")) {
      timeLimit = r.timeLimit();
    }
    return r;
  }

  private LearningRateSchedule schedule() {
    LearningRateSchedule s =
        switch (schedule) {
          case "constant" -> LearningRateSchedule.constant();
          case "cosine" -> LearningRateSchedule.cosine();
          case "step" -> LearningRateSchedule.step(Math.max(1, epochs / 3), 0.1);
          case "onecycle" -> {
            if (warmup >= epochs) {
              throw new IllegalArgumentException(
                  "--warmup must be shorter than --epochs for the onecycle schedule, got "
                      + warmup
                      + " of "
                      + epochs
                      + " epochs.");
            }
            yield warmup > 0
                ? LearningRateSchedule.oneCycle().warmup(warmup / epochs)
                : LearningRateSchedule.oneCycle();
          }
          default ->
              throw new IllegalArgumentException(
                  "Unknown schedule '"
                      + schedule
                      + "'; expected constant, cosine, step or onecycle.");
        };
    if (s instanceof OneCycle) {
      return s;
    }
    return warmup > 0 ? LearningRateSchedule.warmup(warmup, s) : s;
  }

  private Augmentation augmentation() {
    return augment.strip().equalsIgnoreCase("default")
        ? Augment.defaults(data.dataset)
        : Augment.parse(augment);
  }

  private Path defaultRunDir() {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", data.dataset + "-" + model + "-" + stamp);
  }

  private Map<String, Object> config(
      Optimizer opt, LearningRateSchedule s, Model net, Augmentation augmentation, Recipe recipe) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("dataset", data.dataset);
    c.put("recipe", recipe == null ? null : recipe.toMap());
    c.put("model", model);
    c.put("model_scaling", scaling.config(model, net.inputShape()));
    c.put("epochs", epochs);
    c.put("batch_size", batchSize);
    c.put("optimizer", opt.config());
    c.put("schedule", s.describe());
    c.put("augment", augmentation.spec());
    regularization.record(c);
    c.put("seed", seed);
    c.put("threads", common.threads());
    c.put("kernels", net.kernels().name());
    c.put("limit", limit);
    c.put("patience", patience);
    c.put("time_limit_seconds", timeLimit.isZero() ? null : timeLimit.toSeconds());
    c.put("sumi_version", Version.get());
    c.put("java", Runtime.version().toString());
    return c;
  }

  private Map<String, Object> summary(Model net, History history, Evaluation test) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("dataset", data.dataset);
    s.put("model", model);
    s.put("epochs", history.epochs().size());
    s.put("best_epoch", history.bestEpoch());
    s.put("stopped_early", history.stoppedEarly());
    s.put("test_accuracy", test.accuracy());
    s.put("test_balanced_accuracy", test.balancedAccuracy());
    s.put("test_loss", test.loss());
    s.put("parameters", net.parameterCount());
    s.put("forward_flops_per_image", net.flops());
    s.put("wall_seconds", history.wallSeconds());
    s.put("train_images_per_second", history.trainImagesPerSecond());
    s.put("threads", common.threads());
    s.put("test", test.toMap());
    return s;
  }
}
