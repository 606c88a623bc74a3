package dev.sumi.cli;

import dev.sumi.track.sweep.SweepSpec;
import dev.sumi.track.sweep.TrialLauncher;
import dev.sumi.track.sweep.TrialOutcome;
import dev.sumi.track.sweep.TrialRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs each trial as a child {@code sumi train} process on this JVM (same java, options and class
 * path), with its output in train.log of the trial's run folder runs/SWEEP/TRIAL. It learns each
 * epoch's metrics from the run folder's metrics.jsonl and stops a trial with SIGTERM, so that the
 * child's run is recorded as stopped.
 */
final class ProcessTrialLauncher implements TrialLauncher {
  private static final long POLL_MILLIS = 200;
  private static final long GRACE_SECONDS = 20;

  private final SweepSpec spec;
  private final Path runs;
  private final String storeUri;
  private final int threads;

  /**
   * @param runs the folder that holds the sweep's folder of trial run folders
   * @param storeUri the run store trials record themselves in, or null for none
   * @param threads compute threads of each trial unless the spec fixes {@code threads}
   */
  ProcessTrialLauncher(SweepSpec spec, Path runs, String storeUri, int threads) {
    this.spec = spec;
    this.runs = runs.toAbsolutePath();
    this.storeUri = storeUri;
    this.threads = threads;
  }

  Path runDir(TrialRequest request) {
    return runs.resolve(spec.name()).resolve(request.name());
  }

  /** The arguments of the {@code sumi train} command a trial runs. */
  List<String> trainArguments(TrialRequest request) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "train",
            "--dataset",
            spec.dataset(),
            "--model",
            spec.model(),
            "--epochs",
            Integer.toString(spec.epochs()),
            "--out",
            runDir(request).toString()));
    if (!request.config().containsKey("threads")) {
      args.addAll(List.of("--threads", Integer.toString(threads)));
    }
    for (Map.Entry<String, Object> e : request.config().entrySet()) {
      if (e.getValue() instanceof Boolean flag) {
        if (flag) {
          args.add("--" + e.getKey());
        }
      } else {
        args.addAll(List.of("--" + e.getKey(), String.valueOf(e.getValue())));
      }
    }
    if (storeUri != null && request.sweepId() != null) {
      args.addAll(
          List.of("--store", storeUri, "--sweep-id", request.sweepId(), "--name", request.name()));
    }
    return args;
  }

  @Override
  public TrialOutcome run(TrialRequest request, EpochListener epochs) throws InterruptedException {
    Path dir = runDir(request);
    Path log = dir.resolve("train.log");
    Process process;
    try {
      Files.createDirectories(dir);
      // A metrics file left by an earlier sweep of the same name must not be read as this trial's.
      Files.deleteIfExists(dir.resolve("metrics.jsonl"));
      List<String> command = new ArrayList<>(javaCommand());
      command.addAll(trainArguments(request));
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start trial " + request.name() + ": " + e.getMessage(), e);
    }
    JsonLinesTail metrics = new JsonLinesTail(dir.resolve("metrics.jsonl"));
    try {
      boolean exited;
      do {
        exited = process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        for (Map<String, Object> m : metrics.newObjects()) {
          if (!(m.get("epoch") instanceof Number epoch)) {
            throw new IllegalStateException(
                "A line of " + log.resolveSibling("metrics.jsonl") + " has no epoch number: " + m);
          }
          if (!epochs.onEpoch(epoch.intValue(), m) && process.isAlive()) {
            stop(process);
            return TrialOutcome.stopped();
          }
        }
      } while (!exited);
    } finally {
      // Interrupted or failed while following the trial: it must not train on unwatched.
      if (process.isAlive()) {
        stop(process);
      }
    }
    int code = process.exitValue();
    return code == 0
        ? TrialOutcome.finished()
        : TrialOutcome.failed("exit code " + code + ", " + lastLine(log) + " (log: " + log + ")");
  }

  /** SIGTERM, so the child records its run as stopped; SIGKILL if it does not end in time. */
  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
      return "no output";
    } catch (IOException e) {
      return "no log: " + e.getMessage();
    }
  }

  /** java, this JVM's options (without a debugger agent, whose port is taken), class path, Main. */
  static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-agentlib:jdwp")) {
        command.add(option);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    return command;
  }
}
