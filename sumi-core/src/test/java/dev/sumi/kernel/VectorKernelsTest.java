package dev.sumi.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class VectorKernelsTest {

  /** The preferred species in this JVM, on one and two threads. */
  @TestFactory
  List<DynamicTest> matchesScalarWithPreferredSpecies() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int threads = 1; threads <= 2; threads++) {
      tests.addAll(new KernelConformance(new VectorKernels(threads)).checks());
    }
    return tests;
  }

  /**
   * The other common species (256 bits when 512 is preferred) in a JVM of its own: the species is
   * fixed per JVM (system property sumi.vector.bits).
   */
  @Test
  void matchesScalarWith256BitVectorsInSeparateJvm() throws IOException, InterruptedException {
    int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    assumeTrue(preferred > 256, "256-bit vectors are already the preferred species here");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Dsumi.vector.bits=256",
                "-cp",
                System.getProperty("java.class.path"),
                KernelConformance.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    assertEquals(0, done ? p.exitValue() : -1, output);
  }

  @Test
  void anotherSpeciesThanTheJvmsIsRefusedNamingTheProperty() {
    VectorSpecies<Float> other =
        FloatVector.SPECIES_PREFERRED.vectorBitSize() == 128
            ? FloatVector.SPECIES_256
            : FloatVector.SPECIES_128;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new VectorKernels(other, 1));
    assertTrue(
        e.getMessage().contains("-Dsumi.vector.bits=" + other.vectorBitSize()), e.getMessage());
  }

  @Test
  void repeatedRunsAreBitIdentical() {
    ConvGeometry g = ConvGeometry.of(6, 14, 14, 16, 5, 1, false);
    int batch = 9;
    SplittableRandom random = new SplittableRandom(7);
    float[] in = randoms(random, batch * g.inSize());
    float[] weights = randoms(random, g.weightCount());
    float[] bias = randoms(random, g.outChannels());
    float[] gradOut = randoms(random, batch * g.outSize());
    float[] a = randoms(random, 300 * 200);
    float[] b = randoms(random, 200 * 170);
    float[][] first = null;
    for (int run = 0; run < 3; run++) {
      Kernels k = new VectorKernels(2);
      float[] out = new float[batch * g.outSize()];
      float[] gradIn = new float[batch * g.inSize()];
      float[] gradWeights = new float[g.weightCount()];
      float[] gradBias = new float[g.outChannels()];
      float[] c = new float[300 * 170];
      k.conv2dForward(g, batch, in, weights, bias, Activation.TANH, out);
      k.conv2dBackward(g, batch, in, weights, gradOut, gradIn, gradWeights, gradBias);
      k.gemm(false, false, 300, 170, 200, a, 0, 200, b, 0, 170, 0f, c, 0, 170);
      float[][] results = {out, gradIn, gradWeights, gradBias, c};
      if (first == null) {
        first = results;
      } else {
        for (int i = 0; i < results.length; i++) {
          assertArrayEquals(first[i], results[i], "result " + i + " of run " + run);
        }
      }
    }
  }

  @Test
  void gemmDoesNotDependOnThreadCount() {
    SplittableRandom random = new SplittableRandom(3);
    float[] a = randoms(random, 500 * 300);
    float[] b = randoms(random, 300 * 400);
    float[] one = new float[500 * 400];
    float[] two = new float[500 * 400];
    new VectorKernels(1).gemm(true, false, 500, 400, 300, a, 0, 500, b, 0, 400, 0f, one, 0, 400);
    new VectorKernels(2).gemm(true, false, 500, 400, 300, a, 0, 500, b, 0, 400, 0f, two, 0, 400);
    assertArrayEquals(one, two);
  }

  @Test
  void nameReportsWidthAndThreads() {
    Kernels k = new VectorKernels(FloatVector.SPECIES_PREFERRED, 2);
    assertEquals(
        "vector-" + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " x2 threads", k.name());
    assertEquals(2, k.threads());
  }

  private static float[] randoms(SplittableRandom random, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return x;
  }
}
