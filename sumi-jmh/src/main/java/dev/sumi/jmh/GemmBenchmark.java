package dev.sumi.jmh;

import dev.sumi.kernel.Kernels;
import dev.sumi.kernel.VectorKernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Kernels#gemm} on square matrices and on the products the zoo models' layers run (see
 * {@link GemmShape#of}). The primary score is products per second; {@code :gflops} is GFLOP/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBenchmark {

  /** Operands and kernels for one shape. */
  public abstract static class Operands {
    private Kernels kernels;
    private GemmShape shape;
    private float[] a;
    private float[] b;
    private float[] c;

    void prepare(GemmShape shape, Kernels kernels) {
      this.kernels = kernels;
      this.shape = shape;
      a = RandomArrays.uniform(shape.m() * shape.k(), 1);
      b = RandomArrays.uniform(shape.k() * shape.n(), 2);
      c = new float[shape.m() * shape.n()];
    }

    float[] multiply(FlopCounter flops) {
      GemmShape s = shape;
      kernels.gemm(
          s.transA(),
          s.transB(),
          s.m(),
          s.n(),
          s.k(),
          a,
          0,
          s.lda(),
          b,
          0,
          s.ldb(),
          0f,
          c,
          0,
          s.n());
      flops.add(s.flops());
      return c;
    }
  }

  /** {@link VectorKernels} on 1 or 2 threads. */
  @State(Scope.Benchmark)
  public static class Vector extends Operands {
    @Param({
      "square-256",
      "square-512",
      "square-1024",
      "seed-minimal/conv1",
      "lenet5/conv1",
      "lenet5/conv2",
      "keras-simple/conv1",
      "keras-simple/conv2",
      "tf-tutorial/conv1",
      "tf-tutorial/conv2",
      "seed-minimal/dense1",
      "lenet5/dense1",
      "keras-simple/dense1",
      "tf-tutorial/dense1"
    })
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Setup
    public void setup() {
      prepare(GemmShape.of(shape), new VectorKernels(threads));
    }
  }

  /** The scalar reference; square-1024 is left out (seconds per product). */
  @State(Scope.Benchmark)
  public static class Scalar extends Operands {
    @Param({
      "square-256",
      "square-512",
      "seed-minimal/conv1",
      "lenet5/conv1",
      "lenet5/conv2",
      "keras-simple/conv1",
      "keras-simple/conv2",
      "tf-tutorial/conv1",
      "tf-tutorial/conv2",
      "seed-minimal/dense1",
      "lenet5/dense1",
      "keras-simple/dense1",
      "tf-tutorial/dense1"
    })
    public String shape;

    @Setup
    public void setup() {
      prepare(GemmShape.of(shape), Kernels.scalar());
    }
  }

  @Benchmark
  public float[] vector(Vector state, FlopCounter flops) {
    return state.multiply(flops);
  }

  @Benchmark
  public float[] scalar(Scalar state, FlopCounter flops) {
    return state.multiply(flops);
  }
}
