package dev.sumi.track.web;

import dev.sumi.io.Json;
import dev.sumi.track.Artifact;
import dev.sumi.track.InMemoryRunStore;
import dev.sumi.track.MetricPoint;
import dev.sumi.track.NewRun;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Runs with folders, metrics and artifacts, for the dashboard's tests. */
final class Fixtures {
  private Fixtures() {}

  static NewRun newRun(
      Path root, String name, String dataset, String model, Map<String, Object> config) {
    Path dir = root.resolve("runs").resolve(name.replaceAll("[^A-Za-z0-9_-]", "_"));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new NewRun(name, dataset, model, dir, null, config, Map.of("java", "25"), List.of());
  }

  /** A finished run with {@code steps} loss points, a confusion matrix and misclassified images. */
  static String finishedRun(
      InMemoryRunStore store, Path root, String name, String dataset, double accuracy, int steps) {
    NewRun run =
        newRun(
            root,
            name,
            dataset,
            "lenet",
            Map.of("lr", 0.01 + accuracy / 10, "batch", 64, "optimizer", "adam"));
    String id = store.createRun(run);
    store.appendMetrics(id, loss(0, steps, 100));
    addArtifacts(store, id, run.runDir());
    store.finishRun(
        id,
        dev.sumi.track.RunStatus.FINISHED,
        Map.of("test_accuracy", accuracy, "parameters", 44_426, "wall_seconds", 12.5));
    return id;
  }

  /** Loss points for steps {@code from, from+1, ..., from+count-1}. */
  static List<MetricPoint> loss(long from, int count, int stepsPerEpoch) {
    List<MetricPoint> points = new ArrayList<>(count);
    for (long s = from; s < from + count; s++) {
      points.add(
          new MetricPoint(
              "train_loss", s, (double) s / stepsPerEpoch, 2.3 * Math.exp(-s / 200.0) + 0.05, 0));
    }
    return points;
  }

  static void addArtifacts(InMemoryRunStore store, String id, Path dir) {
    try {
      int[][] counts = new int[10][10];
      for (int i = 0; i < 10; i++) {
        counts[i][i] = 950 + i;
        counts[i][(i + 3) % 10] = 7 * i;
      }
      List<String> labels = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
      Files.writeString(
          dir.resolve("confusion.json"),
          Json.write(
              Map.of(
                  "labels",
                  labels,
                  "counts",
                  counts,
                  "rows",
                  "true class",
                  "columns",
                  "predicted class")));
      store.addArtifact(
          id,
          new Artifact(
              "confusion matrix", Artifact.KIND_CONFUSION_MATRIX, "confusion.json", Map.of()));
      writeMisclassified(dir.resolve("artifacts"));
      store.addArtifact(
          id,
          new Artifact(
              "misclassified",
              Artifact.KIND_MISCLASSIFIED,
              "artifacts/misclassified.json",
              Map.of("sprite", "artifacts/misclassified.png", "count", MISCLASSIFIED)));
      writeDigit(dir.resolve("filters.png"), 9);
      store.addArtifact(
          id, new Artifact("conv1 filters", Artifact.KIND_FILTERS, "filters.png", Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final int MISCLASSIFIED = 6;
  static final int TILE_SCALE = 2;
  static final int SPRITE_COLUMNS = 4;

  /**
   * Misclassified examples as RunArtifacts writes them: a sprite of 56x56 tiles (digits at 2x) in
   * rows of 4 with 1-pixel grey gaps, and its JSON. Example i is a bar at x = 6 + i (at 1x), true
   * label i, predicted (i + 3) % 10 with probability 0.7.
   */
  static void writeMisclassified(Path dir) throws IOException {
    Files.createDirectories(dir);
    int tile = 28 * TILE_SCALE;
    int rows = (MISCLASSIFIED + SPRITE_COLUMNS - 1) / SPRITE_COLUMNS;
    BufferedImage sprite =
        new BufferedImage(
            SPRITE_COLUMNS * (tile + 1) - 1, rows * (tile + 1) - 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sprite.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, sprite.getWidth(), sprite.getHeight());
    List<Object> examples = new ArrayList<>();
    for (int i = 0; i < MISCLASSIFIED; i++) {
      int column = i % SPRITE_COLUMNS;
      int row = i / SPRITE_COLUMNS;
      g.setColor(Color.BLACK);
      g.fillRect(column * (tile + 1), row * (tile + 1), tile, tile);
      g.setColor(Color.WHITE);
      g.fillRect(
          column * (tile + 1) + (6 + i) * TILE_SCALE,
          row * (tile + 1) + 4 * TILE_SCALE,
          4 * TILE_SCALE,
          20 * TILE_SCALE);
      double[] probs = new double[10];
      probs[(i + 3) % 10] = 0.7;
      probs[i] = 0.3;
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("index", 100 + i);
      e.put("true_label", i);
      e.put("predicted_label", (i + 3) % 10);
      e.put("true_class", String.valueOf(i));
      e.put("predicted_class", String.valueOf((i + 3) % 10));
      e.put("probabilities", probs);
      e.put("column", column);
      e.put("row", row);
      examples.add(e);
    }
    g.dispose();
    ImageIO.write(sprite, "png", dir.resolve("misclassified.png").toFile());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sprite", "misclassified.png");
    json.put("tile_width", tile);
    json.put("tile_height", tile);
    json.put("gap", 1);
    json.put("columns", SPRITE_COLUMNS);
    json.put("examples", examples);
    Files.writeString(dir.resolve("misclassified.json"), Json.write(json));
  }

  /** A 28x28 grey image with a bright bar whose place depends on {@code n}. */
  static void writeDigit(Path file, int n) throws IOException {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 4; y < 24; y++) {
      for (int x = 6 + n; x < 10 + n; x++) {
        img.getRaster().setSample(x, y, 0, 255);
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }
}
