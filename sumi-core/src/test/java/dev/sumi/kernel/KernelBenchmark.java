package dev.sumi.kernel;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints GEMM throughput and convolution / dense timings, vector against scalar. Not a test: run by
 * hand after {@code mvn test-compile}, e.g. {@code java --add-modules jdk.incubator.vector -cp
 * sumi-core/target/classes:sumi-core/target/test-classes dev.sumi.kernel.KernelBenchmark}. Pass
 * {@code --no-scalar} to skip the slow reference timings.
 */
public final class KernelBenchmark {
  private static final int BATCH = 128;
  private static final SplittableRandom RANDOM = new SplittableRandom(1);

  private KernelBenchmark() {}

  public static void main(String[] args) {
    boolean scalar = args.length == 0 || !args[0].equals("--no-scalar");
    Kernels one = new VectorKernels(1);
    Kernels two = new VectorKernels(2);
    System.out.println(one.name() + " / " + two.name());
    for (Kernels k : new Kernels[] {one, two}) {
      double seconds = gemmSeconds(k, 1024);
      System.out.printf(
          Locale.ROOT,
          "gemm 1024^3 %-22s %6.1f GFLOP/s%n",
          k.name(),
          2e-9 * Math.pow(1024, 3) / seconds);
    }
    System.out.println();
    System.out.println(
        "conv, batch " + BATCH + ", ms per call: forward / backward (with grad input)");
    Object[][] convs = {
      {"1->32 3x3 valid 28", ConvGeometry.of(1, 28, 28, 32, 3, 1, false)},
      {"32->64 3x3 valid 26", ConvGeometry.of(32, 26, 26, 64, 3, 1, false)},
      {"1->32 5x5 same 28", ConvGeometry.of(1, 28, 28, 32, 5, 1, true)},
      {"32->64 5x5 same 14", ConvGeometry.of(32, 14, 14, 64, 5, 1, true)},
      {"1->6 5x5 same 28", ConvGeometry.of(1, 28, 28, 6, 5, 1, true)},
      {"6->16 5x5 valid 14", ConvGeometry.of(6, 14, 14, 16, 5, 1, false)},
      {"1->8 3x3 valid 28", ConvGeometry.of(1, 28, 28, 8, 3, 1, false)},
    };
    for (Object[] c : convs) {
      ConvGeometry g = (ConvGeometry) c[1];
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", c[0]));
      Kernels[] kernels =
          scalar ? new Kernels[] {one, two, Kernels.scalar()} : new Kernels[] {one, two};
      for (Kernels k : kernels) {
        double[] ms = convMillis(k, g, k == Kernels.scalar() ? 1 : 10);
        line.append(String.format(Locale.ROOT, "  %s %7.2f / %7.2f", label(k), ms[0], ms[1]));
      }
      System.out.println(line);
    }
    System.out.println();
    System.out.println("dense, batch " + BATCH + ", ms per call: forward / backward");
    int[][] denses = {{9216, 128}, {128, 10}, {3136, 1024}, {1024, 10}, {400, 120}};
    for (int[] d : denses) {
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "%-22s", d[0] + "->" + d[1]));
      Kernels[] kernels =
          scalar ? new Kernels[] {one, two, Kernels.scalar()} : new Kernels[] {one, two};
      for (Kernels k : kernels) {
        double[] ms = denseMillis(k, d[0], d[1], k == Kernels.scalar() ? 2 : 20);
        line.append(String.format(Locale.ROOT, "  %s %7.3f / %7.3f", label(k), ms[0], ms[1]));
      }
      System.out.println(line);
    }
  }

  private static String label(Kernels k) {
    return k == Kernels.scalar() ? "scalar" : "x" + k.threads();
  }

  /** Best of several runs, after warming up. */
  private static double gemmSeconds(Kernels k, int n) {
    float[] a = randoms(n * n);
    float[] b = randoms(n * n);
    float[] c = new float[n * n];
    double best = Double.MAX_VALUE;
    for (int rep = 0; rep < 12; rep++) {
      long t = System.nanoTime();
      k.gemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n);
      best = Math.min(best, (System.nanoTime() - t) / 1e9);
    }
    return best;
  }

  /** Best forward and best backward time over reps runs after a warm-up run. */
  private static double[] convMillis(Kernels k, ConvGeometry g, int reps) {
    float[] in = randoms(BATCH * g.inSize());
    float[] w = randoms(g.weightCount());
    float[] bias = randoms(g.outChannels());
    float[] out = new float[BATCH * g.outSize()];
    float[] gradIn = new float[BATCH * g.inSize()];
    float[] gradW = new float[g.weightCount()];
    float[] gradB = new float[g.outChannels()];
    double fwd = Double.MAX_VALUE;
    double bwd = Double.MAX_VALUE;
    for (int rep = 0; rep < reps + 1; rep++) {
      long t0 = System.nanoTime();
      k.conv2dForward(g, BATCH, in, w, bias, Activation.RELU, out);
      long t1 = System.nanoTime();
      k.conv2dBackward(g, BATCH, in, w, out, gradIn, gradW, gradB);
      long t2 = System.nanoTime();
      if (rep > 0 || reps == 1) {
        fwd = Math.min(fwd, (t1 - t0) / 1e6);
        bwd = Math.min(bwd, (t2 - t1) / 1e6);
      }
    }
    return new double[] {fwd, bwd};
  }

  private static double[] denseMillis(Kernels k, int inF, int outF, int reps) {
    float[] in = randoms(BATCH * inF);
    float[] w = randoms(outF * inF);
    float[] bias = randoms(outF);
    float[] out = new float[BATCH * outF];
    float[] gradIn = new float[BATCH * inF];
    float[] gradW = new float[outF * inF];
    float[] gradB = new float[outF];
    double fwd = Double.MAX_VALUE;
    double bwd = Double.MAX_VALUE;
    for (int rep = 0; rep < reps + 1; rep++) {
      long t0 = System.nanoTime();
      k.denseForward(BATCH, inF, outF, in, w, bias, Activation.RELU, out);
      long t1 = System.nanoTime();
      k.denseBackward(BATCH, inF, outF, in, w, out, gradIn, gradW, gradB);
      long t2 = System.nanoTime();
      if (rep > 0) {
        fwd = Math.min(fwd, (t1 - t0) / 1e6);
        bwd = Math.min(bwd, (t2 - t1) / 1e6);
      }
    }
    return new double[] {fwd, bwd};
  }

  private static float[] randoms(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (RANDOM.nextDouble() * 2 - 1);
    }
    return x;
  }
}
