package dev.sumi.cli;

import picocli.CommandLine;

/**
 * Turns a failure into one sentence on stderr and exit code 1 (2 for usage errors); the stack trace
 * only with {@code --verbose}.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    boolean verbose =
        parseResult.subcommands().stream().anyMatch(r -> r.hasMatchedOption("--verbose"));
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    cli.getErr().println("sumi: " + message);
    if (verbose) {
      e.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return Options.exitCodeOf(e);
  }
}
