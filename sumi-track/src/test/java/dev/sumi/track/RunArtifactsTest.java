package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.data.Dataset;
import dev.sumi.io.Json;
import dev.sumi.model.Sequential;
import dev.sumi.optim.Adam;
import dev.sumi.train.Evaluation;
import dev.sumi.train.Fit;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunArtifactsTest {
  @TempDir Path dir;

  @Test
  void writesConfusionMatrixMisclassifiedFiltersAndFeatureMaps() throws Exception {
    Sequential model = TinyTraining.model();
    model.fit(
        TinyTraining.data(96, 1), Fit.epochs(1).batchSize(16).optimizer(Adam.lr(1e-2)).seed(1));
    Dataset test = TinyTraining.data(150, 2);
    Evaluation evaluation = model.evaluate(test);

    List<Artifact> artifacts = RunArtifacts.write(dir, model, test);
    assertEquals(
        List.of(
            Artifact.KIND_CONFUSION_MATRIX,
            Artifact.KIND_MISCLASSIFIED,
            Artifact.KIND_FILTERS,
            Artifact.KIND_FEATURE_MAPS),
        artifacts.stream().map(Artifact::kind).toList());
    for (Artifact a : artifacts) {
      assertTrue(Files.isRegularFile(dir.resolve(a.path())), a.path());
    }

    Map<?, ?> confusion =
        (Map<?, ?>) Json.parse(Files.readString(dir.resolve("artifacts/confusion_matrix.json")));
    assertEquals(List.of("a", "b", "c"), confusion.get("labels"));
    List<?> rows = (List<?>) confusion.get("counts");
    for (int t = 0; t < 3; t++) {
      for (int p = 0; p < 3; p++) {
        assertEquals(
            (long) evaluation.confusion()[t][p],
            ((List<?>) rows.get(t)).get(p),
            "the same counts as the evaluator");
      }
    }

    Map<?, ?> wrong =
        (Map<?, ?>) Json.parse(Files.readString(dir.resolve("artifacts/misclassified.json")));
    List<?> examples = (List<?>) wrong.get("examples");
    long errors = Math.round((1 - evaluation.accuracy()) * test.size());
    assertEquals(Math.min(errors, RunArtifacts.MAX_MISCLASSIFIED), examples.size());
    if (!examples.isEmpty()) {
      Map<?, ?> first = (Map<?, ?>) examples.get(0);
      assertNotEquals(first.get("true_label"), first.get("predicted_label"));
      assertEquals(3, ((List<?>) first.get("probabilities")).size());
      int index = ((Long) first.get("index")).intValue();
      assertEquals((long) test.label(index), first.get("true_label"));
    }
    BufferedImage sprite = ImageIO.read(dir.resolve("artifacts/misclassified.png").toFile());
    assertEquals(Math.min(8, Math.max(1, examples.size())) * 25 - 1, sprite.getWidth());

    // 4 filters of 3x3 at 8x: one row of 4 tiles of 24 pixels with 1-pixel gaps.
    BufferedImage filters = ImageIO.read(dir.resolve("artifacts/filters.png").toFile());
    assertEquals(4 * 25 - 1, filters.getWidth());
    assertEquals(24, filters.getHeight());
    // 4 maps of 10x10 (12x12 input, 3x3 valid convolution) at 2x.
    BufferedImage maps = ImageIO.read(dir.resolve("artifacts/feature_maps.png").toFile());
    assertEquals(4 * 21 - 1, maps.getWidth());
    assertEquals(20, maps.getHeight());
    assertTrue(Files.list(dir.resolve("artifacts")).noneMatch(f -> f.toString().endsWith(".tmp")));
  }
}
