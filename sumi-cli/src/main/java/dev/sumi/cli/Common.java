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

  /** The thread count; a usage error (exit 2) when below 1. */
  int threads() {
    Options.require(
        threads == null || threads >= 1, "--threads must be >= 1, got " + threads + ".");
    return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
