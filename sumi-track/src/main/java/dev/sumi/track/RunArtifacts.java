package dev.sumi.track;

import dev.sumi.data.Batches;
import dev.sumi.data.Dataset;
import dev.sumi.io.Json;
import dev.sumi.model.Model;
import dev.sumi.model.Sequential;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Layer;
import dev.sumi.nn.Parameter;
import dev.sumi.nn.RunContext;
import dev.sumi.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pictures and tables a finished run leaves in {@code artifacts/} of its folder: the test
 * confusion matrix, a sprite of misclassified test examples with their predictions, the first
 * convolution layer's filters and that layer's feature maps for the first test example.
 */
public final class RunArtifacts {
  /** At most this many misclassified examples are kept. */
  public static final int MAX_MISCLASSIFIED = 64;

  private static final int COLUMNS = 8;
  private static final int BATCH = 250;

  private RunArtifacts() {}

  /** The model file artifact, at {@code path} relative to the run folder. */
  public static Artifact modelFile(String path) {
    return new Artifact("model", Artifact.KIND_MODEL, path, Map.of());
  }

  /**
   * Evaluates {@code model} on {@code test} and writes the artifacts into {@code runDir/artifacts};
   * returns them with paths relative to {@code runDir}, to register with the store. Filters and
   * feature maps are left out when the model has no convolution layer (feature maps also for graph
   * models).
   */
  public static List<Artifact> write(Path runDir, Model model, Dataset test) {
    List<Artifact> out = new ArrayList<>();
    Predictions p = Predictions.of(model, test);
    out.add(confusionMatrix(runDir, p, test));
    out.add(misclassified(runDir, p, test));
    Conv2D conv = firstConv(model);
    if (conv != null) {
      out.add(filters(runDir, conv));
      if (model instanceof Sequential && test.size() > 0) {
        out.add(featureMaps(runDir, model, conv, test));
      }
    }
    return out;
  }

  /** Class probabilities of every test example. */
  private record Predictions(float[][] probabilities, int[] labels) {
    static Predictions of(Model model, Dataset data) {
      int n = data.size();
      int classes = model.outputShape().size();
      float[][] probabilities = new float[n][];
      int[] labels = new int[n];
      RunContext context = RunContext.inference(model.kernels());
      Batches batches = Batches.inOrder(data, BATCH);
      int done = 0;
      while (batches.next()) {
        Tensor logits = model.forward(batches.images(), context);
        float[] z = logits.data();
        for (int i = 0; i < batches.count(); i++) {
          probabilities[done + i] = softmax(z, i * classes, classes);
          labels[done + i] = batches.labels()[i];
        }
        done += batches.count();
      }
      return new Predictions(probabilities, labels);
    }

    int predicted(int i) {
      float[] p = probabilities[i];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      return best;
    }
  }

