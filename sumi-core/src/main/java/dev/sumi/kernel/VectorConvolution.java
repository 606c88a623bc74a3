package dev.sumi.kernel;

import java.util.Arrays;

/**
 * Convolution as im2col plus {@link Gemm}, one image at a time, with the batch split statically
 * over workers (each image's product runs on one worker's buffers; measured faster than splitting
 * each image's product over the team for the small MNIST-sized layers). Forward applies bias and
 * activation while storing each tile. Backward sums each worker's weight gradient over its images
 * and then adds the workers' sums in worker order, so results are deterministic per thread count.
 */
final class VectorConvolution {
  private static final int COLS = 0;
  private static final int GRAD_COLS = 1;
  private static final int GRAD_WEIGHTS = 2;

  private final Gemm gemm;
  private final Parallel team;
  private final VectorElementwise elementwise;
  private final Scratch[] scratch;
  // Per-worker operands, re-pointed at each image: no allocation per image.
  private final GemmOperand[] imageOperand;
  private final GemmOperand[] gradientOperand;
  private final GemmOperand weightOperand = new GemmOperand();
  private final Epilogue forwardEpilogue = new Epilogue();
  private final ForwardJob forwardJob = new ForwardJob();
  private final BackwardJob backwardJob = new BackwardJob();
  private final BiasJob biasJob = new BiasJob();

  VectorConvolution(Gemm gemm, Parallel team, VectorElementwise elementwise) {
    this.gemm = gemm;
    this.team = team;
    this.elementwise = elementwise;
    this.scratch = new Scratch[team.threads()];
    this.imageOperand = new GemmOperand[team.threads()];
    this.gradientOperand = new GemmOperand[team.threads()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new Scratch(3);
      imageOperand[i] = new GemmOperand();
      gradientOperand[i] = new GemmOperand();
    }
  }

