package dev.sumi.cli;

import dev.sumi.track.RunStatus;
import dev.sumi.track.RunStore;
import dev.sumi.track.RunStores;
import dev.sumi.track.sweep.Parameter;
import dev.sumi.track.sweep.Sampler;
import dev.sumi.track.sweep.SweepListener;
import dev.sumi.track.sweep.SweepResult;
import dev.sumi.track.sweep.SweepRunner;
import dev.sumi.track.sweep.SweepSpec;
import dev.sumi.track.sweep.TrialRequest;
import dev.sumi.track.sweep.TrialResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumi sweep}: a hyper-parameter search whose trials are {@code sumi train} runs. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Search hyper-parameters: run the trials of a YAML or JSON sweep spec (grid, random or TPE"
          + " search, optionally with ASHA early termination), several at a time, each a sumi"
          + " train run in runs/<sweep>/<trial>; then print the trials ranked by the metric.",
      "Example: sumi sweep lenet-lr.yaml --parallel 2",
      "Example: sumi sweep lenet-lr.yaml --dry-run"
    })
final class SweepCommand implements Callable<Integer> {
  /** train options a sweep sets itself, from the spec's own keys or its folders. */
  private static final Set<String> SET_BY_SWEEP =
      Set.of("dataset", "model", "epochs", "out", "store", "sweep-id", "name", "help", "version");

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SPEC",
      description = "The sweep spec, a YAML or JSON file.")
  Path specFile;

  @Option(
      names = "--store",
      paramLabel = "URI",
      description =
          "Run store to record the sweep and its trials in (default: runs.db beside the --runs"
              + " folder, where sumi train records by default).")
  String store;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Trials run at once (default: the spec's parallel, else 1).")
  Integer parallel;

  @Option(
      names = "--runs",
      paramLabel = "DIR",
      defaultValue = "runs",
      description = "Folder for the sweep's folder of trial runs (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Option(
      names = "--dry-run",
      description =
          "Print the train commands of the trials a grid would run, or of the first random ones,"
              + " without training.")
  boolean dryRun;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  public Integer call() throws InterruptedException {
    Options.require(
        parallel == null || parallel >= 1, "--parallel must be >= 1, got " + parallel + ".");
    SweepSpec sweep = Options.parse(() -> SweepSpec.read(specFile));
    if (parallel != null) {
      sweep = sweep.withParallel(parallel);
    }
    checkOptionNames(sweep);
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / sweep.parallel());
    String storeUri =
        store != null
            ? store
            : runs.toAbsolutePath().normalize().resolveSibling("runs.db").toString();
    ProcessTrialLauncher launcher = new ProcessTrialLauncher(sweep, runs, storeUri, threads);
    if (dryRun) {
      dryRun(sweep, launcher);
      return 0;
    }
    // Children of an interrupted or killed sweep should not train on unwatched.
    Thread reaper =
        new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroy));
    Runtime.getRuntime().addShutdownHook(reaper);
    try (RunStore runStore = openStore(storeUri)) {
      out()
          .printf(
              Locale.ROOT,
              "sweep %s: %s search of %s on %s by %s, %d at a time, %s each%n",
              sweep.name(),
              sweep.method(),
              sweep.model(),
              sweep.dataset(),
              sweep.metric(),
              sweep.parallel(),
              threads == 1 ? "1 thread" : threads + " threads");
      SweepResult result =
          new SweepRunner(sweep, Sampler.of(sweep), launcher, runStore, progress(sweep)).run();
      printTable(sweep, result);
      return result.best().isPresent() ? 0 : 1;
    } finally {
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  /** The run store at {@code uri}. */
  private static RunStore openStore(String uri) {
    return Options.parse(() -> RunStores.open(uri));
  }

  /** Every parameter and fixed value must name a train option the sweep does not set itself. */
  private void checkOptionNames(SweepSpec sweep) {
    CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
    Set<String> known =
        train.options().stream()
            .flatMap(o -> Arrays.stream(o.names()))
            .filter(n -> n.startsWith("--"))
            .map(n -> n.substring(2))
            .filter(n -> !SET_BY_SWEEP.contains(n))
            .collect(Collectors.toCollection(TreeSet::new));
    List<String> names = new ArrayList<>();
    sweep.parameters().parameters().forEach(p -> names.add(p.name()));
    names.addAll(sweep.fixed().keySet());
    for (String name : names) {
      if (SET_BY_SWEEP.contains(name)) {
        throw new Options.UsageException(
            "Sweep spec "
                + specFile
                + ": '"
                + name
                + "' is set by the sweep itself (dataset, model and epochs are keys of the spec).");
      }
      if (!known.contains(name)) {
        throw new Options.UsageException(
            "Sweep spec "
                + specFile
                + ": '"
                + name
                + "' is not an option of sumi train; expected one of "
                + String.join(", ", known)
                + ".");
      }
    }
  }

  private void dryRun(SweepSpec sweep, ProcessTrialLauncher launcher) {
    Sampler sampler = Sampler.of(sweep);
    int shown =
        switch (sweep.method()) {
          case "grid" -> Integer.MAX_VALUE;
          case "tpe" -> Math.min(sweep.trials(), sweep.startupTrials());
          default -> sweep.trials();
        };
    int n = 0;
    for (; n < shown; n++) {
      Optional<Map<String, Object>> params = sampler.next(List.of());
      if (params.isEmpty()) {
        break;
      }
      Map<String, Object> config = new LinkedHashMap<>(params.get());
      config.putAll(sweep.fixed());
      TrialRequest trial =
          new TrialRequest(null, SweepRunner.trialName(sweep.name(), n + 1), n + 1, config);
      out().println("sumi " + String.join(" ", launcher.trainArguments(trial)));
    }
    int total = sweep.method().equals("grid") ? n : sweep.trials();
    out().printf(Locale.ROOT, "%s search: %d trials", sweep.method(), total);
    if (total > n) {
      out().printf(Locale.ROOT, "; the other %d are chosen by TPE from the results", total - n);
    }
    out().println(".");
  }

  private SweepListener progress(SweepSpec sweep) {
    return new SweepListener() {
      @Override
      public void trialStarted(TrialRequest trial, Map<String, Object> params) {
        out().println("trial " + trial.name() + " started: " + describe(params));
      }

      @Override
      public void trialEnded(TrialResult t) {
        String how =
            switch (t.status()) {
              case FINISHED -> "finished after " + epochs(t.epochs());
              case STOPPED -> "stopped early after " + epochs(t.epochs());
              default -> "failed after " + epochs(t.epochs());
            };
        String metric =
            Double.isNaN(t.metric())
                ? ""
                : String.format(Locale.ROOT, ": %s %.4f", sweep.metric(), t.metric());
        String why = t.message().isEmpty() ? "" : " (" + t.message() + ")";
        out().println("trial " + t.name() + " " + how + metric + why + "; " + describe(t.params()));
      }
    };
  }

  private void printTable(SweepSpec sweep, SweepResult result) {
    List<String> header =
        new ArrayList<>(List.of("rank", "trial", "status", "epochs", sweep.metric()));
    sweep.parameters().parameters().stream().map(Parameter::name).forEach(header::add);
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    int rank = 0;
    for (TrialResult t : result.ranked()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  Integer.toString(++rank),
                  t.name(),
                  t.status().name().toLowerCase(Locale.ROOT),
                  Integer.toString(t.epochs()),
                  Double.isNaN(t.metric()) ? "-" : String.format(Locale.ROOT, "%.4f", t.metric())));
      sweep.parameters().parameters().forEach(p -> row.add(format(t.params().get(p.name()))));
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out().println();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row.get(i)));
      }
      out().println(line.toString().stripTrailing());
    }
    Optional<TrialResult> best = result.best();
    if (best.isPresent()) {
      TrialResult b = best.get();
      out()
          .printf(
              Locale.ROOT,
              "best: %s with %s %.4f: %s%n",
              b.name(),
              sweep.metric(),
              b.metric(),
              b.params().entrySet().stream()
                  .map(e -> "--" + e.getKey() + " " + format(e.getValue()))
                  .collect(Collectors.joining(" ")));
    } else {
      out().println("no trial finished, so there is no best configuration.");
    }
    if (result.trials().stream().anyMatch(t -> t.status() == RunStatus.FAILED)) {
      out().println("failed trials left their output in train.log of their run folder.");
    }
  }

  private static String epochs(int n) {
    return n == 1 ? "1 epoch" : n + " epochs";
  }

  private static String describe(Map<String, Object> params) {
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + format(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  /** Four significant digits for real numbers, without trailing zeros; anything else as is. */
  static String format(Object value) {
    if (!(value instanceof Double d)) {
      return String.valueOf(value);
    }
    String s = String.format(Locale.ROOT, "%.4g", d);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
