package dev.sumi.jmh;

import dev.sumi.kernel.ConvGeometry;
import dev.sumi.kernel.Kernels;
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
 * Every convolution of the zoo models, forward and backward on a batch of {@value ZooLayers#BATCH}
 * through {@link Kernels#best(int)}, as the model runs it (same activation and bias; no input
 * gradient for a model's first layer). The primary score is batches per second; {@code :gflops} is
 * GFLOP/s (backward counts the weight-gradient product and, when computed, the input-gradient
 * product, each as many FLOPs as forward).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class ConvBenchmark {
  @Param({
    "seed-minimal/conv1",
    "lenet5/conv1",
    "lenet5/conv2",
    "keras-simple/conv1",
    "keras-simple/conv2",
    "tf-tutorial/conv1",
    "tf-tutorial/conv2"
  })
  public String layer;

  @Param({"1", "2"})
  public int threads;

  private Kernels kernels;
  private ZooLayers.ConvLayer conv;
  private float[] in;
  private float[] weights;
  private float[] bias;
  private float[] out;
  private float[] gradOut;
  private float[] gradIn;
  private float[] gradWeights;
  private float[] gradBias;
  private long forwardFlops;
  private long backwardFlops;

  @Setup
  public void setup() {
    kernels = Kernels.best(threads);
    conv = ZooLayers.conv(layer);
    ConvGeometry g = conv.geometry();
    int batch = ZooLayers.BATCH;
    in = RandomArrays.uniform(batch * g.inSize(), 1);
    weights = RandomArrays.uniform(g.weightCount(), 2);
    bias = conv.bias() ? RandomArrays.uniform(g.outChannels(), 3) : null;
    out = new float[batch * g.outSize()];
    gradOut = RandomArrays.uniform(batch * g.outSize(), 4);
    gradIn = conv.inputGradient() ? new float[batch * g.inSize()] : null;
    gradWeights = new float[g.weightCount()];
    gradBias = conv.bias() ? new float[g.outChannels()] : null;
    forwardFlops = 2L * g.patchSize() * g.outSize() * batch;
    backwardFlops = forwardFlops * (conv.inputGradient() ? 2 : 1);
  }

  @Benchmark
  public float[] forward(FlopCounter flops) {
    kernels.conv2dForward(
        conv.geometry(), ZooLayers.BATCH, in, weights, bias, conv.activation(), out);
    flops.add(forwardFlops);
    return out;
  }

  @Benchmark
  public float[] backward(FlopCounter flops) {
    kernels.conv2dBackward(
        conv.geometry(), ZooLayers.BATCH, in, weights, gradOut, gradIn, gradWeights, gradBias);
    flops.add(backwardFlops);
    return gradWeights;
  }
}
