package dev.sumi.cli;

import dev.sumi.tensor.Shape;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumi summary}: the layer table of a zoo model. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Print a zoo model's layers, output shapes, parameters and FLOPs for 28x28 grey images.",
      "Example: sumi summary --model lenet5"
    })
final class SummaryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Option(
      names = "--model",
      required = true,
      paramLabel = "ZOO_NAME",
      completionCandidates = ZooModels.class,
      description = "One of ${COMPLETION-CANDIDATES}.")
  String model;

  @Option(
      names = "--classes",
      paramLabel = "K",
      defaultValue = "10",
      description = "Output classes (default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Mixin ScalingOptions scaling;

  @Override
  public Integer call() {
    out().print(scaling.build(model, Shape.of(1, 28, 28), classes, 0).summary());
    return 0;
  }
}
