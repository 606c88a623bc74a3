package dev.sumi.cli;

import dev.sumi.io.Json;
import dev.sumi.model.Model;
import dev.sumi.train.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumi eval}: accuracy, loss, per-class accuracy and confusion matrix on a test set. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a model file on a data set's test split.",
      "Example: sumi eval --model-file runs/mnist-keras-simple-20261123-120000/model.sumi --dataset mnist"
    })
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Mixin DataOptions data;
  @Mixin Common common;

  @Option(
      names = "--model-file",
      required = true,
      paramLabel = "FILE",
      description = "A .sumi model file.")
  Path modelFile;

  @Option(names = "--json", description = "Print one JSON object instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    int threads = common.threads();
    data.checkName();
    Model model = Model.load(modelFile).threads(threads);
    Evaluation result = model.evaluate(data.loadTest());
    if (json) {
      var map = result.toMap();
      map.put("dataset", data.dataset);
      map.put("model_file", modelFile.toString());
      out().println(Json.write(map));
    } else {
      out().print(result.report());
    }
    return 0;
  }
}
