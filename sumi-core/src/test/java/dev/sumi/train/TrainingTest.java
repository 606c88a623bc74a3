package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.data.DataSplits;
import dev.sumi.data.Dataset;
import dev.sumi.data.Datasets;
import dev.sumi.model.Model;
import dev.sumi.model.Zoo;
import dev.sumi.nn.Parameter;
import dev.sumi.optim.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on real MNIST: learning, determinism, checkpoints, early stopping, failure. */
class TrainingTest {
  private static DataSplits mnist;

  @BeforeAll
  static void load() {
    mnist = Datasets.load("mnist", TestData.require("mnist"));
  }

  private static Model seedMinimal(long seed) {
    return Zoo.create("seed-minimal").build(mnist.train().sampleShape(), seed).threads(2);
  }

  @Test
  void seedMinimalLearnsMnistFromTenThousandImages() {
    Model model = seedMinimal(1);
    Dataset train = mnist.train().subset(0, 10_000);
    History history = model.fit(train, Fit.epochs(1).batchSize(64).seed(1));
    Evaluation test = model.evaluate(mnist.test());
    assertTrue(test.accuracy() > 0.85, "test accuracy " + test.accuracy());
    assertEquals(10_000, test.examples());
    assertTrue(history.last().trainAccuracy() > 0.7);
    int total = 0;
    for (int[] row : test.confusion()) {
      for (int v : row) {
        total += v;
      }
    }
    assertEquals(10_000, total);
  }

  @Test
  void sameSeedsGiveBitIdenticalWeights() {
    Dataset train = mnist.train().subset(0, 2_000);
    List<float[]> first = trainedWeights(train, 5);
    List<float[]> second = trainedWeights(train, 5);
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), second.get(i));
    }
    List<float[]> other = trainedWeights(train, 6);
    assertFalse(java.util.Arrays.equals(first.get(0), other.get(0)));
  }

  private static List<float[]> trainedWeights(Dataset train, long seed) {
    Model model = Zoo.create("keras-simple").build(train.sampleShape(), seed).threads(2);
    model.fit(train, Fit.epochs(1).batchSize(100).seed(seed));
    List<float[]> weights = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      weights.add(p.value().clone());
    }
    return weights;
  }

  @Test
  void checkpointIsWrittenEveryEpochAndLoadsToTheSamePredictions(@TempDir Path dir) {
    Path checkpoint = dir.resolve("model.sumi");
    List<Integer> epochsSeen = new ArrayList<>();
    Model model = seedMinimal(2);
    model.fit(
        mnist.train().subset(0, 1_000),
        Fit.epochs(2)
            .seed(2)
            .checkpoint(checkpoint)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onEpochEnd(EpochMetrics metrics) {
                    assertTrue(Files.exists(checkpoint));
                    epochsSeen.add(metrics.epoch());
                  }
                }));
    assertEquals(List.of(1, 2), epochsSeen);
    Model loaded = Model.load(checkpoint);
    float[] image = new float[28 * 28];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i % 29) / 28f;
    }
    assertArrayEquals(model.predict(image).toArray(), loaded.predict(image).toArray());
    assertEquals(model.evaluate(mnist.test()).accuracy(), loaded.evaluate(mnist.test()).accuracy());
  }

  @Test
  void aDivergingRunStopsNamingEpochAndBatchAndKeepsTheLastCheckpoint(@TempDir Path dir)
      throws Exception {
    Path checkpoint = dir.resolve("model.sumi");
    Model model = seedMinimal(3);
    Dataset train = mnist.train().subset(0, 640);
    model.fit(train, Fit.epochs(1).seed(3).checkpoint(checkpoint));
    byte[] good = Files.readAllBytes(checkpoint);
    TrainingException e =
        assertThrows(
            TrainingException.class,
            () -> model.fit(train, Fit.epochs(3).optimizer(SGD.lr(1e30)).checkpoint(checkpoint)));
    assertTrue(e.getMessage().contains("epoch 1, batch"), e.getMessage());
    assertTrue(e.getMessage().contains(checkpoint.toString()), e.getMessage());
    assertArrayEquals(good, Files.readAllBytes(checkpoint));
  }

  @Test
  void earlyStoppingRestoresTheBestEpoch() {
    Model model = seedMinimal(4);
    Dataset train = mnist.train().subset(0, 500);
    // A rate this large makes the validation loss worsen after the first epochs.
    History history =
        model.fit(
            train,
            Fit.epochs(30)
                .optimizer(SGD.lr(0.5))
                .seed(4)
                .validation(mnist.test().subset(0, 1_000))
                .earlyStopping(2));
    assertTrue(history.stoppedEarly());
    assertTrue(history.epochs().size() < 30);
    double best =
        history.epochs().stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
    assertEquals(
        best, model.evaluate(mnist.test().subset(0, 1_000)).loss(), 1e-6 * Math.max(1, best));
  }
}
