package dev.sumi;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sumi.data.DataSplits;
import dev.sumi.data.Datasets;
import dev.sumi.image.DigitPreprocessor;
import dev.sumi.model.Model;
import dev.sumi.model.Sequential;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Dropout;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.optim.Adam;
import dev.sumi.tensor.Shape;
import dev.sumi.train.Fit;
import dev.sumi.train.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's Java example, and checks that the README shows exactly this code, so that the
 * example can neither break nor drift.
 */
class ReadmeExampleTest {
  private static final Path README = Path.of("../README.md");
  private static final Path SELF = Path.of("src/test/java/dev/sumi/ReadmeExampleTest.java");

  @Test
  void readmeShowsThisExample() throws IOException {
    assertTrue(
        normalise(block(Files.readString(README))).equals(normalise(block(Files.readString(SELF)))),
        "README.md's Java example differs from ReadmeExampleTest; update one from the other");
  }

  @Test
  void exampleRunsAndLearns() throws IOException {
    assumeTrue(TestData.find("mnist").isPresent(), "MNIST is not in $SUMI_DATA");
    assumeTrue(System.getenv("SUMI_DATA") != null, "the example finds MNIST through $SUMI_DATA");
    drawDigit(Path.of("digit.png"));
    try {
      int digit = example();
      assertTrue(digit >= 0 && digit <= 9);
    } finally {
      Files.deleteIfExists(Path.of("digit.png"));
      Files.deleteIfExists(Path.of("mnist.sumi"));
    }
  }

  private static int example() {
    // README-EXAMPLE-START
    var model =
        Sequential.of(
                Conv2D.of(32, 3).relu(),
                Conv2D.of(64, 3).relu(),
                MaxPool2D.of(2),
                Dropout.of(0.25),
                Flatten.of(),
                Dense.of(128).relu(),
                Dropout.of(0.5),
                Dense.of(10))
            .build(Shape.of(1, 28, 28)); // shapes are inferred and checked here
    System.out.print(model.summary()); // layer, output shape, parameters, FLOPs

    DataSplits mnist = Datasets.mnist(); // finds or downloads the files, verifies checksums
    History history =
        model.fit(
            mnist.train(),
            Fit.epochs(1).batchSize(128).optimizer(Adam.lr(1e-3)).validation(mnist.test()).seed(7));
    System.out.println(history.last().validationAccuracy());

    model.save(Path.of("mnist.sumi"));
    float[] image = DigitPreprocessor.load(Path.of("digit.png")); // 28x28, values in [0, 1]
    int digit = Model.load(Path.of("mnist.sumi")).predict(image).argmax();
    // README-EXAMPLE-END
    assertTrue(history.last().validationAccuracy() > 0.97, "one epoch of keras-simple");
    return digit;
  }

  private static String block(String text) {
    Matcher m =
        Pattern.compile("// README-EXAMPLE-START\\n(.*?)// README-EXAMPLE-END", Pattern.DOTALL)
            .matcher(text);
    assertTrue(m.find(), "no README-EXAMPLE block");
    return m.group(1);
  }

  private static List<String> normalise(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static void drawDigit(Path file) throws IOException {
    BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 100, 100);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(10));
    g.drawLine(50, 10, 50, 90);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }
}
