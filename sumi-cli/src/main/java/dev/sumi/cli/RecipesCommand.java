package dev.sumi.cli;

import dev.sumi.data.Datasets;
import dev.sumi.io.Json;
import dev.sumi.train.Recipe;
import dev.sumi.train.Recipes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumi recipes}: the built-in training recipes that {@code train --recipe} selects. */
@Command(
    name = "recipes",
    mixinStandardHelpOptions = true,
    description = {
      "List the built-in training recipes for sumi train --recipe NAME.",
      "Example: sumi recipes --dataset mnist"
    })
final class RecipesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Only this data set's recipes.")
  String dataset;

  @Option(names = "--json", description = "One JSON object per line instead of the table.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Recipe> recipes;
    if (dataset == null) {
      recipes = Recipes.all();
    } else {
      Options.require(
          Datasets.names().contains(dataset),
          "Unknown data set '"
              + dataset
              + "'; expected one of "
              + String.join(", ", Datasets.names())
              + ".");
      recipes = Recipes.forDataset(dataset);
    }
    if (!json) {
      out.printf(
          Locale.ROOT,
          "%-14s %-13s %-16s %6s %5s %5s %-6s %7s %7s %-9s %s%n",
          "dataset",
          "recipe",
          "model",
          "epochs",
          "limit",
          "batch",
          "optim",
          "lr",
          "decay",
          "schedule",
          "augment");
    }
    for (Recipe r : recipes) {
      if (json) {
        out.println(Json.write(r.toMap()));
      } else {
        out.printf(
            Locale.ROOT,
            "%-14s %-13s %-16s %6d %5s %5d %-6s %7s %7s %-9s %s%n",
            r.dataset(),
            r.name(),
            r.model(),
            r.epochs(),
            r.timeLimit().isZero() ? "-" : r.timeLimit().toMinutes() + "m",
            r.batchSize(),
            r.optimizer(),
            r.lr(),
            r.weightDecay(),
            r.schedule() + (r.warmup() > 0 ? "+wu" + r.warmup() : ""),
            r.augment());
      }
    }
    return 0;
  }
}
