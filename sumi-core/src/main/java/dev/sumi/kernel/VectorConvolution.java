package dev.sumi.kernel;

import java.util.Arrays;

/**
 * Convolution: the forward pass of stride-1 layers with few input channels goes to {@link
 * DirectConvolution}, stride-1 3x3 and 5x5 layers with enough channels go to {@link
 * WinogradConvolution}, strided ones and those with small outputs to {@link GroupedConvolution};
 * the rest (stride 1) run as a {@link Gemm} on the image's column matrix, read in place from the
 * image or a padded copy ({@link TapLayout}), one image at a time, with the batch split statically
 * over workers (each image's product runs on one worker's buffers; measured faster than splitting
 * each image's product over the team for the small MNIST-sized layers). Forward applies bias and
 * activation while storing each tile. Backward sums each worker's weight gradient over its images
 * and then adds the workers' sums in worker order, so results are deterministic per thread count.
 */
final class VectorConvolution {
  private static final int GRAD_COLS = 0;
  private static final int GRAD_WEIGHTS = 1;
  private static final int PADDED = 2;
  private static final int WIDE = 3;
  private static final int GRAD_PADDED = 4;
  private static final int DOT_SUMS = 5;
  private static final int BIAS_SUMS = 6;

  private final Gemm gemm;
  private final RowDots rowDots;
  private final WinogradConvolution winograd;
  private final GroupedConvolution grouped;
  private final DirectConvolution direct;
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
  private final GeometryCache<TapLayout> layouts = new GeometryCache<>(64, TapLayout::of);

