package dev.sumi.cli;

import dev.sumi.data.Dataset;
import dev.sumi.io.Json;
import dev.sumi.model.Model;
import dev.sumi.train.Ensemble;
import dev.sumi.train.EnsembleEvaluation;
import dev.sumi.train.Evaluation;
import dev.sumi.train.Tta;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sumi eval}: accuracy, loss, per-class accuracy and confusion matrix on a test set, of one
 * model or of an ensemble, optionally with test-time augmentation.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a model file, or an ensemble of model files (their class probabilities averaged), on"
          + " a data set's test split.",
      "Example: sumi eval --model-file runs/mnist-keras-simple-20261123-120000/model.sumi --dataset mnist",
      "Example: sumi eval --model-file a.sumi --model-file b.sumi --tta 5 --dataset mnist"
    })
final class EvalCommand implements Callable<Integer> {
  private static final int MAX_VIEWS = 25;

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
      description =
          "A .sumi model file; repeat it to evaluate an ensemble that averages the models' class"
              + " probabilities.")
  List<Path> modelFiles;

  @Option(
      names = "--tta",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Test-time augmentation: average the class probabilities of each image and N-1 shifted"
              + " copies (by one pixel right, left, down, up, then diagonally, then by two pixels);"
              + " 1 to "
              + MAX_VIEWS
              + " (default: ${DEFAULT-VALUE}).")
  int tta;

  @Option(
      names = "--tta-flip",
      description =
          "Also average the mirror image (left to right) of every view, doubling them: for data"
              + " sets trained with flips, such as fashion-mnist; not for digits or characters.")
  boolean ttaFlip;

  @Option(names = "--json", description = "Print one JSON object instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    int threads = common.threads();
    Options.require(
        tta >= 1 && tta <= MAX_VIEWS,
        "--tta must be between 1 and " + MAX_VIEWS + " views, got " + tta + ".");
    data.checkName();
    List<Model> models = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path file : modelFiles) {
      models.add(Model.load(file).threads(threads));
      names.add("model file " + file);
    }
    Ensemble ensemble = Ensemble.of(models, names);
    Dataset test = data.loadTest();
    boolean plain = models.size() == 1 && views() == 1;
    Tta shifts = Tta.shifts(tta);
    EnsembleEvaluation result =
        plain
            ? new EnsembleEvaluation(models.get(0).evaluate(test), List.of())
            : ensemble.evaluate(test, ttaFlip ? shifts.withFlips() : shifts);
    if (json) {
      out().println(Json.write(toJson(result)));
    } else {
      printReport(result);
    }
    return 0;
  }

  private Map<String, Object> toJson(EnsembleEvaluation result) {
    Map<String, Object> map = result.ensemble().toMap();
    map.put("dataset", data.dataset);
    if (modelFiles.size() == 1) {
      map.put("model_file", modelFiles.get(0).toString());
    } else {
      map.put("model_files", modelFiles.stream().map(Path::toString).toList());
      List<Object> members = new ArrayList<>();
      for (int i = 0; i < modelFiles.size(); i++) {
        Evaluation e = result.members().get(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_file", modelFiles.get(i).toString());
        m.put("accuracy", e.accuracy());
        m.put("balanced_accuracy", e.balancedAccuracy());
        m.put("loss", e.loss());
        members.add(m);
      }
      map.put("members", members);
    }
    map.put("tta", tta);
    map.put("tta_flip", ttaFlip);
    map.put("views", views());
    return map;
  }

  /** Test-time views per image: the shifts, and their mirror images with --tta-flip. */
  private int views() {
    return ttaFlip ? 2 * tta : tta;
  }

  private void printReport(EnsembleEvaluation result) {
    if (modelFiles.size() > 1 || views() > 1) {
      out()
          .printf(
              Locale.ROOT,
              "%s, test-time augmentation with %d view%s%s%n",
              modelFiles.size() > 1
                  ? "ensemble of " + modelFiles.size() + " models averaging probabilities"
                  : "one model",
              views(),
              views() == 1 ? "" : "s",
              ttaFlip ? " (" + tta + " and their mirror images)" : "");
    }
    if (modelFiles.size() > 1) {
      for (int i = 0; i < modelFiles.size(); i++) {
        Evaluation e = result.members().get(i);
        out()
            .printf(
                Locale.ROOT,
                "  member %s: accuracy %.4f  balanced accuracy %.4f  loss %.4f%n",
                modelFiles.get(i),
                e.accuracy(),
                e.balancedAccuracy(),
                e.loss());
      }
      out().println();
    }
    out().print(result.ensemble().report());
  }
}
