package dev.sumi.cli;

import dev.sumi.io.Json;
import dev.sumi.train.EpochMetrics;
import dev.sumi.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A training run on disk: config.json, metrics.jsonl (one JSON object per epoch), model.sumi and
 * summary.json. JSON files are written to a temp file and renamed, so none is ever half-written.
 */
final class RunFolder {
  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  static RunFolder create(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve("metrics.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the run folder " + dir + ": " + e.getMessage(), e);
    }
    return new RunFolder(dir);
  }

  Path modelFile() {
    return dir.resolve("model.sumi");
  }

  void writeConfig(Map<String, Object> config) {
    writeJson("config.json", config);
  }

  void writeSummary(Map<String, Object> summary) {
    writeJson("summary.json", summary);
  }

  /** Appends every epoch's metrics as one line of metrics.jsonl. */
  TrainingListener metricsRecorder() {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics) {
        append("metrics.jsonl", Json.write(metrics.toMap()) + "\n");
      }
    };
  }

  private void writeJson(String name, Map<String, Object> value) {
    Path target = dir.resolve(name);
    Path temp = dir.resolve("." + name + ".tmp");
    try {
      Files.writeString(temp, Json.pretty(value) + "\n", StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // The original error is the one worth reporting.
      }
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private void append(String name, String line) {
    Path target = dir.resolve(name);
    try {
      Files.writeString(
          target,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to " + target + ": " + e.getMessage(), e);
    }
  }
}