  VectorConvolution(
      Gemm gemm,
      RowDots rowDots,
      WinogradConvolution winograd,
      GroupedConvolution grouped,
      DirectConvolution direct,
      Parallel team,
      VectorElementwise elementwise) {
    this.gemm = gemm;
    this.rowDots = rowDots;
    this.winograd = winograd;
    this.grouped = grouped;
    this.direct = direct;
    this.team = team;
    this.elementwise = elementwise;
    this.scratch = new Scratch[team.threads()];
    this.imageOperand = new GemmOperand[team.threads()];
    this.gradientOperand = new GemmOperand[team.threads()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new Scratch(7);
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
    if (direct.serves(g)) {
      direct.forward(g, batch, in, weights, bias, activation, out);
      return;
    }
    if (batch >= team.threads() && WinogradConvolution.supports(g)) {
      winograd.forward(g, batch, in, weights, bias, activation, out);
      return;
    }
    if (GroupedConvolution.serves(g)) {
      grouped.forward(g, batch, in, weights, bias, activation, out);
      return;
    }
    int pixels = g.outPixels();
    int patch = g.patchSize();
    boolean identity = isIdentity(g);
    GemmOperand w = weightOperand.set(weights, 0, patch, false);
    Epilogue epilogue = forwardEpilogue.rowBias(bias, activation);
    if (batch < team.threads()) {
      // Too few images to go round (inference on one image): split each image's product instead.
      TapLayout taps = identity ? null : layouts.get(g);
      for (int b = 0; b < batch; b++) {
        if (taps != null) {
          float[] wide = scratch[0].get(WIDE, g.outChannels() * taps.wideColumns);
          GemmOperand x = tapRows(g, taps, in, b, false, 0, scratch[0], imageOperand[0]);
          gemm.multiply(
              g.outChannels(),
              taps.wideColumns,
              patch,
              w,
              x,
              0f,
              wide,
              0,
              taps.wideColumns,
              epilogue);
          taps.compact(g, wide, out, b * g.outSize());
          continue;
        }
        GemmOperand x = imageOperand[0].set(in, b * g.inSize(), pixels, false);
        gemm.multiply(
            g.outChannels(), pixels, patch, w, x, 0f, out, b * g.outSize(), pixels, epilogue);
      }
      return;
    }
    forwardJob.set(g, identity ? null : layouts.get(g), in, w, epilogue, out);
    try {
      team.forRange(batch, forwardJob);
    } finally {
      forwardJob.set(null, null, null, null, null, null);
    }
  }

  /** The forward pass of images [from, to) on one worker. */
  private final class ForwardJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private TapLayout taps;
    private float[] in;
    private GemmOperand weights;
    private Epilogue epilogue;
    private float[] out;

    void set(
        ConvGeometry g,
        TapLayout taps,
        float[] in,
        GemmOperand weights,
        Epilogue epilogue,
        float[] out) {
      this.g = g;
      this.taps = taps;
      this.in = in;
      this.weights = weights;
      this.epilogue = epilogue;
      this.out = out;
    }

    @Override
    public void run(int worker, int from, int to) {
      int pixels = g.outPixels();
      int patch = g.patchSize();
      if (taps != null) {
        int n = taps.wideColumns;
        float[] wide = scratch[worker].get(WIDE, g.outChannels() * n);
        for (int b = from; b < to; b++) {
          GemmOperand x = tapRows(g, taps, in, b, false, 0, scratch[worker], imageOperand[worker]);
          gemm.multiplyOn(
              worker, 0, g.outChannels(), 0, n, patch, weights, x, 0f, wide, 0, n, epilogue);
          taps.compact(g, wide, out, b * g.outSize());
        }
        return;
      }
      for (int b = from; b < to; b++) {
        GemmOperand x = imageOperand[worker].set(in, b * g.inSize(), pixels, false);
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

  /** True when the column matrix is the image itself (1x1 kernel, stride 1, no padding). */
  private static boolean isIdentity(ConvGeometry g) {
    return g.kernelHeight() == 1
        && g.kernelWidth() == 1
        && g.strideHeight() == 1
        && g.strideWidth() == 1
        && g.padTop() == 0
        && g.padLeft() == 0
        && g.outHeight() == g.inHeight()
        && g.outWidth() == g.inWidth();
  }

  /**
   * Points {@code into} at image b's column matrix in wide columns (or its transpose), read from a
   * padded copy in the worker's scratch, or from the image itself when no padding is needed. Rows
   * can be read {@code slack} floats past their end: into the next image, or zeros of the copy.
   */
  private static GemmOperand tapRows(
      ConvGeometry g,
      TapLayout taps,
      float[] in,
      int b,
      boolean transposed,
      int slack,
      Scratch s,
      GemmOperand into) {
    int size = PaddedImage.size(g);
    if (!PaddedImage.needed(g) && (b + 1) * g.inSize() + slack <= in.length) {
      return into.setRows(in, b * g.inSize(), taps.rowOffsets, transposed);
    }
    float[] padded = s.get(PADDED, size + slack);
    PaddedImage.copy(g, in, b * g.inSize(), padded, 0);
    Arrays.fill(padded, size, size + slack, 0f);
    return into.setRows(padded, 0, taps.rowOffsets, transposed);
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
    // Winograd splits the batch by images, so it needs one image per worker.
    boolean enoughImages = batch >= team.threads();
    boolean winogradGradIn =
        gradIn != null && enoughImages && WinogradConvolution.supportsInputGradient(g);
    if (enoughImages
        && WinogradConvolution.supportsWeightGradient(g)
        && (gradIn == null || winogradGradIn)) {
      winograd.weightGradient(g, batch, in, gradOut, gradWeights, gradBias);
      if (gradIn != null) {
        winograd.inputGradient(g, batch, gradOut, weights, gradIn);
      }
      return;
    }
    if (GroupedConvolution.serves(g)) {
      grouped.backward(g, batch, in, weights, gradOut, gradIn, gradWeights);
      biasGradient(g, batch, gradOut, gradBias);
      return;
    }
    GemmOperand wT = weightOperand.set(weights, 0, g.patchSize(), true);
    TapLayout taps = isIdentity(g) ? null : layouts.get(g);
    // The wide-column pass reads each image's gradient anyway: it sums the bias gradient too.
    boolean biasInTaps = taps != null && gradBias != null;
    backwardJob.set(
        g, taps, in, wT, gradOut, winogradGradIn ? null : gradIn, gradWeights, biasInTaps);
    try {
      team.forRange(batch, backwardJob);
    } finally {
      backwardJob.set(null, null, null, null, null, null, null, false);
    }
    if (winogradGradIn) {
      winograd.inputGradient(g, batch, gradOut, weights, gradIn);
    }
    if (batch == 0) {
      Arrays.fill(gradWeights, 0, g.weightCount(), 0f);
    }
    for (int w = 1; w < team.activeWorkers(batch); w++) {
      elementwise.addTo(gradWeights, scratch[w].get(GRAD_WEIGHTS, 0), 0, g.weightCount());
    }
    if (!biasInTaps) {
      biasGradient(g, batch, gradOut, gradBias);
      return;
    }
    Arrays.fill(gradBias, 0, g.outChannels(), 0f);
    int workers = batch == 0 ? 0 : team.activeWorkers(batch);
    for (int w = 0; w < workers; w++) {
      elementwise.addTo(gradBias, scratch[w].get(BIAS_SUMS, 0), 0, g.outChannels());
    }
  }

  private void biasGradient(ConvGeometry g, int batch, float[] gradOut, float[] gradBias) {
    if (gradBias != null) {
      biasJob.set(g, batch, gradOut, gradBias);
      try {
        team.forRange(g.outChannels(), biasJob);
      } finally {
        biasJob.set(null, 0, null, null);
      }
    }
  }

  /** Weight and input gradients of images [from, to) on one worker. */
  private final class BackwardJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private TapLayout taps;
    private float[] in;
    private GemmOperand wT;
    private float[] gradOut;
    private float[] gradIn;
    private float[] gradWeights;
    private boolean sumBias;

    void set(
        ConvGeometry g,
        TapLayout taps,
        float[] in,
        GemmOperand wT,
        float[] gradOut,
        float[] gradIn,
        float[] gradWeights,
        boolean sumBias) {
      this.g = g;
      this.taps = taps;
      this.in = in;
      this.wT = wT;
      this.gradOut = gradOut;
      this.gradIn = gradIn;
      this.gradWeights = gradWeights;
      this.sumBias = sumBias;
    }

    @Override
    public void run(int worker, int from, int to) {
      int pixels = g.outPixels();
      int patch = g.patchSize();
      int outChannels = g.outChannels();
      Scratch s = scratch[worker];
      float[] gw = worker == 0 ? gradWeights : s.get(GRAD_WEIGHTS, g.weightCount());
      if (taps != null) {
        runTaps(worker, from, to, gw);
        return;
      }
      // A 1x1 convolution's column matrix is the image; its gradient is gradIn itself.
      for (int b = from; b < to; b++) {
        GemmOperand go = gradientOperand[worker].set(gradOut, b * g.outSize(), pixels, false);
        GemmOperand xT = imageOperand[worker].set(in, b * g.inSize(), pixels, true);
        addWeightGradient(worker, pixels, go, xT, b == from, gw);
        if (gradIn != null) {
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
        }
      }
    }

    /**
     * gw (outChannels x patch) = (first ? 0 : gw) + gradOut (outChannels x columns) * cols^T, where
     * xT is the image's column matrix transposed.
     */
    private void addWeightGradient(
        int worker, int columns, GemmOperand gradOut, GemmOperand xT, boolean first, float[] gw) {
      gemm.multiplyOn(
          worker,
          0,
          g.outChannels(),
          0,
          g.patchSize(),
          columns,
          gradOut,
          xT,
          first ? 0f : 1f,
          gw,
          0,
          g.patchSize(),
          Epilogue.NONE);
    }

    /**
     * {@link #run} on wide columns ({@link TapLayout}) instead of im2col. The weight gradient is a
     * GEMM, or, when that would waste most of its work on packing or empty strips, dot products of
     * rows ({@link RowDots}); rows are then read on to whole vectors, which is why the gradient's
     * wide rows are padded with zeros.
     */
    private void runTaps(int worker, int from, int to, float[] gw) {
      int patch = g.patchSize();
      int outChannels = g.outChannels();
      int n = taps.wideColumns;
      boolean dots = useRowDots(outChannels, patch, n);
      int ld = dots ? rowDots.paddedDepth(n) : n;
      Scratch s = scratch[worker];
      float[] wideGrad = s.get(WIDE, outChannels * ld);
      float[] gradCols = gradIn == null ? null : s.get(GRAD_COLS, patch * n);
      float[] sums = dots ? s.get(DOT_SUMS, rowDots.sumsSize(outChannels, patch)) : null;
      if (dots) {
        Arrays.fill(sums, 0, rowDots.sumsSize(outChannels, patch), 0f);
      }
      boolean padded = PaddedImage.needed(g);
      float[] bias = sumBias ? s.get(BIAS_SUMS, outChannels) : null;
      if (bias != null) {
        Arrays.fill(bias, 0, outChannels, 0f);
      }
      for (int b = from; b < to; b++) {
        taps.widen(g, gradOut, b * g.outSize(), wideGrad, ld);
        if (bias != null) {
          // The wide rows' unused columns are zero.
          for (int f = 0; f < outChannels; f++) {
            bias[f] += VectorElementwise.sum(wideGrad, f * ld, n);
          }
        }
        GemmOperand go = gradientOperand[worker].set(wideGrad, 0, ld, false);
        GemmOperand xT = tapRows(g, taps, in, b, true, ld - n, s, imageOperand[worker]);
        // The unused columns of wideGrad are zero, so they add nothing.
        if (dots) {
          rowDots.accumulate(outChannels, patch, n, go, xT, sums);
        } else {
          addWeightGradient(worker, n, go, xT, b == from, gw);
        }
        if (gradIn == null) {
          continue;
        }
        gemm.multiplyOn(
            worker, 0, patch, 0, n, outChannels, wT, go, 0f, gradCols, 0, n, Epilogue.NONE);
        float[] target = padded ? s.get(GRAD_PADDED, PaddedImage.size(g)) : gradIn;
        int base = padded ? 0 : b * g.inSize();
        Arrays.fill(target, base, base + PaddedImage.size(g), 0f);
        for (int row = 0; row < patch; row++) {
          elementwise.addTo(target, base + taps.rowOffsets[row], gradCols, row * n, n);
        }
        if (padded) {
          PaddedImage.crop(g, target, 0, gradIn, b * g.inSize());
        }
      }
      if (dots) {
        rowDots.reduce(outChannels, patch, sums, gw, patch);
      }
    }
  }

  /**
   * Whether a weight gradient (outChannels x patch, summed over {@code depth} wide columns) is
   * faster as row dot products than as a GEMM, as measured on the zoo's layers: with few filters
   * the GEMM's transposed packing dominates; with a patch narrower than a column strip most of each
   * strip is zeros; and over long rows the dot products' per-image overhead fades.
   */
  static boolean useRowDots(int outChannels, int patch, int depth) {
    return outChannels <= 24 || patch < 32 || (outChannels <= 64 && depth >= 512);
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