  void forward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    int pixels = g.outPixels();
    int patch = g.patchSize();
    boolean identity = Im2col.isIdentity(g);
    GemmOperand w = weightOperand.set(weights, 0, patch, false);
    Epilogue epilogue = forwardEpilogue.rowBias(bias, activation);
    if (batch < team.threads()) {
      // Too few images to go round (inference on one image): split each image's product instead.
      float[] cols = identity ? null : scratch[0].get(COLS, patch * pixels);
      for (int b = 0; b < batch; b++) {
        GemmOperand x = columns(g, in, b, cols, false, imageOperand[0]);
        gemm.multiply(
            g.outChannels(), pixels, patch, w, x, 0f, out, b * g.outSize(), pixels, epilogue);
      }
      return;
    }
    forwardJob.set(g, in, w, epilogue, out);
    try {
      team.forRange(batch, forwardJob);
    } finally {
      forwardJob.set(null, null, null, null, null);
    }
  }

  /** The forward pass of images [from, to) on one worker. */
  private final class ForwardJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private float[] in;
    private GemmOperand weights;
    private Epilogue epilogue;
    private float[] out;

    void set(ConvGeometry g, float[] in, GemmOperand weights, Epilogue epilogue, float[] out) {
      this.g = g;
      this.in = in;
      this.weights = weights;
      this.epilogue = epilogue;
      this.out = out;
    }

    @Override
    public void run(int worker, int from, int to) {
      int pixels = g.outPixels();
      int patch = g.patchSize();
      float[] cols = Im2col.isIdentity(g) ? null : scratch[worker].get(COLS, patch * pixels);
      for (int b = from; b < to; b++) {
        GemmOperand x = columns(g, in, b, cols, false, imageOperand[worker]);
        gemm.multiplyOn(
            worker,
            0,
            g.outChannels(),
            0,
            pixels,
            patch,
            weights,
            x,
            0f,
            out,
            b * g.outSize(),
            pixels,
            epilogue);
      }
    }
  }

  /**
   * Points {@code into} at image b as its (patch x pixels) column matrix, or its transpose:
   * unfolded into cols, or the image itself when cols is null (1x1 convolutions).
   */
  private static GemmOperand columns(
      ConvGeometry g, float[] in, int b, float[] cols, boolean transposed, GemmOperand into) {
    if (cols == null) {
      return into.set(in, b * g.inSize(), g.outPixels(), transposed);
    }
    Im2col.unfold(g, in, b * g.inSize(), cols);
    return into.set(cols, 0, g.outPixels(), transposed);
  }

  void backward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias) {
    int outChannels = g.outChannels();
    GemmOperand wT = weightOperand.set(weights, 0, g.patchSize(), true);
    backwardJob.set(g, in, wT, gradOut, gradIn, gradWeights);
    try {
      team.forRange(batch, backwardJob);
    } finally {
      backwardJob.set(null, null, null, null, null, null);
    }
    if (batch == 0) {
      Arrays.fill(gradWeights, 0, g.weightCount(), 0f);
    }
    for (int w = 1; w < team.activeWorkers(batch); w++) {
      elementwise.addTo(gradWeights, scratch[w].get(GRAD_WEIGHTS, 0), 0, g.weightCount());
    }
    if (gradBias != null) {
      biasJob.set(g, batch, gradOut, gradBias);
      try {
        team.forRange(outChannels, biasJob);
      } finally {
        biasJob.set(null, 0, null, null);
      }
    }
  }

  /** Weight and input gradients of images [from, to) on one worker. */
  private final class BackwardJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private float[] in;
    private GemmOperand wT;
    private float[] gradOut;
    private float[] gradIn;
    private float[] gradWeights;

    void set(
        ConvGeometry g,
        float[] in,
        GemmOperand wT,
        float[] gradOut,
        float[] gradIn,
        float[] gradWeights) {
      this.g = g;
      this.in = in;
      this.wT = wT;
      this.gradOut = gradOut;
      this.gradIn = gradIn;
      this.gradWeights = gradWeights;
    }

    @Override
    public void run(int worker, int from, int to) {
      int pixels = g.outPixels();
      int patch = g.patchSize();
      int outChannels = g.outChannels();
      boolean identity = Im2col.isIdentity(g);
      Scratch s = scratch[worker];
      float[] gw = worker == 0 ? gradWeights : s.get(GRAD_WEIGHTS, g.weightCount());
      float[] cols = identity ? null : s.get(COLS, patch * pixels);
      float[] gradCols = identity || gradIn == null ? null : s.get(GRAD_COLS, patch * pixels);
      for (int b = from; b < to; b++) {
        GemmOperand go = gradientOperand[worker].set(gradOut, b * g.outSize(), pixels, false);
        GemmOperand xT = columns(g, in, b, cols, true, imageOperand[worker]);
        // gradWeights (outChannels x patch) += gradOut_b (outChannels x pixels) * cols_b^T
        gemm.multiplyOn(
            worker,
            0,
            outChannels,
            0,
            patch,
            pixels,
            go,
            xT,
            b == from ? 0f : 1f,
            gw,
            0,
            patch,
            Epilogue.NONE);
        if (gradIn == null) {
          continue;
        }
        // gradCols (patch x pixels) = weights^T * gradOut_b, folded back onto the image
        if (identity) {
          gemm.multiplyOn(
              worker,
              0,
              patch,
              0,
              pixels,
              outChannels,
              wT,
              go,
              0f,
              gradIn,
              b * g.inSize(),
              pixels,
              Epilogue.NONE);
        } else {
          gemm.multiplyOn(
              worker,
              0,
              patch,
              0,
              pixels,
              outChannels,
              wT,
              go,
              0f,
              gradCols,
              0,
              pixels,
              Epilogue.NONE);
          Arrays.fill(gradIn, b * g.inSize(), (b + 1) * g.inSize(), 0f);
          Im2col.foldAdd(g, gradCols, gradIn, b * g.inSize());
        }
      }
    }
  }

  /** Bias gradients of channels [from, to): each sums its channel over the batch in order. */
  private final class BiasJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private int batch;
    private float[] gradOut;
    private float[] gradBias;

    void set(ConvGeometry g, int batch, float[] gradOut, float[] gradBias) {
      this.g = g;
      this.batch = batch;
      this.gradOut = gradOut;
      this.gradBias = gradBias;
    }

    @Override
    public void run(int worker, int from, int to) {
      int pixels = g.outPixels();
      for (int f = from; f < to; f++) {
        float sum = 0f;
        for (int b = 0; b < batch; b++) {
          sum += VectorElementwise.sum(gradOut, b * g.outSize() + f * pixels, pixels);
        }
        gradBias[f] = sum;
      }
    }
  }
}
