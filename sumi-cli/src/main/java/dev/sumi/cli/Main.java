package dev.sumi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sumi} command. Exit codes: 0 ok, 1 runtime failure, 2 usage error. */
@Command(
    name = "sumi",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Convolutional neural networks in pure Java: train, evaluate and run image models.",
    subcommands = {
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      SummaryCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new Errors());
    cli.setExitCodeExceptionMapper(e -> 1);
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: name one.");
  }
}
