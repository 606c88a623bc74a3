package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.io.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sumi command end to end: help, usage errors, train, eval, predict and bad input. */
class CliTest {
  @TempDir static Path shared;
  private static Path mnist;
  private static Path run;

  /** One quick training run shared by the eval and predict tests. */
  @BeforeAll
  static void train() {
    mnist = TestData.require("mnist");
    run = shared.resolve("run");
    Cli cli = trainQuick(run);
    assertEquals(0, cli.exitCode(), cli.toString());
  }

  private static Cli trainQuick(Path out) {
    return Cli.trainSeedMinimal(
        mnist,
        "--epochs",
        "1",
        "--limit",
        "3000",
        "--batch-size",
        "32",
        "--seed",
        "5",
        "--threads",
        "2",
        "--out",
        out.toString());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("train", "eval", "predict", "summary")) {
      Cli cli = Cli.run(command, "--help");
      assertEquals(0, cli.exitCode(), cli.toString());
      assertTrue(cli.out().contains("Usage: sumi " + command), cli.toString());
    }
    assertTrue(Cli.run("--help").out().contains("train"));
  }

  @Test
  void usageErrorsExitWithTwoAndOneSentence() {
    assertEquals(2, Cli.run().exitCode());
    assertEquals(2, Cli.run("train").exitCode());
    assertEquals(2, Cli.run("frobnicate").exitCode());
    Cli dataset = Cli.run("train", "--dataset", "cifar-10");
    assertEquals(2, dataset.exitCode(), dataset.toString());
    assertTrue(dataset.errorLine().contains("Unknown data set 'cifar-10'"), dataset.toString());
    assertTrue(dataset.errorLine().contains("fashion-mnist"), dataset.toString());
    Cli model = Cli.run("train", "--dataset", "mnist", "--model", "resnet-9000");
    assertEquals(2, model.exitCode(), model.toString());
    assertTrue(model.errorLine().contains("Unknown model 'resnet-9000'"), model.toString());
    assertEquals(2, Cli.run("train", "--dataset", "mnist", "--epochs", "0").exitCode());
    assertEquals(2, Cli.run("train", "--dataset", "mnist", "--optimizer", "rmsprop").exitCode());
    assertEquals(2, Cli.run("summary", "--model", "vgg").exitCode());
    assertEquals(2, Cli.run("train", "--dataset", "mnist", "--threads", "0").exitCode());
  }

  @Test
  void summaryPrintsTheLayerTable() {
    Cli cli = Cli.run("summary", "--model", "lenet5");
    assertEquals(0, cli.exitCode(), cli.toString());
    assertTrue(cli.out().contains("61,706"), cli.out());
    assertTrue(cli.out().contains("(16, 10, 10)"), cli.out());
  }

  @Test
  @SuppressWarnings("unchecked")
  void trainWritesACompleteRunFolder() throws IOException {
    for (String name : List.of("config.json", "metrics.jsonl", "model.sumi", "summary.json")) {
      assertTrue(Files.exists(run.resolve(name)), name);
    }
    Map<String, Object> summary =
        (Map<String, Object>) Json.parse(Files.readString(run.resolve("summary.json")));
    for (String key :
        List.of(
            "dataset",
            "model",
            "epochs",
            "test_accuracy",
            "test_loss",
            "parameters",
            "wall_seconds",
            "train_images_per_second")) {
      assertTrue(summary.containsKey(key), key);
    }
    double accuracy = ((Number) summary.get("test_accuracy")).doubleValue();
    assertTrue(accuracy > 0.8 && accuracy <= 1, "accuracy " + accuracy);
    assertEquals(13_610L, ((Number) summary.get("parameters")).longValue());
    List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(1, metrics.size());
    Map<String, Object> epoch = (Map<String, Object>) Json.parse(metrics.get(0));
    assertEquals(1L, epoch.get("epoch"));
    assertTrue(epoch.containsKey("val_accuracy"));
    try (var files = Files.list(run)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void theSameSeedGivesAByteIdenticalModel() throws IOException {
    Path again = shared.resolve("again");
    Cli cli = trainQuick(again);
    assertEquals(0, cli.exitCode(), cli.toString());
    assertArrayEquals(
        Files.readAllBytes(run.resolve("model.sumi")),
        Files.readAllBytes(again.resolve("model.sumi")));
    assertEquals(
        Json.parse(Files.readString(run.resolve("summary.json"))) instanceof Map<?, ?> a
            ? a.get("test_accuracy")
            : null,
        Json.parse(Files.readString(again.resolve("summary.json"))) instanceof Map<?, ?> b
            ? b.get("test_accuracy")
            : null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void evalReportsTheSameAccuracyAsTraining() throws IOException {
    Cli cli = evalJson(run.resolve("model.sumi"));
    assertEquals(0, cli.exitCode(), cli.toString());
    Map<String, Object> result = (Map<String, Object>) Json.parse(cli.out().strip());
    Map<String, Object> summary =
        (Map<String, Object>) Json.parse(Files.readString(run.resolve("summary.json")));
    assertEquals(summary.get("test_accuracy"), result.get("accuracy"));
    assertEquals(10, ((List<Object>) result.get("confusion_matrix")).size());

    Cli report =
        Cli.run(
            "eval",
            "--model-file",
            run.resolve("model.sumi").toString(),
            "--dataset",
            "mnist",
            "--data-dir",
            mnist.toString());
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(report.out().contains("confusion matrix"), report.out());
  }

  private static Cli evalJson(Path model, String... extra) {
    String[] base = {
      "eval",
      "--model-file",
      model.toString(),
      "--dataset",
      "mnist",
      "--data-dir",
      mnist.toString(),
      "--json"
    };
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.run(args);
  }

  @Test
  void badModelFilesGetOneSentenceAndExitOne(@TempDir Path dir) throws IOException {
    byte[] good = Files.readAllBytes(run.resolve("model.sumi"));

    Cli missing = evalJson(dir.resolve("nothing.sumi"));
    assertEquals(1, missing.exitCode(), missing.toString());
    assertTrue(missing.errorLine().contains("nothing.sumi"), missing.toString());

    Path truncated = dir.resolve("truncated.sumi");
    Files.write(truncated, Arrays.copyOf(good, good.length / 2));
    Cli t = evalJson(truncated);
    assertEquals(1, t.exitCode(), t.toString());
    assertTrue(t.errorLine().contains("truncated"), t.toString());
    assertFalse(t.err().contains("\tat "), "no stack trace without --verbose: " + t);

    Path corrupted = dir.resolve("corrupted.sumi");
    byte[] flipped = good.clone();
    flipped[good.length - 100] ^= 0x10;
    Files.write(corrupted, flipped);
    Cli c = evalJson(corrupted);
    assertEquals(1, c.exitCode(), c.toString());
    assertTrue(c.errorLine().toLowerCase().contains("crc"), c.toString());

    Path version = dir.resolve("version.sumi");
    byte[] other = good.clone();
    ByteBuffer.wrap(other, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(99);
    Files.write(version, other);
    Cli v = evalJson(version);
    assertEquals(1, v.exitCode(), v.toString());
    assertTrue(v.errorLine().contains("99"), v.toString());

    Cli verbose = evalJson(truncated, "--verbose");
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose: " + verbose);
  }

  @Test
  @SuppressWarnings("unchecked")
  void predictClassifiesImageFiles(@TempDir Path dir) throws IOException {
    Path digit = dir.resolve("one.png");
    BufferedImage image = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 120, 160);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(14));
    g.drawLine(60, 20, 60, 140);
    g.dispose();
    ImageIO.write(image, "png", digit.toFile());

    Cli cli =
        Cli.run(
            "predict",
            "--model-file",
            run.resolve("model.sumi").toString(),
            "--json",
            digit.toString());
    assertEquals(0, cli.exitCode(), cli.toString());
    Map<String, Object> line = (Map<String, Object>) Json.parse(cli.out().strip());
    assertEquals(digit.toString(), line.get("file"));
    assertEquals("1", line.get("class"), cli.out());
    double p = ((Number) line.get("probability")).doubleValue();
    assertTrue(p > 0.1 && p <= 1, cli.out());
  }

  @Test
  void predictRejectsAFileThatIsNotAnImage(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "not an image");
    Cli cli =
        Cli.run("predict", "--model-file", run.resolve("model.sumi").toString(), text.toString());
    assertEquals(1, cli.exitCode(), cli.toString());
    assertTrue(cli.errorLine().contains("notes.txt"), cli.toString());
    assertTrue(cli.errorLine().contains("PNG"), cli.toString());
  }

  @Test
  void corruptAndMismatchedDataFilesAreNamed(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(5)));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(4)));
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(3)));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), Arrays.copyOf(gzip(idxLabels(3)), 10));
    Cli cli =
        Cli.run(
            "train",
            "--dataset",
            "mnist",
            "--data-dir",
            dir.toString(),
            "--epochs",
            "1",
            "--out",
            dir.resolve("run").toString());
    assertEquals(1, cli.exitCode(), cli.toString());
    assertTrue(cli.errorLine().contains(dir.toString()), cli.toString());
  }

  private static byte[] idxImages(int n) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * 784);
    b.putInt(0x00000803).putInt(n).putInt(28).putInt(28);
    return b.array();
  }

  private static byte[] idxLabels(int n) {
    ByteBuffer b = ByteBuffer.allocate(8 + n);
    b.putInt(0x00000801).putInt(n);
    return b.array();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
