package dev.sumi.jmh;

import dev.sumi.kernel.Kernels;
import java.util.Locale;

/**
 * Prints sumi's square GEMM speed as one JSON object, for {@code bench/compare}; it needs no JMH,
 * so it starts and finishes quickly. Measured the way {@code torch_peer.py gemm} measures PyTorch:
 * products back to back for the given seconds, mean rate, here after a warm-up of the same length
 * (the JIT needs more than PyTorch's three warm-up calls).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp sumi-jmh/target/benchmarks.jar \
 *   dev.sumi.jmh.GemmGflops [--n 1024] [--threads T] [--seconds 5]</pre>
 */
public final class GemmGflops {
  private GemmGflops() {}

  public static void main(String[] args) {
    int n = 1024;
    int threads = Runtime.getRuntime().availableProcessors();
    double seconds = 5;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--seconds" -> seconds = Double.parseDouble(value);
        default -> {
          System.err.println(
              "Unknown option " + args[i] + "; expected --n N, --threads T, --seconds S.");
          System.exit(2);
        }
      }
    }
    System.out.println(measure(n, threads, seconds));
  }

  private static String measure(int n, int threads, double seconds) {
    Kernels kernels = Kernels.best(threads);
    float[] a = RandomArrays.uniform(n * n, 1);
    float[] b = RandomArrays.uniform(n * n, 2);
    float[] c = new float[n * n];
    Runnable multiply = () -> kernels.gemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n);
    productsPerSecond(multiply, seconds);
    double gflops = productsPerSecond(multiply, seconds) * GemmShape.square(n).flops() * 1e-9;
    return String.format(
        Locale.ROOT,
        "{\"n\": %d, \"threads\": %d, \"kernels\": \"%s\", \"gflops\": %.2f}",
        n,
        kernels.threads(),
        kernels.name(),
        gflops);
  }

  private static double productsPerSecond(Runnable multiply, double seconds) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int count = 0;
    long now;
    do {
      multiply.run();
      count++;
      now = System.nanoTime();
    } while (now < end);
    return count / ((now - start) * 1e-9);
  }
}
