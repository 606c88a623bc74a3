package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation: {@code gamma * (x - mean) / sqrt(variance + epsilon) + beta} per channel of
 * (channels, height, width) inputs (statistics over batch, height and width) or per feature of flat
 * inputs (statistics over the batch).
 *
 * <p>Training uses the batch's own statistics and updates the running ones; inference uses the
 * running ones. {@code momentum} follows PyTorch: {@code running = (1 - momentum) * running +
 * momentum * batch}, default 0.1 (Keras's momentum 0.99 is 0.01 here), and the running variance
 * takes the unbiased batch variance. The running statistics are {@link #state()}: saved with the
 * model, not trained.
 */
public final class BatchNorm extends AbstractLayer {
  private float momentum = 0.1f;
  private float epsilon = 1e-5f;
  private int channels;
  private int spatial;
  private Parameter gamma;
  private Parameter beta;
  private StateTensor runningMean;
  private StateTensor runningVariance;
  // Per-channel workspaces: the statistics used by the last forward and its folded scale and shift.
  private float[] mean;
  private float[] variance;
  private float[] invStd;
  private float[] scale;
  private float[] shift;
  private Tensor input;
  private boolean batchStatistics;
  private boolean reluFused;

  private BatchNorm() {}

  /** Momentum 0.1 (PyTorch's convention) and epsilon 1e-5. */
  public static BatchNorm of() {
    return new BatchNorm();
  }

  /** Weight of each new batch in the running statistics, in (0, 1]. */
  public BatchNorm momentum(double momentum) {
    if (!(momentum > 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          "BatchNorm momentum " + momentum + " is out of range; expected 0 < momentum <= 1.");
    }
    this.momentum = (float) momentum;
    return this;
  }

  /** Added to the variance before the square root. */
  public BatchNorm epsilon(double epsilon) {
    if (!(epsilon > 0 && Double.isFinite(epsilon))) {
      throw new IllegalArgumentException(
          "BatchNorm epsilon " + epsilon + " is invalid; expected a small positive number.");
    }
    this.epsilon = (float) epsilon;
    return this;
  }

  @Override
  public String type() {
    return "BatchNorm";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    switch (in.rank()) {
      case 1 -> {
        channels = in.dim(0);
        spatial = 1;
      }
      case 3 -> {
        channels = in.dim(0);
        spatial = in.dim(1) * in.dim(2);
      }
      default -> throw shapeError(in, "(features) or (channels, height, width)");
    }
    return in;
  }

  @Override
  protected void initialize(BuildContext context) {
    Shape perChannel = Shape.of(channels);
    gamma = Parameter.of("gamma", perChannel, false);
    Arrays.fill(gamma.value(), 1f);
    beta = Parameter.of("beta", perChannel, false);
    runningMean = StateTensor.of("running_mean", perChannel);
    runningVariance = StateTensor.of("running_variance", perChannel);
    Arrays.fill(runningVariance.value(), 1f);
    mean = new float[channels];
    variance = new float[channels];
    invStd = new float[channels];
    scale = new float[channels];
    shift = new float[channels];
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    input = in;
    int n = in.batch();
    batchStatistics = context.training();
    if (batchStatistics) {
      context.kernels().batchNormStatistics(n, channels, spatial, in.data(), mean, variance);
      updateRunningStatistics((long) n * spatial);
    } else {
      System.arraycopy(runningMean.value(), 0, mean, 0, channels);
      System.arraycopy(runningVariance.value(), 0, variance, 0, channels);
    }
    float[] g = gamma.value();
    float[] b = beta.value();
    for (int c = 0; c < channels; c++) {
      invStd[c] = (float) (1.0 / Math.sqrt((double) variance[c] + epsilon));
      scale[c] = g[c] * invStd[c];
      shift[c] = b[c] - mean[c] * scale[c];
    }
    Tensor out = output(n);
    context
        .kernels()
        .batchNormForward(n, channels, spatial, in.data(), scale, shift, reluFused, out.data());
    return out;
  }

  private void updateRunningStatistics(long count) {
    float[] rm = runningMean.value();
    float[] rv = runningVariance.value();
    // The unbiased variance, as PyTorch keeps; a single value per channel has none, so keep 0.
    float unbias = count > 1 ? (float) count / (count - 1) : 1f;
    for (int c = 0; c < channels; c++) {
      rm[c] = (1f - momentum) * rm[c] + momentum * mean[c];
      rv[c] = (1f - momentum) * rv[c] + momentum * variance[c] * unbias;
    }
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int n = gradOutput.batch();
    Tensor gradIn = inputGradient() ? gradInput(n) : null;
    context
        .kernels()
        .batchNormBackward(
            n,
            channels,
            spatial,
            input.data(),
            mean,
            invStd,
            gamma.value(),
            gradOutput.data(),
            reluFused ? scale : null,
            reluFused ? shift : null,
            batchStatistics,
            gradIn == null ? null : gradIn.data(),
            gamma.grad(),
            beta.grad());
    return gradIn;
  }

  /** Applies the ReLU that follows in the same pass; see {@link ReluFusion}. */
  void fuseReLU() {
    reluFused = true;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(gamma, beta);
  }

  @Override
  public List<StateTensor> state() {
    return List.of(runningMean, runningVariance);
  }

  /** A multiply and an add per value, as at inference (scale and shift folded per channel). */
  @Override
  public long flops() {
    return 2L * channels * spatial;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    // The shortest decimals of the floats (0.1 rather than 0.10000000149011612).
    c.put("momentum", Double.parseDouble(Float.toString(momentum)));
    c.put("epsilon", Double.parseDouble(Float.toString(epsilon)));
    return c;
  }

  static BatchNorm fromConfig(Configs.Reader c) {
    return of().momentum(c.number("momentum", 0.1f)).epsilon(c.number("epsilon", 1e-5f));
  }
}
