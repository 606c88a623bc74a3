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
    GemmOperand w = GemmOperand.of(weights, 0, patch);
    Epilogue epilogue = Epilogue.rowBias(bias, activation);
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
    team.forRange(
        batch,
        (worker, from, to) -> {
          float[] cols = identity ? null : scratch[worker].get(COLS, patch * pixels);
          for (int b = from; b < to; b++) {
            GemmOperand x = columns(g, in, b, cols, false, imageOperand[worker]);
            gemm.multiplyOn(
                worker,
                0,
                g.outChannels(),
                0,
                pixels,
                patch,
                w,
                x,
                0f,
                out,
                b * g.outSize(),
                pixels,
                epilogue);
          }
        });
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
    int pixels = g.outPixels();
    int patch = g.patchSize();
    int outChannels = g.outChannels();
    boolean identity = Im2col.isIdentity(g);
    GemmOperand wT = GemmOperand.transposed(weights, 0, patch);
    team.forRange(
        batch,
        (worker, from, to) -> {
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
        });
    if (batch == 0) {
      Arrays.fill(gradWeights, 0, g.weightCount(), 0f);
    }
    for (int w = 1; w < team.activeWorkers(batch); w++) {
      elementwise.addTo(gradWeights, scratch[w].get(GRAD_WEIGHTS, 0), 0, g.weightCount());
    }
    if (gradBias != null) {
      team.forRange(
          outChannels,
          (worker, from, to) -> {
            for (int f = from; f < to; f++) {
              float sum = 0f;
              for (int b = 0; b < batch; b++) {
                sum += VectorElementwise.sum(gradOut, b * g.outSize() + f * pixels, pixels);
              }
              gradBias[f] = sum;
            }
          });
    }
  }
}
