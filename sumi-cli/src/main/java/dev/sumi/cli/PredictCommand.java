package dev.sumi.cli;

import dev.sumi.image.DigitPreprocessor;
import dev.sumi.io.Json;
import dev.sumi.model.Model;
import dev.sumi.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sumi predict}: the class of each image file and its probability. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Classify image files (PNG, JPEG, BMP, GIF). Each image is prepared as MNIST was made: grey,"
          + " inverted if the background is light, cropped to the ink, scaled into 20x20 and"
          + " centred by centre of mass in 28x28.",
      "Example: sumi predict --model-file model.sumi digit.png"
    })
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Mixin Common common;

  @Option(
      names = "--model-file",
      required = true,
      paramLabel = "FILE",
      description = "A .sumi model file.")
  Path modelFile;

  @Option(names = "--json", description = "One JSON line per image: file, class, probability.")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
  List<Path> images;

  @Override
  public Integer call() {
    Model model = Model.load(modelFile).threads(common.threads());
    for (Path image : images) {
      Tensor p = model.predict(DigitPreprocessor.load(image));
      int best = p.argmax();
      String label =
          model.classNames().size() > best ? model.classNames().get(best) : Integer.toString(best);
      float probability = p.data()[best];
      if (json) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", image.toString());
        line.put("class", label);
        line.put("index", best);
        line.put("probability", (double) probability);
        out().println(Json.write(line));
      } else {
        out().printf(Locale.ROOT, "%s\t%s\t%.4f%n", image, label, probability);
      }
    }
    return 0;
  }
}
