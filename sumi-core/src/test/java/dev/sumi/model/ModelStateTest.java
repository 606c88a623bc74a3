package dev.sumi.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.data.Dataset;
import dev.sumi.io.Json;
import dev.sumi.io.ModelFile;
import dev.sumi.io.ModelFileException;
import dev.sumi.nn.BatchNorm;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.DepthwiseConv2D;
import dev.sumi.nn.GlobalAvgPool2D;
import dev.sumi.nn.Parameter;
import dev.sumi.nn.ReLU;
import dev.sumi.nn.SeparableConv2D;
import dev.sumi.optim.Adam;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.train.Fit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models with BatchNorm, depthwise and separable convolutions: training, files and summaries. */
class ModelStateTest {
  private static final Shape INPUT = Shape.of(1, 12, 12);

  @TempDir Path dir;

  private static Sequential model() {
    return Sequential.of(
            Conv2D.of(4, 3).noBias(),
            BatchNorm.of(),
            ReLU.of(),
            DepthwiseConv2D.of(3).same().depthMultiplier(2).relu(),
            BatchNorm.of().momentum(0.2),
            SeparableConv2D.of(6, 3).same().stride(2).relu(),
            GlobalAvgPool2D.of(),
            Dense.of(5),
            BatchNorm.of(),
            ReLU.of(),
            Dense.of(3))
        .build(INPUT, 3);
  }

  private static Dataset data(int n) {
    SplittableRandom random = new SplittableRandom(5);
    byte[] pixels = new byte[n * INPUT.size()];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(3);
      for (int p = 0; p < INPUT.size(); p++) {
        // Brighter images for higher labels, so that there is something to learn.
        pixels[i * INPUT.size() + p] = (byte) random.nextInt(40 + 70 * labels[i]);
      }
    }
    return Dataset.of("tiny", pixels, labels, INPUT, List.of("a", "b", "c"), 0.2f, 0.2f);
  }

  private static Model trained() {
    Sequential model = model();
    model.fit(data(96), Fit.epochs(2).batchSize(16).optimizer(Adam.lr(1e-2)).seed(9).threads(2));
    return model;
  }

  @Test
  void saveAndLoadKeepWeightsAndRunningStatistics() {
    Model model = trained();
    for (var state : model.state()) {
      float initial = state.name().equals("running_mean") ? 0f : 1f;
      boolean moved = false;
      for (float v : state.value()) {
        moved |= v != initial;
      }
      assertTrue(moved, state.name() + " never moved from its initial value");
    }
    Path file = dir.resolve("model.sumi");
    model.save(file);
    Model loaded = Model.load(file);

    List<float[]> want = model.tensors();
    List<float[]> got = loaded.tensors();
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      assertArrayEquals(want.get(i), got.get(i), "tensor " + i);
    }
    assertEquals(model.summary(), loaded.summary());
    Tensor images = images(7);
    assertArrayEquals(model.predict(images).toArray(), loaded.predict(images).toArray());
  }

  @Test
  void inferenceDependsOnTheRunningStatistics() {
    Model model = trained();
    Tensor images = images(4);
    float[] before = model.predict(images).toArray();
    for (var state : model.state()) {
      for (int i = 0; i < state.size(); i++) {
        state.value()[i] = state.name().equals("running_mean") ? 0.3f : 2.5f;
      }
    }
    float[] after = model.predict(images).toArray();
    assertFalse(Arrays.equals(before, after), "running statistics were ignored");
  }

  @Test
  void aFileWithoutTheStateTensorsIsRefused() throws IOException {
    Model model = model();
    List<float[]> parametersOnly = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      parametersOnly.add(p.value());
    }
    Path file = dir.resolve("old.sumi");
    ModelFile.write(file, Json.write(ModelFiles.header(model)), parametersOnly);
    ModelFileException e = assertThrows(ModelFileException.class, () -> Model.load(file));
    int stateTensors = 6;
    assertTrue(
        e.getMessage()
            .contains(
                "it holds "
                    + parametersOnly.size()
                    + " weight tensors but the layers need "
                    + (parametersOnly.size() + stateTensors)),
        e.getMessage());
  }

  @Test
  void trainingIsRepeatable() {
    List<float[]> first = trained().tensors();
    List<float[]> second = trained().tensors();
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), second.get(i), "tensor " + i);
    }
  }

  @Test
  void summaryCountsTrainableParametersAndState() {
    Model model = model();
    long conv = 4 * 9;
    long bn1 = 2 * 4;
    long depthwise = 8 * 9 + 8;
    long bn2 = 2 * 8;
    long separable = 8 * 9 + 6 * 8 + 6;
    long dense = 6 * 5 + 5;
    long bn3 = 2 * 5;
    long out = 5 * 3 + 3;
    assertEquals(
        conv + bn1 + depthwise + bn2 + separable + dense + bn3 + out, model.parameterCount());
    String summary = model.summary();
    assertTrue(summary.contains("(plus " + (bn1 + bn2 + bn3) + " non-trainable)"), summary);
    assertTrue(
        summary.contains("DepthwiseConv2D(kernel_size=3, padding=same, depth_multiplier=2, relu)"),
        summary);
    assertTrue(summary.contains("BatchNorm(momentum=0.2)"), summary);
    long flops =
        2L * 9 * 4 * 10 * 10
            + 2L * 4 * 10 * 10
            + 4 * 10 * 10
            + 2L * 9 * 8 * 10 * 10
            + 2L * 8 * 10 * 10
            + 2L * 9 * 8 * 5 * 5
            + 2L * 8 * 6 * 5 * 5
            + 6 * 5 * 5
            + 2L * 6 * 5
            + 2L * 5
            + 5
            + 2L * 5 * 3;
    assertEquals(flops, model.flops());
  }

  private static Tensor images(int n) {
    SplittableRandom random = new SplittableRandom(11);
    float[] data = new float[n * INPUT.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextDouble();
    }
    return new Tensor(INPUT.withBatch(n), data);
  }
}