  private static float[] softmax(float[] z, int offset, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, z[offset + i]);
    }
    float[] p = new float[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = (float) Math.exp(z[offset + i] - max);
      sum += p[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] /= (float) sum;
    }
    return p;
  }

  private static List<String> labels(Dataset data, int classes) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      names.add(i < data.classNames().size() ? data.classNames().get(i) : Integer.toString(i));
    }
    return names;
  }

  private static Artifact confusionMatrix(Path runDir, Predictions p, Dataset test) {
    int classes = p.probabilities.length == 0 ? test.numClasses() : p.probabilities[0].length;
    int[][] counts = new int[classes][classes];
    for (int i = 0; i < p.labels.length; i++) {
      counts[p.labels[i]][p.predicted(i)]++;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("labels", labels(test, classes));
    json.put("counts", counts);
    json.put("rows", "true class");
    json.put("columns", "predicted class");
    String path = "artifacts/confusion_matrix.json";
    writeJson(runDir.resolve(path), json);
    return new Artifact(
        "confusion_matrix",
        Artifact.KIND_CONFUSION_MATRIX,
        path,
        Map.of("classes", classes, "examples", p.labels.length));
  }

  private static Artifact misclassified(Path runDir, Predictions p, Dataset test) {
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < p.labels.length && wrong.size() < MAX_MISCLASSIFIED; i++) {
      if (p.predicted(i) != p.labels[i]) {
        wrong.add(i);
      }
    }
    int[] dims = test.sampleShape().dims();
    int channels = dims[0];
    ImageGrid grid = new ImageGrid(Math.max(1, wrong.size()), COLUMNS, dims[1], dims[2], 2);
    float[] image = new float[test.sampleSize()];
    int[] label = new int[1];
    List<Object> examples = new ArrayList<>();
    List<String> names = labels(test, p.probabilities.length == 0 ? 0 : p.probabilities[0].length);
    for (int k = 0; k < wrong.size(); k++) {
      int i = wrong.get(k);
      test.fill(i, 1, image, label);
      // Back from the network's normalisation to pixel values in [0, 1].
      for (int j = 0; j < image.length; j++) {
        image[j] = image[j] * test.std() + test.mean();
      }
      grid.draw(k, image, 0, channels, 0f, 1f);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("index", i);
      e.put("true_label", p.labels[i]);
      e.put("predicted_label", p.predicted(i));
      e.put("true_class", names.get(p.labels[i]));
      e.put("predicted_class", names.get(p.predicted(i)));
      e.put("probabilities", p.probabilities[i]);
      e.put("column", k % grid.columns());
      e.put("row", k / grid.columns());
      examples.add(e);
    }
    String png = "artifacts/misclassified.png";
    String json = "artifacts/misclassified.json";
    grid.writePng(runDir.resolve(png));
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("sprite", "misclassified.png");
    list.put("tile_width", grid.tileWidth());
    list.put("tile_height", grid.tileHeight());
    list.put("gap", 1);
    list.put("columns", grid.columns());
    list.put("examples", examples);
    writeJson(runDir.resolve(json), list);
    return new Artifact(
        "misclassified",
        Artifact.KIND_MISCLASSIFIED,
        json,
        Map.of(
            "sprite", png,
            "count", wrong.size(),
            "tile_width", grid.tileWidth(),
            "tile_height", grid.tileHeight(),
            "gap", 1,
            "columns", grid.columns()));
  }

  private static Conv2D firstConv(Model model) {
    for (Layer layer : model.layers()) {
      if (layer instanceof Conv2D c) {
        return c;
      }
    }
    return null;
  }

  private static Artifact filters(Path runDir, Conv2D conv) {
    Parameter weights = conv.parameters().get(0);
    int[] d = weights.shape().dims(); // (filters, channels, k, k)
    int perFilter = d[1] * d[2] * d[3];
    int channels = d[1] == 3 ? 3 : 1;
    ImageGrid grid = new ImageGrid(d[0], COLUMNS, d[2], d[3], 8);
    for (int f = 0; f < d[0]; f++) {
      grid.drawStretched(f, weights.value(), f * perFilter, channels);
    }
    String path = "artifacts/filters.png";
    grid.writePng(runDir.resolve(path));
    return new Artifact(
        "filters",
        Artifact.KIND_FILTERS,
        path,
        Map.of("filters", d[0], "channels", d[1], "kernel", d[2], "columns", grid.columns()));
  }

  /** The first convolution's output (after its fused activation) for test example 0. */
  private static Artifact featureMaps(Path runDir, Model model, Conv2D conv, Dataset test) {
    float[] image = new float[test.sampleSize()];
    test.fill(0, 1, image, new int[1]);
    RunContext context = RunContext.inference(model.kernels());
    Tensor x = new Tensor(test.sampleShape().withBatch(1), image);
    for (Layer layer : model.layers()) {
      x = layer.forward(x, context);
      if (layer == conv) {
        break;
      }
    }
    int[] d = x.shape().dims(); // (1, maps, h, w)
    ImageGrid grid = new ImageGrid(d[1], COLUMNS, d[2], d[3], 2);
    for (int m = 0; m < d[1]; m++) {
      grid.drawStretched(m, x.data(), m * d[2] * d[3], 1);
    }
    String path = "artifacts/feature_maps.png";
    grid.writePng(runDir.resolve(path));
    return new Artifact(
        "feature_maps",
        Artifact.KIND_FEATURE_MAPS,
        path,
        Map.of(
            "example", 0, "maps", d[1], "height", d[2], "width", d[3], "columns", grid.columns()));
  }

  private static void writeJson(Path file, Map<String, Object> value) {
    AtomicFiles.write(
        file, temp -> Files.writeString(temp, Json.pretty(value) + "\n", StandardCharsets.UTF_8));
  }
}
