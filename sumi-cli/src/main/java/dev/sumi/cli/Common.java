package dev.sumi.cli;

import picocli.CommandLine.Option;

/** Options every command has. */
final class Common {
  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads to compute with (default: all cores).")
  Integer threads;

  int threads() {
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads + ".");
    }
    return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
