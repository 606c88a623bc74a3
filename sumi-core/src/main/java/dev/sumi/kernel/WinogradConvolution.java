package dev.sumi.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 3x3 and 5x5 convolutions by Winograd's minimal filtering (Lavin and Gray, 2016): F(4x4,
 * 3x3) on overlapping 6x6 tiles (interpolation points 0, 1, -1, 2, -2 and infinity) and F(4x4, 5x5)
 * on 8x8 tiles (the same points and 1/2, -1/2). Per 16 outputs and channel pair they take 36
 * multiplies where the direct product takes 144 (3x3), and 64 where it takes 400 (5x5).
 *
 * <p>Each worker takes whole images: an image is copied channels-last into a zero-bordered buffer,
 * so that the transforms run on vectors of channels; each of the transformed points is then a small
 * matrix product (tiles x inChannels) by (inChannels x outChannels), and the output transform, bias
 * and activation give the result back in NCHW. The tiles of a large image are multiplied in blocks;
 * small images (a 4x4 image is a single tile) are grouped so that one block takes the tiles of
 * several. Every output is summed in a fixed order within its image, so results do not depend on
 * the thread count or the grouping.
 *
 * <p>The same code computes the input gradient of such a convolution: that is a convolution of the
 * output gradient with the filters rotated by 180 degrees and their channels swapped ({@link
 * Plan#inputGradient}).
 */
final class WinogradConvolution {
  /** Outputs per side of a tile: F(4x4, r x r) takes tiles of (4 + r - 1)^2 inputs. */
  private static final int TILE = 4;

  /** Tiles per micro-tile of the point-wise products. */
  private static final int MR = 6;

  /**
   * Input and output channels below which the transforms cost more than the multiplies they save
   * (measured on 28x28 and 14x14 layers: 16 or 24 input channels ran slower than im2col).
   */
  private static final int MIN_IN_CHANNELS = 32;

  private static final int MIN_OUT_CHANNELS = 16;

  /**
   * Channels from which the backward pass pays (the layer's input channels for the weight gradient,
   * its output channels for the input gradient): on 16-channel 28x28 layers it ran faster than the
   * column products, where the forward pass did not.
   */
  private static final int MIN_BACKWARD_CHANNELS = 16;

  /** Floats of transformed input plus point-wise products per block of tiles (stays in L2). */
  private static final int BLOCK_FLOATS = 144 * 1024;

  private static final int IMAGE = 0;
  private static final int POINT_INPUTS = 1;
  private static final int POINT_OUTPUTS = 2;
  private static final int OUTPUT = 3;
  private static final int TEMP = 4;
  private static final int FILTER = 5;
  private static final int GRADIENT = 6;
  private static final int POINT_GRADIENTS = 7;
  private static final int BIAS_GRADIENT = 8;

  private final Lanes lanes;
  private final int nr;
  private final Parallel team;
  private final Scratch[] scratch;
  private final WeightJob weightJob = new WeightJob();
  private final ImageJob imageJob = new ImageJob();
  private final WeightGradientJob weightGradientJob = new WeightGradientJob();
  private final FilterGradientJob filterGradientJob;
  // Transformed filters, shared by the workers: [point][output strip][inChannels padded][strip
  // width].
  private float[] transformed = new float[0];
  // The bias padded with zeros to whole vectors (zeros when there is none).
  private float[] paddedBias = new float[0];
  // Plans are found by identity of the layer's geometry; a forward and an input-gradient plan per
  // layer. Enough for 32 layers: a cache smaller than a model's layers would rebuild (and allocate)
  // plans on every step.
  private final Plan[] plans = new Plan[64];
  private int nextPlan;

  WinogradConvolution(Lanes lanes, Parallel team) {
    this.lanes = lanes;
    this.nr = 2 * lanes.species().length();
    this.team = team;
    this.scratch = new Scratch[team.threads()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new Scratch(9);
    }
    this.filterGradientJob = new FilterGradientJob();
  }

  /** Whether {@link #forward} computes g: stride 1, a 3x3 or 5x5 kernel and enough channels. */
  static boolean supports(ConvGeometry g) {
    return fits(g) && g.inChannels() >= MIN_IN_CHANNELS && g.outChannels() >= MIN_OUT_CHANNELS;
  }

  /** Whether {@link #weightGradient} computes g's weight gradient. */
  static boolean supportsWeightGradient(ConvGeometry g) {
    return fits(g)
        && g.inChannels() >= MIN_BACKWARD_CHANNELS
        && g.outChannels() >= MIN_OUT_CHANNELS;
  }

  /** Whether {@link #inputGradient} computes g's input gradient (which swaps the channels). */
  static boolean supportsInputGradient(ConvGeometry g) {
    return fits(g)
        && g.outChannels() >= MIN_BACKWARD_CHANNELS
        && g.inChannels() >= MIN_OUT_CHANNELS;
  }

  private static boolean fits(ConvGeometry g) {
    int r = g.kernelHeight();
    return g.strideHeight() == 1
        && g.strideWidth() == 1
        && g.kernelWidth() == r
        && (r == 3 || r == 5)
        && g.padTop() < r
        && g.padLeft() < r;
  }

  /** {@code out = act(conv(in, weights) + bias)} for a batch; g must be {@link #supports}ed. */
  void forward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    run(plan(g, false), batch, in, weights, bias, activation, out);
  }

  /** The input gradient of g's convolution, given the gradient of its pre-activation output. */
  void inputGradient(ConvGeometry g, int batch, float[] gradOut, float[] weights, float[] gradIn) {
    run(plan(g, true), batch, gradOut, weights, null, Activation.NONE, gradIn);
  }

  /**
   * gradWeights (overwritten) of g's convolution over a batch, given its input and the gradient of
   * its pre-activation output: per transformed point, the sum over tiles of the transformed output
   * gradient times the transformed input, then G^T (that sum) G. Each worker sums its images; the
   * workers' sums are added in worker order, so results are deterministic per thread count.
   */
  void weightGradient(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] gradOut,
      float[] gradWeights,
      float[] gradBias) {
    Plan p = plan(g, false);
    weightGradientJob.set(p, in, gradOut, gradBias != null);
    try {
      team.forRange(batch, weightGradientJob);
    } finally {
      weightGradientJob.set(null, null, null, false);
    }
    if (gradBias != null) {
      Arrays.fill(gradBias, 0, p.outChannels, 0f);
      for (int w = 0; w < team.activeWorkers(batch); w++) {
        float[] partial = scratch[w].get(BIAS_GRADIENT, 0);
        for (int o = 0; o < p.outChannels; o++) {
          gradBias[o] += partial[o];
        }
      }
    }
    filterGradientJob.set(p, team.activeWorkers(batch), gradWeights);
    try {
      team.forRange(Math.ceilDiv(p.outChannels, lanes.species().length()), filterGradientJob);
    } finally {
      filterGradientJob.set(null, 0, null);
    }
  }

  private void run(
      Plan p,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    int size = p.points * p.paddedOut * p.paddedIn;
    if (transformed.length < size) {
      transformed = new float[size];
    }
    if (paddedBias.length < p.paddedOut) {
      paddedBias = new float[p.paddedOut];
    }
    Arrays.fill(paddedBias, 0f);
    if (bias != null) {
      System.arraycopy(bias, 0, paddedBias, 0, p.outChannels);
    }
    weightJob.set(p, weights);
    try {
      team.forRange(p.paddedOut / lanes.species().length(), weightJob);
    } finally {
      weightJob.set(null, null);
    }
    imageJob.set(p, in, activation, out);
    try {
      team.forRange(batch, imageJob);
    } finally {
      imageJob.set(null, null, null, null);
    }
  }

  /** The plan for g's forward pass or its input gradient, made once per geometry. */
  private Plan plan(ConvGeometry g, boolean inputGradient) {
    for (Plan p : plans) {
      if (p != null && p.geometry == g && p.inputGradient == inputGradient) {
        return p;
      }
    }
    Plan p = new Plan(g, inputGradient, lanes.species().length(), nr);
    plans[nextPlan] = p;
    nextPlan = (nextPlan + 1) % plans.length;
    return p;
  }

  /**
   * One convolution as this class runs it: inChannels of inHeight x inWidth, zero-padded by padTop
   * and padLeft, to outChannels of outHeight x outWidth, cut into tiles of m x m outputs.
   */
  private static final class Plan {
    final ConvGeometry geometry;
    final boolean inputGradient;
    final int r;
    final int m;

    /** Inputs per side of a tile, and the points (alpha^2) each tile is transformed to. */
    final int alpha;

    final int points;
    final int inChannels;
    final int outChannels;
    final int inHeight;
    final int inWidth;
    final int outHeight;
    final int outWidth;
    final int padTop;
    final int padLeft;
    final int tilesHigh;
    final int tilesWide;
    final int tiles;

    /** Output rows and columns that the whole tiles cover (the output, rounded up to tiles). */
    final int coveredHeight;

    final int coveredWidth;
    final int paddedHeight;
    final int paddedWidth;
    final int paddedIn;
    final int paddedOut;
    final int outStrips;

    /**
     * Output channels per strip of the transformed filters: 4 vectors where they divide, else 2.
     */
    final int stripWidth;

    final int blockTiles;

    /**
     * Images whose tiles are transformed and multiplied together: small images (7x7, 4x4) have too
     * few tiles to fill a micro-tile or to reuse each strip of transformed filters, so their blocks
     * take the tiles of several images.
     */
    final int groupImages;

    /** Floats of one image in the channels-last input, output and output-gradient buffers. */
    final int imageFloats;

    final int outputFloats;
    final int gradientFloats;

    /** Input channels rounded up to whole micro-tiles: rows of the weight gradient's sums. */
    final int gradientRows;

    /**
     * Floats per pixel of the channels-last output: one vector more than the channels, so that a
     * walk along one channel does not stride by a multiple of 256 bytes, which would map every read
     * to the same few L1 sets.
     */
    final int outputStride;

    /** Offsets of one vector of consecutive input channels at one pixel (NCHW), for gathers. */
    final int[] inputChannelOffsets;

    /**
     * The same for the output and its gradient (NCHW, outHeight x outWidth planes): scatters of the
     * output, gathers of the output gradient.
     */
    final int[] outputChannelOffsets;

    Plan(ConvGeometry g, boolean inputGradient, int lanes, int nr) {
      this.geometry = g;
      this.inputGradient = inputGradient;
      this.r = g.kernelHeight();
      this.m = TILE;
      this.alpha = TILE + r - 1;
      this.points = alpha * alpha;
      if (inputGradient) {
        inChannels = g.outChannels();
        outChannels = g.inChannels();
        inHeight = g.outHeight();
        inWidth = g.outWidth();
        outHeight = g.inHeight();
        outWidth = g.inWidth();
        padTop = r - 1 - g.padTop();
        padLeft = r - 1 - g.padLeft();
      } else {
        inChannels = g.inChannels();
        outChannels = g.outChannels();
        inHeight = g.inHeight();
        inWidth = g.inWidth();
        outHeight = g.outHeight();
        outWidth = g.outWidth();
        padTop = g.padTop();
        padLeft = g.padLeft();
      }
      tilesHigh = Math.ceilDiv(outHeight, m);
      tilesWide = Math.ceilDiv(outWidth, m);
      tiles = tilesHigh * tilesWide;
      coveredHeight = tilesHigh * m;
      coveredWidth = tilesWide * m;
      paddedHeight = coveredHeight + r - 1;
      paddedWidth = coveredWidth + r - 1;
      paddedIn = Math.ceilDiv(inChannels, lanes) * lanes;
      paddedOut = Math.ceilDiv(outChannels, nr) * nr;
      stripWidth = paddedOut % (2 * nr) == 0 ? 2 * nr : nr;
      outStrips = paddedOut / stripWidth;
      outputStride = paddedOut + lanes;
      gradientRows = Math.ceilDiv(paddedIn, MR) * MR;
      int fit = Math.max(MR, BLOCK_FLOATS / (points * (paddedIn + paddedOut)) / MR * MR);
      groupImages = Math.max(1, fit / tiles);
      int blocks = Math.ceilDiv(groupImages * tiles, fit);
      blockTiles = Math.ceilDiv(Math.ceilDiv(groupImages * tiles, blocks), MR) * MR;
      imageFloats = paddedHeight * paddedWidth * paddedIn;
      outputFloats = coveredHeight * coveredWidth * outputStride;
      gradientFloats = coveredHeight * coveredWidth * paddedOut;
      inputChannelOffsets = new int[lanes];
      outputChannelOffsets = new int[lanes];
      for (int i = 0; i < lanes; i++) {
        inputChannelOffsets[i] = i * inHeight * inWidth;
        outputChannelOffsets[i] = i * outHeight * outWidth;
      }
    }

    /** Filter tap (i, j) from input channel c to output channel o, as the plan sees it. */
    int weightIndex(int o, int c, int i, int j) {
      if (inputGradient) {
        // Rotated by 180 degrees, channels swapped: the stored filter is (c -> o) in g's terms.
        return ((c * outChannels + o) * r + (r - 1 - i)) * r + (r - 1 - j);
      }
      return ((o * inChannels + c) * r + i) * r + j;
    }
  }

  /**
   * Transforms the filters of output-channel groups [from, to), each one vector of channels: U = G
   * g G^T into {@link #transformed}, on vectors across the group's channels. Padded channels
   * (beyond the real input or output channels) get zeros.
   */
  private final class WeightJob implements Parallel.RangeTask {
    private Plan p;
    private float[] weights;

    void set(Plan p, float[] weights) {
      this.p = p;
      this.weights = weights;
    }

    @Override
    public void run(int worker, int from, int to) {
      VectorSpecies<Float> sp = lanes.species();
      int l = sp.length();
      int r = p.r;
      int taps = r * r;
      // taps (r x r vectors), then G g (p.alpha x r vectors)
      float[] f = scratch[worker].get(FILTER, (taps + p.alpha * r) * l);
      int gg = taps * l;
      int pointStride = p.paddedOut * p.paddedIn;
      for (int group = from; group < to; group++) {
        int o0 = group * l;
        int lanesUsed = Math.min(l, p.outChannels - o0);
        int strip = o0 / p.stripWidth;
        int lane = o0 % p.stripWidth;
        for (int c = 0; c < p.paddedIn; c++) {
          int base = (strip * p.paddedIn + c) * p.stripWidth + lane;
          if (c >= p.inChannels || lanesUsed <= 0) {
            for (int x = 0; x < p.points; x++) {
              FloatVector.zero(sp).intoArray(transformed, x * pointStride + base);
            }
            continue;
          }
          Arrays.fill(f, 0, taps * l, 0f);
          for (int k = 0; k < lanesUsed; k++) {
            for (int t = 0; t < taps; t++) {
              f[t * l + k] = weights[p.weightIndex(o0 + k, c, t / r, t % r)];
            }
          }
          for (int j = 0; j < r; j++) {
            filterTransform(r, f, j * l, r * l, f, gg + j * l, r * l);
          }
          for (int a = 0; a < p.alpha; a++) {
            filterTransform(
                r,
                f,
                gg + a * r * l,
                l,
                transformed,
                a * p.alpha * pointStride + base,
                pointStride);
          }
        }
      }
    }
  }

  /**
   * G times r vectors from src (sStride apart), to alpha (r + 3) vectors of dst (dStride apart).
   * One straight-line method per kernel size: a vector merged from two branches defeats the JIT's
   * unboxing once both branches have run, and then every call allocates.
   */
  private void filterTransform(
      int r, float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    if (r == 3) {
      filterTransform3(src, s, sStride, dst, d, dStride);
    } else {
      filterTransform5(src, s, sStride, dst, d, dStride);
    }
  }

  private void filterTransform3(float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    VectorSpecies<Float> sp = lanes.species();
    FloatVector g0 = FloatVector.fromArray(sp, src, s);
    FloatVector g1 = FloatVector.fromArray(sp, src, s + sStride);
    FloatVector g2 = FloatVector.fromArray(sp, src, s + 2 * sStride);
    FloatVector even = g0.add(g2);
    FloatVector evenWeighted = g0.mul(1f / 24).add(g2.mul(1f / 6));
    FloatVector oddWeighted = g1.mul(1f / 12);
    g0.mul(1f / 4).intoArray(dst, d);
    even.add(g1).mul(-1f / 6).intoArray(dst, d + dStride);
    even.sub(g1).mul(-1f / 6).intoArray(dst, d + 2 * dStride);
    evenWeighted.add(oddWeighted).intoArray(dst, d + 3 * dStride);
    evenWeighted.sub(oddWeighted).intoArray(dst, d + 4 * dStride);
    g2.intoArray(dst, d + 5 * dStride);
  }

  /** G for F(4x4, 5x5): eight vectors, at the points 0, 1, -1, 2, -2, 1/2, -1/2, infinity. */
  private void filterTransform5(float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    VectorSpecies<Float> sp = lanes.species();
    FloatVector g0 = FloatVector.fromArray(sp, src, s);
    FloatVector g1 = FloatVector.fromArray(sp, src, s + sStride);
    FloatVector g2 = FloatVector.fromArray(sp, src, s + 2 * sStride);
    FloatVector g3 = FloatVector.fromArray(sp, src, s + 3 * sStride);
    FloatVector g4 = FloatVector.fromArray(sp, src, s + 4 * sStride);
    FloatVector even = g0.add(g2).add(g4).mul(-2f / 9);
    FloatVector odd = g1.add(g3).mul(-2f / 9);
    g0.intoArray(dst, d);
    even.add(odd).intoArray(dst, d + dStride);
    even.sub(odd).intoArray(dst, d + 2 * dStride);
    even = g0.mul(1f / 90).add(g2.mul(2f / 45)).add(g4.mul(8f / 45));
    odd = g1.mul(1f / 45).add(g3.mul(4f / 45));
    even.add(odd).intoArray(dst, d + 3 * dStride);
    even.sub(odd).intoArray(dst, d + 4 * dStride);
    even = g0.mul(32f / 45).add(g2.mul(8f / 45)).add(g4.mul(2f / 45));
    odd = g1.mul(16f / 45).add(g3.mul(4f / 45));
    even.add(odd).intoArray(dst, d + 5 * dStride);
    even.sub(odd).intoArray(dst, d + 6 * dStride);
    g4.intoArray(dst, d + 7 * dStride);
  }

  /** The whole convolution of images [from, to) on one worker. */
  private final class ImageJob implements Parallel.RangeTask {
    private Plan p;
    private float[] in;
    private Activation activation;
    private float[] out;

    void set(Plan p, float[] in, Activation activation, float[] out) {
      this.p = p;
      this.in = in;
      this.activation = activation;
      this.out = out;
    }

    @Override
    public void run(int worker, int from, int to) {
      Scratch s = scratch[worker];
      float[] image = s.get(IMAGE, p.groupImages * p.imageFloats);
      float[] pointIn = s.get(POINT_INPUTS, p.points * p.blockTiles * p.paddedIn);
      float[] pointOut = s.get(POINT_OUTPUTS, p.blockTiles * p.points * p.paddedOut);
      float[] output = s.get(OUTPUT, p.groupImages * p.outputFloats);
      float[] temp = s.get(TEMP, p.points * lanes.species().length());
      int inSize = p.inChannels * p.inHeight * p.inWidth;
      int outSize = p.outChannels * p.outHeight * p.outWidth;
      for (int b0 = from; b0 < to; b0 += p.groupImages) {
        int images = Math.min(p.groupImages, to - b0);
        for (int i = 0; i < images; i++) {
          channelsLast(p, in, (b0 + i) * inSize, image, i * p.imageFloats);
        }
        int tiles = images * p.tiles;
        for (int t0 = 0; t0 < tiles; t0 += p.blockTiles) {
          int n = Math.min(p.blockTiles, tiles - t0);
          for (int t = 0; t < n; t++) {
            int i = (t0 + t) / p.tiles;
            transformInput(p, image, i * p.imageFloats, (t0 + t) % p.tiles, t, temp, pointIn);
          }
          multiplyPoints(p, Math.ceilDiv(n, MR), pointIn, pointOut);
          for (int t = 0; t < n; t++) {
            int i = (t0 + t) / p.tiles;
            transformOutput(
                p, pointOut, t, (t0 + t) % p.tiles, activation, temp, output, i * p.outputFloats);
          }
        }
        for (int i = 0; i < images; i++) {
          channelsFirst(p, output, i * p.outputFloats, activation, out, (b0 + i) * outSize);
        }
      }
    }
  }

  /** Per-worker sums over images [from, to) of transformed output gradient times input. */
  private final class WeightGradientJob implements Parallel.RangeTask {
    private Plan p;
    private float[] in;
    private float[] gradOut;
    private boolean biasGradient;

    void set(Plan p, float[] in, float[] gradOut, boolean biasGradient) {
      this.p = p;
      this.in = in;
      this.gradOut = gradOut;
      this.biasGradient = biasGradient;
    }

    @Override
    public void run(int worker, int from, int to) {
      Scratch s = scratch[worker];
      float[] image = s.get(IMAGE, p.groupImages * p.imageFloats);
      float[] gradient = s.get(GRADIENT, p.groupImages * p.gradientFloats);
      // MR floats of slack: the sums read whole micro-tiles of input channels.
      float[] pointIn = s.get(POINT_INPUTS, p.points * p.blockTiles * p.paddedIn + MR);
      float[] pointGrad = s.get(POINT_OUTPUTS, p.points * p.blockTiles * p.paddedOut);
      float[] sums = s.get(POINT_GRADIENTS, p.points * p.gradientRows * p.paddedOut);
      float[] temp = s.get(TEMP, p.points * lanes.species().length());
      Arrays.fill(sums, 0, p.points * p.gradientRows * p.paddedOut, 0f);
      // The bias gradient is summed while the output gradient is gathered, not in a pass of its
      // own.
      float[] biasSums = biasGradient ? s.get(BIAS_GRADIENT, p.paddedOut) : null;
      if (biasSums != null) {
        Arrays.fill(biasSums, 0f);
      }
      int inSize = p.inChannels * p.inHeight * p.inWidth;
      int outSize = p.outChannels * p.outHeight * p.outWidth;
      for (int b0 = from; b0 < to; b0 += p.groupImages) {
        int images = Math.min(p.groupImages, to - b0);
        for (int i = 0; i < images; i++) {
          channelsLast(p, in, (b0 + i) * inSize, image, i * p.imageFloats);
          toChannelsLast(
              gradOut,
              (b0 + i) * outSize,
              p.outChannels,
              p.outHeight,
              p.outWidth,
              p.outputChannelOffsets,
              biasSums,
              gradient,
              i * p.gradientFloats,
              p.coveredHeight,
              p.coveredWidth,
              p.paddedOut,
              0,
              0);
        }
        int tiles = images * p.tiles;
        for (int t0 = 0; t0 < tiles; t0 += p.blockTiles) {
          int n = Math.min(p.blockTiles, tiles - t0);
          for (int t = 0; t < n; t++) {
            int i = (t0 + t) / p.tiles;
            int tile = (t0 + t) % p.tiles;
            transformInput(p, image, i * p.imageFloats, tile, t, temp, pointIn);
            transformGradient(p, gradient, i * p.gradientFloats, tile, t, temp, pointGrad);
          }
          sumPoints(p, n, pointIn, pointGrad, sums);
        }
      }
    }
  }

  /**
   * Output gradient tile {@code tile} of the image at gradient[base ..] as alpha^2 points of block
   * row {@code row}: A dY A^T (the output transform run backwards), one vector of output channels
   * at a time.
   */
  private void transformGradient(
      Plan p, float[] gradient, int base, int tile, int row, float[] temp, float[] pointGrad) {
    int l = lanes.species().length();
    int ld = p.paddedOut;
    int m = p.m;
    int width = p.coveredWidth;
    int ty = tile / p.tilesWide;
    int tx = tile % p.tilesWide;
    int origin = base + (ty * m * width + tx * m) * ld;
    int pointStride = p.blockTiles * ld;
    for (int ov = 0; ov < p.outChannels; ov += l) {
      for (int i = 0; i < m; i++) {
        gradientTransform(
            p.alpha, gradient, origin + i * width * ld + ov, ld, temp, i * p.alpha * l, l);
      }
      for (int x = 0; x < p.alpha; x++) {
        gradientTransform(
            p.alpha,
            temp,
            x * l,
            p.alpha * l,
            pointGrad,
            (x * p.blockTiles + row) * ld + ov,
            p.alpha * pointStride);
      }
    }
  }

  /**
   * Four vectors from src (stride apart) times A, to alpha vectors of dst (stride apart). The
   * points 0, 1, -1, 2 and -2 are common to both tile sizes; the branch only stores, so no vector
   * is merged from two paths.
   */
  private void gradientTransform(
      int alpha, float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    VectorSpecies<Float> sp = lanes.species();
    FloatVector y0 = FloatVector.fromArray(sp, src, s);
    FloatVector y1 = FloatVector.fromArray(sp, src, s + sStride);
    FloatVector y2 = FloatVector.fromArray(sp, src, s + 2 * sStride);
    FloatVector y3 = FloatVector.fromArray(sp, src, s + 3 * sStride);
    y0.intoArray(dst, d);
    FloatVector even = y0.add(y2);
    FloatVector odd = y1.add(y3);
    even.add(odd).intoArray(dst, d + dStride);
    even.sub(odd).intoArray(dst, d + 2 * dStride);
    even = y2.fma(FloatVector.broadcast(sp, 4f), y0);
    odd = y3.fma(FloatVector.broadcast(sp, 8f), y1.mul(2f));
    even.add(odd).intoArray(dst, d + 3 * dStride);
    even.sub(odd).intoArray(dst, d + 4 * dStride);
    y3.intoArray(dst, d + (alpha - 1) * dStride);
    if (alpha == 6) {
      return;
    }
    even = y2.fma(FloatVector.broadcast(sp, 1f / 4), y0);
    odd = y3.fma(FloatVector.broadcast(sp, 1f / 8), y1.mul(1f / 2));
    even.add(odd).intoArray(dst, d + 5 * dStride);
    even.sub(odd).intoArray(dst, d + 6 * dStride);
  }

  /**
   * sums[point][c][o] += sum over the block's n tiles of pointIn[point][t][c] *
   * pointGrad[point][t][o], by micro-tiles of MR input channels by NR output channels.
   */
  private void sumPoints(Plan p, int n, float[] pointIn, float[] pointGrad, float[] sums) {
    int ldIn = p.paddedIn;
    int ldOut = p.paddedOut;
    for (int x = 0; x < p.points; x++) {
      int in0 = x * p.blockTiles * ldIn;
      int grad0 = x * p.blockTiles * ldOut;
      // Tiles 4 vectors wide where the output channels divide, else 2 MR rows tall where the
      // input channels allow, else MR x 2 vectors.
      boolean wide = ldOut % (2 * nr) == 0;
      for (int cs = 0; cs < p.gradientRows; ) {
        boolean tall = !wide && cs + 2 * MR <= p.gradientRows;
        for (int os = 0; os < ldOut; os += wide ? 2 * nr : nr) {
          int at = (x * p.gradientRows + cs) * ldOut + os;
          if (wide) {
            accumulateWide(
                n, pointIn, in0 + cs, ldIn, pointGrad, grad0 + os, ldOut, sums, at, ldOut);
          } else if (tall) {
            accumulateTall(
                n, pointIn, in0 + cs, ldIn, pointGrad, grad0 + os, ldOut, sums, at, ldOut);
          } else {
            accumulate(n, pointIn, in0 + cs, ldIn, pointGrad, grad0 + os, ldOut, sums, at, ldOut);
          }
        }
        cs += tall ? 2 * MR : MR;
      }
    }
  }

  /**
   * MR rows of acc (rowStride apart, NR wide) += the transpose of a (depth rows, aStride apart, MR
   * used) times b (depth rows, bStride apart, NR wide).
   */
  private void accumulate(
      int depth,
      float[] a,
      int aStart,
      int aStride,
      float[] b,
      int bStart,
      int bStride,
      float[] acc,
      int accStart,
      int rowStride) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    FloatVector c00 = FloatVector.fromArray(sp, acc, accStart);
    FloatVector c01 = FloatVector.fromArray(sp, acc, accStart + l);
    FloatVector c10 = FloatVector.fromArray(sp, acc, accStart + rowStride);
    FloatVector c11 = FloatVector.fromArray(sp, acc, accStart + rowStride + l);
    FloatVector c20 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride);
    FloatVector c21 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride + l);
    FloatVector c30 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride);
    FloatVector c31 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride + l);
    FloatVector c40 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride);
    FloatVector c41 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride + l);
    FloatVector c50 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride);
    FloatVector c51 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride + l);
    for (int t = 0; t < depth; t++) {
      int bi = bStart + t * bStride;
      int ai = aStart + t * aStride;
      FloatVector b0 = FloatVector.fromArray(sp, b, bi);
      FloatVector b1 = FloatVector.fromArray(sp, b, bi + l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(sp, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(sp, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(sp, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(sp, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(sp, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    c00.intoArray(acc, accStart);
    c01.intoArray(acc, accStart + l);
    c10.intoArray(acc, accStart + rowStride);
    c11.intoArray(acc, accStart + rowStride + l);
    c20.intoArray(acc, accStart + 2 * rowStride);
    c21.intoArray(acc, accStart + 2 * rowStride + l);
    c30.intoArray(acc, accStart + 3 * rowStride);
    c31.intoArray(acc, accStart + 3 * rowStride + l);
    c40.intoArray(acc, accStart + 4 * rowStride);
    c41.intoArray(acc, accStart + 4 * rowStride + l);
    c50.intoArray(acc, accStart + 5 * rowStride);
    c51.intoArray(acc, accStart + 5 * rowStride + l);
  }

  /** {@link #accumulate} on 4 vectors of output channels. */
  private void accumulateWide(
      int depth,
      float[] a,
      int aStart,
      int aStride,
      float[] b,
      int bStart,
      int bStride,
      float[] acc,
      int accStart,
      int rowStride) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    FloatVector c0_0 = FloatVector.fromArray(sp, acc, accStart);
    FloatVector c0_1 = FloatVector.fromArray(sp, acc, accStart + l);
    FloatVector c0_2 = FloatVector.fromArray(sp, acc, accStart + 2 * l);
    FloatVector c0_3 = FloatVector.fromArray(sp, acc, accStart + 3 * l);
    FloatVector c1_0 = FloatVector.fromArray(sp, acc, accStart + rowStride);
    FloatVector c1_1 = FloatVector.fromArray(sp, acc, accStart + rowStride + l);
    FloatVector c1_2 = FloatVector.fromArray(sp, acc, accStart + rowStride + 2 * l);
    FloatVector c1_3 = FloatVector.fromArray(sp, acc, accStart + rowStride + 3 * l);
    FloatVector c2_0 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride);
    FloatVector c2_1 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride + l);
    FloatVector c2_2 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride + 2 * l);
    FloatVector c2_3 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride + 3 * l);
    FloatVector c3_0 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride);
    FloatVector c3_1 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride + l);
    FloatVector c3_2 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride + 2 * l);
    FloatVector c3_3 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride + 3 * l);
    FloatVector c4_0 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride);
    FloatVector c4_1 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride + l);
    FloatVector c4_2 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride + 2 * l);
    FloatVector c4_3 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride + 3 * l);
    FloatVector c5_0 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride);
    FloatVector c5_1 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride + l);
    FloatVector c5_2 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride + 2 * l);
    FloatVector c5_3 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride + 3 * l);
    for (int t = 0; t < depth; t++) {
      int bi = bStart + t * bStride;
      int ai = aStart + t * aStride;
      FloatVector b0 = FloatVector.fromArray(sp, b, bi);
      FloatVector b1 = FloatVector.fromArray(sp, b, bi + l);
      FloatVector b2 = FloatVector.fromArray(sp, b, bi + 2 * l);
      FloatVector b3 = FloatVector.fromArray(sp, b, bi + 3 * l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c0_0 = av.fma(b0, c0_0);
      c0_1 = av.fma(b1, c0_1);
      c0_2 = av.fma(b2, c0_2);
      c0_3 = av.fma(b3, c0_3);
      av = FloatVector.broadcast(sp, a[ai + 1]);
      c1_0 = av.fma(b0, c1_0);
      c1_1 = av.fma(b1, c1_1);
      c1_2 = av.fma(b2, c1_2);
      c1_3 = av.fma(b3, c1_3);
      av = FloatVector.broadcast(sp, a[ai + 2]);
      c2_0 = av.fma(b0, c2_0);
      c2_1 = av.fma(b1, c2_1);
      c2_2 = av.fma(b2, c2_2);
      c2_3 = av.fma(b3, c2_3);
      av = FloatVector.broadcast(sp, a[ai + 3]);
      c3_0 = av.fma(b0, c3_0);
      c3_1 = av.fma(b1, c3_1);
      c3_2 = av.fma(b2, c3_2);
      c3_3 = av.fma(b3, c3_3);
      av = FloatVector.broadcast(sp, a[ai + 4]);
      c4_0 = av.fma(b0, c4_0);
      c4_1 = av.fma(b1, c4_1);
      c4_2 = av.fma(b2, c4_2);
      c4_3 = av.fma(b3, c4_3);
      av = FloatVector.broadcast(sp, a[ai + 5]);
      c5_0 = av.fma(b0, c5_0);
      c5_1 = av.fma(b1, c5_1);
      c5_2 = av.fma(b2, c5_2);
      c5_3 = av.fma(b3, c5_3);
    }
    c0_0.intoArray(acc, accStart);
    c0_1.intoArray(acc, accStart + l);
    c0_2.intoArray(acc, accStart + 2 * l);
    c0_3.intoArray(acc, accStart + 3 * l);
    c1_0.intoArray(acc, accStart + rowStride);
    c1_1.intoArray(acc, accStart + rowStride + l);
    c1_2.intoArray(acc, accStart + rowStride + 2 * l);
    c1_3.intoArray(acc, accStart + rowStride + 3 * l);
    c2_0.intoArray(acc, accStart + 2 * rowStride);
    c2_1.intoArray(acc, accStart + 2 * rowStride + l);
    c2_2.intoArray(acc, accStart + 2 * rowStride + 2 * l);
    c2_3.intoArray(acc, accStart + 2 * rowStride + 3 * l);
    c3_0.intoArray(acc, accStart + 3 * rowStride);
    c3_1.intoArray(acc, accStart + 3 * rowStride + l);
    c3_2.intoArray(acc, accStart + 3 * rowStride + 2 * l);
    c3_3.intoArray(acc, accStart + 3 * rowStride + 3 * l);
    c4_0.intoArray(acc, accStart + 4 * rowStride);
    c4_1.intoArray(acc, accStart + 4 * rowStride + l);
    c4_2.intoArray(acc, accStart + 4 * rowStride + 2 * l);
    c4_3.intoArray(acc, accStart + 4 * rowStride + 3 * l);
    c5_0.intoArray(acc, accStart + 5 * rowStride);
    c5_1.intoArray(acc, accStart + 5 * rowStride + l);
    c5_2.intoArray(acc, accStart + 5 * rowStride + 2 * l);
    c5_3.intoArray(acc, accStart + 5 * rowStride + 3 * l);
  }

  /** {@link #accumulate} on 2 MR rows of input channels. */
  private void accumulateTall(
      int depth,
      float[] a,
      int aStart,
      int aStride,
      float[] b,
      int bStart,
      int bStride,
      float[] acc,
      int accStart,
      int rowStride) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    FloatVector c0_0 = FloatVector.fromArray(sp, acc, accStart);
    FloatVector c0_1 = FloatVector.fromArray(sp, acc, accStart + l);
    FloatVector c1_0 = FloatVector.fromArray(sp, acc, accStart + rowStride);
    FloatVector c1_1 = FloatVector.fromArray(sp, acc, accStart + rowStride + l);
    FloatVector c2_0 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride);
    FloatVector c2_1 = FloatVector.fromArray(sp, acc, accStart + 2 * rowStride + l);
    FloatVector c3_0 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride);
    FloatVector c3_1 = FloatVector.fromArray(sp, acc, accStart + 3 * rowStride + l);
    FloatVector c4_0 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride);
    FloatVector c4_1 = FloatVector.fromArray(sp, acc, accStart + 4 * rowStride + l);
    FloatVector c5_0 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride);
    FloatVector c5_1 = FloatVector.fromArray(sp, acc, accStart + 5 * rowStride + l);
    FloatVector c6_0 = FloatVector.fromArray(sp, acc, accStart + 6 * rowStride);
    FloatVector c6_1 = FloatVector.fromArray(sp, acc, accStart + 6 * rowStride + l);
    FloatVector c7_0 = FloatVector.fromArray(sp, acc, accStart + 7 * rowStride);
    FloatVector c7_1 = FloatVector.fromArray(sp, acc, accStart + 7 * rowStride + l);
    FloatVector c8_0 = FloatVector.fromArray(sp, acc, accStart + 8 * rowStride);
    FloatVector c8_1 = FloatVector.fromArray(sp, acc, accStart + 8 * rowStride + l);
    FloatVector c9_0 = FloatVector.fromArray(sp, acc, accStart + 9 * rowStride);
    FloatVector c9_1 = FloatVector.fromArray(sp, acc, accStart + 9 * rowStride + l);
    FloatVector c10_0 = FloatVector.fromArray(sp, acc, accStart + 10 * rowStride);
    FloatVector c10_1 = FloatVector.fromArray(sp, acc, accStart + 10 * rowStride + l);
    FloatVector c11_0 = FloatVector.fromArray(sp, acc, accStart + 11 * rowStride);
    FloatVector c11_1 = FloatVector.fromArray(sp, acc, accStart + 11 * rowStride + l);
    for (int t = 0; t < depth; t++) {
      int bi = bStart + t * bStride;
      int ai = aStart + t * aStride;
      FloatVector b0 = FloatVector.fromArray(sp, b, bi);
      FloatVector b1 = FloatVector.fromArray(sp, b, bi + l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c0_0 = av.fma(b0, c0_0);
      c0_1 = av.fma(b1, c0_1);
      av = FloatVector.broadcast(sp, a[ai + 1]);
      c1_0 = av.fma(b0, c1_0);
      c1_1 = av.fma(b1, c1_1);
      av = FloatVector.broadcast(sp, a[ai + 2]);
      c2_0 = av.fma(b0, c2_0);
      c2_1 = av.fma(b1, c2_1);
      av = FloatVector.broadcast(sp, a[ai + 3]);
      c3_0 = av.fma(b0, c3_0);
      c3_1 = av.fma(b1, c3_1);
      av = FloatVector.broadcast(sp, a[ai + 4]);
      c4_0 = av.fma(b0, c4_0);
      c4_1 = av.fma(b1, c4_1);
      av = FloatVector.broadcast(sp, a[ai + 5]);
      c5_0 = av.fma(b0, c5_0);
      c5_1 = av.fma(b1, c5_1);
      av = FloatVector.broadcast(sp, a[ai + 6]);
      c6_0 = av.fma(b0, c6_0);
      c6_1 = av.fma(b1, c6_1);
      av = FloatVector.broadcast(sp, a[ai + 7]);
      c7_0 = av.fma(b0, c7_0);
      c7_1 = av.fma(b1, c7_1);
      av = FloatVector.broadcast(sp, a[ai + 8]);
      c8_0 = av.fma(b0, c8_0);
      c8_1 = av.fma(b1, c8_1);
      av = FloatVector.broadcast(sp, a[ai + 9]);
      c9_0 = av.fma(b0, c9_0);
      c9_1 = av.fma(b1, c9_1);
      av = FloatVector.broadcast(sp, a[ai + 10]);
      c10_0 = av.fma(b0, c10_0);
      c10_1 = av.fma(b1, c10_1);
      av = FloatVector.broadcast(sp, a[ai + 11]);
      c11_0 = av.fma(b0, c11_0);
      c11_1 = av.fma(b1, c11_1);
    }
    c0_0.intoArray(acc, accStart);
    c0_1.intoArray(acc, accStart + l);
    c1_0.intoArray(acc, accStart + rowStride);
    c1_1.intoArray(acc, accStart + rowStride + l);
    c2_0.intoArray(acc, accStart + 2 * rowStride);
    c2_1.intoArray(acc, accStart + 2 * rowStride + l);
    c3_0.intoArray(acc, accStart + 3 * rowStride);
    c3_1.intoArray(acc, accStart + 3 * rowStride + l);
    c4_0.intoArray(acc, accStart + 4 * rowStride);
    c4_1.intoArray(acc, accStart + 4 * rowStride + l);
    c5_0.intoArray(acc, accStart + 5 * rowStride);
    c5_1.intoArray(acc, accStart + 5 * rowStride + l);
    c6_0.intoArray(acc, accStart + 6 * rowStride);
    c6_1.intoArray(acc, accStart + 6 * rowStride + l);
    c7_0.intoArray(acc, accStart + 7 * rowStride);
    c7_1.intoArray(acc, accStart + 7 * rowStride + l);
    c8_0.intoArray(acc, accStart + 8 * rowStride);
    c8_1.intoArray(acc, accStart + 8 * rowStride + l);
    c9_0.intoArray(acc, accStart + 9 * rowStride);
    c9_1.intoArray(acc, accStart + 9 * rowStride + l);
    c10_0.intoArray(acc, accStart + 10 * rowStride);
    c10_1.intoArray(acc, accStart + 10 * rowStride + l);
    c11_0.intoArray(acc, accStart + 11 * rowStride);
    c11_1.intoArray(acc, accStart + 11 * rowStride + l);
  }

  /**
   * Filters of output-channel groups [from, to), each one vector of channels: the workers' sums
   * added in worker order, then G^T sum G, on vectors across the group's channels.
   */
  private final class FilterGradientJob implements Parallel.RangeTask {
    private Plan p;
    private int workers;
    private float[] gradWeights;
    private final float[][] partials = new float[scratch.length][];

    void set(Plan p, int workers, float[] gradWeights) {
      this.p = p;
      this.workers = workers;
      this.gradWeights = gradWeights;
      for (int w = 0; w < partials.length; w++) {
        partials[w] = p != null && w < workers ? scratch[w].get(POINT_GRADIENTS, 0) : null;
      }
    }

    @Override
    public void run(int worker, int from, int to) {
      VectorSpecies<Float> sp = lanes.species();
      int l = sp.length();
      int r = p.r;
      float[][] gMatrix = r == 3 ? G3 : G5;
      // u (alpha^2 vectors), then G^T u (r x alpha vectors), then the filter taps (r x r vectors)
      int half = p.points * l;
      int taps = half + r * p.alpha * l;
      float[] u = scratch[worker].get(FILTER, taps + r * r * l);
      int ld = p.paddedOut;
      for (int group = from; group < to; group++) {
        int o0 = group * l;
        int lanesUsed = Math.min(l, p.outChannels - o0);
        for (int c = 0; c < p.inChannels; c++) {
          for (int x = 0; x < p.points; x++) {
            int at = (x * p.gradientRows + c) * ld + o0;
            FloatVector sum = FloatVector.fromArray(sp, partials[0], at);
            for (int w = 1; w < workers; w++) {
              sum = sum.add(FloatVector.fromArray(sp, partials[w], at));
            }
            sum.intoArray(u, x * l);
          }
          for (int i = 0; i < r; i++) {
            for (int b = 0; b < p.alpha; b++) {
              FloatVector sum = FloatVector.zero(sp);
              for (int a = 0; a < p.alpha; a++) {
                sum =
                    sum.add(FloatVector.fromArray(sp, u, (a * p.alpha + b) * l).mul(gMatrix[a][i]));
              }
              sum.intoArray(u, half + (i * p.alpha + b) * l);
            }
          }
          for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
              FloatVector sum = FloatVector.zero(sp);
              for (int b = 0; b < p.alpha; b++) {
                sum =
                    sum.add(
                        FloatVector.fromArray(sp, u, half + (i * p.alpha + b) * l)
                            .mul(gMatrix[b][j]));
              }
              sum.intoArray(u, taps + (i * r + j) * l);
            }
          }
          for (int k = 0; k < lanesUsed; k++) {
            for (int i = 0; i < r; i++) {
              for (int j = 0; j < r; j++) {
                gradWeights[p.weightIndex(o0 + k, c, i, j)] = u[taps + (i * r + j) * l + k];
              }
            }
          }
        }
      }
    }
  }

  /**
   * Image at in[offset ..] (NCHW) into the zero-bordered channels-last buffer at image[base ..].
   */
  private void channelsLast(Plan p, float[] in, int offset, float[] image, int base) {
    toChannelsLast(
        in,
        offset,
        p.inChannels,
        p.inHeight,
        p.inWidth,
        p.inputChannelOffsets,
        null,
        image,
        base,
        p.paddedHeight,
        p.paddedWidth,
        p.paddedIn,
        p.padTop,
        p.padLeft);
  }

  /**
   * An NCHW image at src[offset ..] into dst[base ..] (height x width x ld, zero elsewhere), its
   * pixel (y, x) at (y + top, x + left). Whole vectors of channels are gathered at once ({@code
   * channelOffsets}: where channel i of a pixel lies relative to channel 0), the rest one by one.
   * With {@code channelSums}, each channel's values are also added to its sum there.
   */
  private void toChannelsLast(
      float[] src,
      int offset,
      int channels,
      int srcHeight,
      int srcWidth,
      int[] channelOffsets,
      float[] channelSums,
      float[] dst,
      int base,
      int height,
      int width,
      int ld,
      int top,
      int left) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    Arrays.fill(dst, base, base + height * width * ld, 0f);
    int rows = Math.min(srcHeight, height - top);
    int cols = Math.min(srcWidth, width - left);
    int plane = srcHeight * srcWidth;
    int gathered = channels / l * l;
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        int from = offset + y * srcWidth + x;
        int to = base + ((y + top) * width + left + x) * ld;
        for (int c = 0; c < gathered; c += l) {
          FloatVector v = FloatVector.fromArray(sp, src, from + c * plane, channelOffsets, 0);
          v.intoArray(dst, to + c);
          if (channelSums != null) {
            v.add(FloatVector.fromArray(sp, channelSums, c)).intoArray(channelSums, c);
          }
        }
      }
    }
    if (gathered < channels) {
      // Row by row, so that the destination row being filled stays in L1 across the channels.
      for (int y = 0; y < rows; y++) {
        for (int c = gathered; c < channels; c++) {
          int from = offset + (c * srcHeight + y) * srcWidth;
          int to = base + ((y + top) * width + left) * ld + c;
          float sum = 0f;
          for (int x = 0; x < cols; x++) {
            float v = src[from + x];
            dst[to + x * ld] = v;
            sum += v;
          }
          if (channelSums != null) {
            channelSums[c] += sum;
          }
        }
      }
    }
  }

  /**
   * Input tile {@code tile} of the image at image[base ..] as alpha^2 points of block row {@code
   * row}: V = B^T d B, one vector of channels at a time, rows first into temp, then columns into
   * pointIn[point][row][channel].
   */
  private void transformInput(
      Plan p, float[] image, int base, int tile, int row, float[] temp, float[] pointIn) {
    int l = lanes.species().length();
    int ld = p.paddedIn;
    int ty = tile / p.tilesWide;
    int tx = tile % p.tilesWide;
    int origin = base + (ty * p.m * p.paddedWidth + tx * p.m) * ld;
    int pointStride = p.blockTiles * ld;
    for (int cv = 0; cv < ld; cv += l) {
      for (int i = 0; i < p.alpha; i++) {
        inputTransform(
            p.alpha, image, origin + i * p.paddedWidth * ld + cv, ld, temp, i * p.alpha * l, l);
      }
      for (int x = 0; x < p.alpha; x++) {
        inputTransform(
            p.alpha,
            temp,
            x * l,
            p.alpha * l,
            pointIn,
            (x * p.blockTiles + row) * ld + cv,
            p.alpha * pointStride);
      }
    }
  }

  /** Alpha vectors from src (stride apart) times B^T, to dst (stride apart). */
  private void inputTransform(
      int alpha, float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    if (alpha == 6) {
      inputTransform6(src, s, sStride, dst, d, dStride);
    } else {
      inputTransform8(src, s, sStride, dst, d, dStride);
    }
  }

  private void inputTransform6(float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    VectorSpecies<Float> sp = lanes.species();
    FloatVector d0 = FloatVector.fromArray(sp, src, s);
    FloatVector d1 = FloatVector.fromArray(sp, src, s + sStride);
    FloatVector d2 = FloatVector.fromArray(sp, src, s + 2 * sStride);
    FloatVector d3 = FloatVector.fromArray(sp, src, s + 3 * sStride);
    FloatVector d4 = FloatVector.fromArray(sp, src, s + 4 * sStride);
    FloatVector d5 = FloatVector.fromArray(sp, src, s + 5 * sStride);
    FloatVector four = FloatVector.broadcast(sp, 4f);
    FloatVector minusFour = FloatVector.broadcast(sp, -4f);
    FloatVector minusFive = FloatVector.broadcast(sp, -5f);
    d0.fma(four, d2.fma(minusFive, d4)).intoArray(dst, d);
    FloatVector a = d2.fma(minusFour, d4);
    FloatVector b = d1.fma(minusFour, d3);
    a.add(b).intoArray(dst, d + dStride);
    a.sub(b).intoArray(dst, d + 2 * dStride);
    FloatVector c = d4.sub(d2);
    FloatVector e = d3.sub(d1).mul(2f);
    c.add(e).intoArray(dst, d + 3 * dStride);
    c.sub(e).intoArray(dst, d + 4 * dStride);
    d1.fma(four, d3.fma(minusFive, d5)).intoArray(dst, d + 5 * dStride);
  }

  private void inputTransform8(float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    VectorSpecies<Float> sp = lanes.species();
    FloatVector d0 = FloatVector.fromArray(sp, src, s);
    FloatVector d1 = FloatVector.fromArray(sp, src, s + sStride);
    FloatVector d2 = FloatVector.fromArray(sp, src, s + 2 * sStride);
    FloatVector d3 = FloatVector.fromArray(sp, src, s + 3 * sStride);
    FloatVector d4 = FloatVector.fromArray(sp, src, s + 4 * sStride);
    FloatVector d5 = FloatVector.fromArray(sp, src, s + 5 * sStride);
    FloatVector d6 = FloatVector.fromArray(sp, src, s + 6 * sStride);
    FloatVector d7 = FloatVector.fromArray(sp, src, s + 7 * sStride);
    FloatVector c21 = FloatVector.broadcast(sp, 21f / 4);
    FloatVector minus17 = FloatVector.broadcast(sp, -17f / 4);
    d4.sub(d2).fma(c21, d0.sub(d6)).intoArray(dst, d);
    FloatVector a = d4.fma(minus17, d2.add(d6));
    FloatVector b = d3.fma(minus17, d1.add(d5));
    a.add(b).intoArray(dst, d + dStride);
    a.sub(b).intoArray(dst, d + 2 * dStride);
    a = d4.fma(FloatVector.broadcast(sp, -5f / 4), d2.fma(FloatVector.broadcast(sp, 1f / 4), d6));
    b = d3.fma(FloatVector.broadcast(sp, -5f / 2), d1.mul(1f / 2).add(d5.mul(2f)));
    a.add(b).intoArray(dst, d + 3 * dStride);
    a.sub(b).intoArray(dst, d + 4 * dStride);
    a = d4.fma(FloatVector.broadcast(sp, -5f), d2.fma(FloatVector.broadcast(sp, 4f), d6));
    b = d3.fma(FloatVector.broadcast(sp, -5f / 2), d1.mul(2f).add(d5.mul(1f / 2)));
    a.add(b).intoArray(dst, d + 5 * dStride);
    a.sub(b).intoArray(dst, d + 6 * dStride);
    d3.sub(d5).fma(c21, d7.sub(d1)).intoArray(dst, d + 7 * dStride);
  }

  /**
   * pointOut[row][point][o] = sum over c of pointIn[point][row][c] * transformed[point][o][c], for
   * {@code strips} strips of MR block rows.
   */
  private void multiplyPoints(Plan p, int strips, float[] pointIn, float[] pointOut) {
    int ld = p.paddedIn;
    int width = p.stripWidth;
    int pointStride = p.paddedOut * ld;
    for (int x = 0; x < p.points; x++) {
      for (int os = 0; os < p.outStrips; os++) {
        int u = x * pointStride + os * ld * width;
        for (int strip = 0; strip < strips; ) {
          int row = strip * MR;
          int a = (x * p.blockTiles + row) * ld;
          int out = (row * p.points + x) * p.paddedOut + os * width;
          if (width != nr) {
            wideMicroKernel(ld, pointIn, a, u, pointOut, out, p.points * p.paddedOut);
            strip++;
          } else if (strip + 1 < strips) {
            tallMicroKernel(ld, pointIn, a, u, pointOut, out, p.points * p.paddedOut);
            strip += 2;
          } else {
            microKernel(ld, pointIn, a, u, pointOut, out, p.points * p.paddedOut);
            strip++;
          }
        }
      }
    }
  }

  /**
   * MR rows of out (rowStride apart, NR wide) = MR rows of a (depth long, depth apart) times the
   * depth x NR strip of {@link #transformed} at uStart.
   */
  private void microKernel(
      int depth, float[] a, int aStart, int uStart, float[] out, int outStart, int rowStride) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    float[] u = transformed;
    FloatVector c00 = FloatVector.zero(sp);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    for (int k = 0; k < depth; k++) {
      int ui = uStart + k * 2 * l;
      int ai = aStart + k;
      FloatVector b0 = FloatVector.fromArray(sp, u, ui);
      FloatVector b1 = FloatVector.fromArray(sp, u, ui + l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(sp, a[ai + depth]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(sp, a[ai + 2 * depth]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(sp, a[ai + 3 * depth]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(sp, a[ai + 4 * depth]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(sp, a[ai + 5 * depth]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    c00.intoArray(out, outStart);
    c01.intoArray(out, outStart + l);
    c10.intoArray(out, outStart + rowStride);
    c11.intoArray(out, outStart + rowStride + l);
    c20.intoArray(out, outStart + 2 * rowStride);
    c21.intoArray(out, outStart + 2 * rowStride + l);
    c30.intoArray(out, outStart + 3 * rowStride);
    c31.intoArray(out, outStart + 3 * rowStride + l);
    c40.intoArray(out, outStart + 4 * rowStride);
    c41.intoArray(out, outStart + 4 * rowStride + l);
    c50.intoArray(out, outStart + 5 * rowStride);
    c51.intoArray(out, outStart + 5 * rowStride + l);
  }

  /** {@link #microKernel} on 2 MR rows at once: fewer loads of the filters per multiply-add. */
  private void tallMicroKernel(
      int depth, float[] a, int aStart, int uStart, float[] out, int outStart, int rowStride) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    float[] u = transformed;
    FloatVector c0_0 = FloatVector.zero(sp);
    FloatVector c0_1 = c0_0;
    FloatVector c1_0 = c0_0;
    FloatVector c1_1 = c0_0;
    FloatVector c2_0 = c0_0;
    FloatVector c2_1 = c0_0;
    FloatVector c3_0 = c0_0;
    FloatVector c3_1 = c0_0;
    FloatVector c4_0 = c0_0;
    FloatVector c4_1 = c0_0;
    FloatVector c5_0 = c0_0;
    FloatVector c5_1 = c0_0;
    FloatVector c6_0 = c0_0;
    FloatVector c6_1 = c0_0;
    FloatVector c7_0 = c0_0;
    FloatVector c7_1 = c0_0;
    FloatVector c8_0 = c0_0;
    FloatVector c8_1 = c0_0;
    FloatVector c9_0 = c0_0;
    FloatVector c9_1 = c0_0;
    FloatVector c10_0 = c0_0;
    FloatVector c10_1 = c0_0;
    FloatVector c11_0 = c0_0;
    FloatVector c11_1 = c0_0;
    for (int k = 0; k < depth; k++) {
      int ui = uStart + k * 2 * l;
      int ai = aStart + k;
      FloatVector b0 = FloatVector.fromArray(sp, u, ui);
      FloatVector b1 = FloatVector.fromArray(sp, u, ui + l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c0_0 = av.fma(b0, c0_0);
      c0_1 = av.fma(b1, c0_1);
      av = FloatVector.broadcast(sp, a[ai + depth]);
      c1_0 = av.fma(b0, c1_0);
      c1_1 = av.fma(b1, c1_1);
      av = FloatVector.broadcast(sp, a[ai + 2 * depth]);
      c2_0 = av.fma(b0, c2_0);
      c2_1 = av.fma(b1, c2_1);
      av = FloatVector.broadcast(sp, a[ai + 3 * depth]);
      c3_0 = av.fma(b0, c3_0);
      c3_1 = av.fma(b1, c3_1);
      av = FloatVector.broadcast(sp, a[ai + 4 * depth]);
      c4_0 = av.fma(b0, c4_0);
      c4_1 = av.fma(b1, c4_1);
      av = FloatVector.broadcast(sp, a[ai + 5 * depth]);
      c5_0 = av.fma(b0, c5_0);
      c5_1 = av.fma(b1, c5_1);
      av = FloatVector.broadcast(sp, a[ai + 6 * depth]);
      c6_0 = av.fma(b0, c6_0);
      c6_1 = av.fma(b1, c6_1);
      av = FloatVector.broadcast(sp, a[ai + 7 * depth]);
      c7_0 = av.fma(b0, c7_0);
      c7_1 = av.fma(b1, c7_1);
      av = FloatVector.broadcast(sp, a[ai + 8 * depth]);
      c8_0 = av.fma(b0, c8_0);
      c8_1 = av.fma(b1, c8_1);
      av = FloatVector.broadcast(sp, a[ai + 9 * depth]);
      c9_0 = av.fma(b0, c9_0);
      c9_1 = av.fma(b1, c9_1);
      av = FloatVector.broadcast(sp, a[ai + 10 * depth]);
      c10_0 = av.fma(b0, c10_0);
      c10_1 = av.fma(b1, c10_1);
      av = FloatVector.broadcast(sp, a[ai + 11 * depth]);
      c11_0 = av.fma(b0, c11_0);
      c11_1 = av.fma(b1, c11_1);
    }
    int o = outStart;
    c0_0.intoArray(out, o);
    c0_1.intoArray(out, o + l);
    o += rowStride;
    c1_0.intoArray(out, o);
    c1_1.intoArray(out, o + l);
    o += rowStride;
    c2_0.intoArray(out, o);
    c2_1.intoArray(out, o + l);
    o += rowStride;
    c3_0.intoArray(out, o);
    c3_1.intoArray(out, o + l);
    o += rowStride;
    c4_0.intoArray(out, o);
    c4_1.intoArray(out, o + l);
    o += rowStride;
    c5_0.intoArray(out, o);
    c5_1.intoArray(out, o + l);
    o += rowStride;
    c6_0.intoArray(out, o);
    c6_1.intoArray(out, o + l);
    o += rowStride;
    c7_0.intoArray(out, o);
    c7_1.intoArray(out, o + l);
    o += rowStride;
    c8_0.intoArray(out, o);
    c8_1.intoArray(out, o + l);
    o += rowStride;
    c9_0.intoArray(out, o);
    c9_1.intoArray(out, o + l);
    o += rowStride;
    c10_0.intoArray(out, o);
    c10_1.intoArray(out, o + l);
    o += rowStride;
    c11_0.intoArray(out, o);
    c11_1.intoArray(out, o + l);
  }

  /** {@link #microKernel} on strips of 4 vectors: fewer broadcasts per multiply-add. */
  private void wideMicroKernel(
      int depth, float[] a, int aStart, int uStart, float[] out, int outStart, int rowStride) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    float[] u = transformed;
    FloatVector c00 = FloatVector.zero(sp);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c42 = c00;
    FloatVector c43 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c52 = c00;
    FloatVector c53 = c00;
    for (int k = 0; k < depth; k++) {
      int ui = uStart + k * 4 * l;
      int ai = aStart + k;
      FloatVector b0 = FloatVector.fromArray(sp, u, ui);
      FloatVector b1 = FloatVector.fromArray(sp, u, ui + l);
      FloatVector b2 = FloatVector.fromArray(sp, u, ui + 2 * l);
      FloatVector b3 = FloatVector.fromArray(sp, u, ui + 3 * l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      c02 = av.fma(b2, c02);
      c03 = av.fma(b3, c03);
      av = FloatVector.broadcast(sp, a[ai + depth]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      c12 = av.fma(b2, c12);
      c13 = av.fma(b3, c13);
      av = FloatVector.broadcast(sp, a[ai + 2 * depth]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      c22 = av.fma(b2, c22);
      c23 = av.fma(b3, c23);
      av = FloatVector.broadcast(sp, a[ai + 3 * depth]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      c32 = av.fma(b2, c32);
      c33 = av.fma(b3, c33);
      av = FloatVector.broadcast(sp, a[ai + 4 * depth]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      c42 = av.fma(b2, c42);
      c43 = av.fma(b3, c43);
      av = FloatVector.broadcast(sp, a[ai + 5 * depth]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      c52 = av.fma(b2, c52);
      c53 = av.fma(b3, c53);
    }
    int o = outStart;
    c00.intoArray(out, o);
    c01.intoArray(out, o + l);
    c02.intoArray(out, o + 2 * l);
    c03.intoArray(out, o + 3 * l);
    o += rowStride;
    c10.intoArray(out, o);
    c11.intoArray(out, o + l);
    c12.intoArray(out, o + 2 * l);
    c13.intoArray(out, o + 3 * l);
    o += rowStride;
    c20.intoArray(out, o);
    c21.intoArray(out, o + l);
    c22.intoArray(out, o + 2 * l);
    c23.intoArray(out, o + 3 * l);
    o += rowStride;
    c30.intoArray(out, o);
    c31.intoArray(out, o + l);
    c32.intoArray(out, o + 2 * l);
    c33.intoArray(out, o + 3 * l);
    o += rowStride;
    c40.intoArray(out, o);
    c41.intoArray(out, o + l);
    c42.intoArray(out, o + 2 * l);
    c43.intoArray(out, o + 3 * l);
    o += rowStride;
    c50.intoArray(out, o);
    c51.intoArray(out, o + l);
    c52.intoArray(out, o + 2 * l);
    c53.intoArray(out, o + 3 * l);
  }

  /**
   * Block row {@code row} of pointOut back to the m x m outputs of tile {@code tile} of the image
   * at output[base ..]: Y = A^T M A, one vector of output channels at a time, into the
   * channels-last output buffer.
   */
  private void transformOutput(
      Plan p,
      float[] pointOut,
      int row,
      int tile,
      Activation activation,
      float[] temp,
      float[] output,
      int base) {
    int l = lanes.species().length();
    int ld = p.paddedOut;
    int stride = p.outputStride;
    int m = p.m;
    int width = p.coveredWidth;
    int ty = tile / p.tilesWide;
    int tx = tile % p.tilesWide;
    int origin = base + (ty * m * width + tx * m) * stride;
    for (int ov = 0; ov < p.outChannels; ov += l) {
      for (int x = 0; x < p.alpha; x++) {
        outputTransform(
            p.alpha,
            pointOut,
            (row * p.points + x) * ld + ov,
            p.alpha * ld,
            temp,
            x * l,
            p.alpha * l);
      }
      for (int y = 0; y < m; y++) {
        outputTransform(
            p.alpha, temp, y * p.alpha * l, l, output, origin + y * width * stride + ov, stride);
      }
      finish(output, origin + ov, ov, m, width * stride, stride, activation);
    }
  }

  /**
   * Adds the bias of channels [ov, ov + lanes) to an m x m tile of output vectors and applies a
   * piecewise-linear activation.
   */
  private void finish(
      float[] output, int at, int ov, int m, int rowStride, int stride, Activation activation) {
    VectorSpecies<Float> sp = lanes.species();
    Activation.Kind kind = activation.kind();
    boolean relu = kind == Activation.Kind.RELU;
    boolean leaky = kind == Activation.Kind.LEAKY_RELU;
    for (int y = 0; y < m; y++) {
      for (int x = 0; x < m; x++) {
        int i = at + y * rowStride + x * stride;
        FloatVector v =
            FloatVector.fromArray(sp, output, i).add(FloatVector.fromArray(sp, paddedBias, ov));
        if (relu) {
          v = v.blend(0f, v.compare(VectorOperators.GT, 0f).not());
        } else if (leaky) {
          v = v.blend(v.mul(activation.alpha()), v.compare(VectorOperators.GT, 0f).not());
        }
        v.intoArray(output, i);
      }
    }
  }

  /** Alpha vectors from src (stride apart) times A^T, to four vectors of dst (stride apart). */
  private void outputTransform(
      int alpha, float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    if (alpha == 6) {
      outputTransform6(src, s, sStride, dst, d, dStride);
    } else {
      outputTransform8(src, s, sStride, dst, d, dStride);
    }
  }

  private void outputTransform6(float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    VectorSpecies<Float> sp = lanes.species();
    FloatVector s0 = FloatVector.fromArray(sp, src, s);
    FloatVector s1 = FloatVector.fromArray(sp, src, s + sStride);
    FloatVector s2 = FloatVector.fromArray(sp, src, s + 2 * sStride);
    FloatVector s3 = FloatVector.fromArray(sp, src, s + 3 * sStride);
    FloatVector s4 = FloatVector.fromArray(sp, src, s + 4 * sStride);
    FloatVector s5 = FloatVector.fromArray(sp, src, s + 5 * sStride);
    FloatVector plus12 = s1.add(s2);
    FloatVector minus12 = s1.sub(s2);
    FloatVector plus34 = s3.add(s4);
    FloatVector minus34 = s3.sub(s4);
    s0.add(plus12).add(plus34).intoArray(dst, d);
    minus34.fma(FloatVector.broadcast(sp, 2f), minus12).intoArray(dst, d + dStride);
    plus34.fma(FloatVector.broadcast(sp, 4f), plus12).intoArray(dst, d + 2 * dStride);
    minus34.fma(FloatVector.broadcast(sp, 8f), minus12).add(s5).intoArray(dst, d + 3 * dStride);
  }

  private void outputTransform8(float[] src, int s, int sStride, float[] dst, int d, int dStride) {
    VectorSpecies<Float> sp = lanes.species();
    FloatVector s0 = FloatVector.fromArray(sp, src, s);
    FloatVector s1 = FloatVector.fromArray(sp, src, s + sStride);
    FloatVector s2 = FloatVector.fromArray(sp, src, s + 2 * sStride);
    FloatVector s3 = FloatVector.fromArray(sp, src, s + 3 * sStride);
    FloatVector s4 = FloatVector.fromArray(sp, src, s + 4 * sStride);
    FloatVector s5 = FloatVector.fromArray(sp, src, s + 5 * sStride);
    FloatVector s6 = FloatVector.fromArray(sp, src, s + 6 * sStride);
    FloatVector s7 = FloatVector.fromArray(sp, src, s + 7 * sStride);
    FloatVector plus12 = s1.add(s2);
    FloatVector minus12 = s1.sub(s2);
    FloatVector plus34 = s3.add(s4);
    FloatVector minus34 = s3.sub(s4);
    FloatVector plus56 = s5.add(s6);
    FloatVector minus56 = s5.sub(s6);
    s0.add(plus12).add(plus34).add(plus56).intoArray(dst, d);
    minus34
        .fma(FloatVector.broadcast(sp, 2f), minus56.fma(FloatVector.broadcast(sp, 1f / 2), minus12))
        .intoArray(dst, d + dStride);
    plus34
        .fma(FloatVector.broadcast(sp, 4f), plus56.fma(FloatVector.broadcast(sp, 1f / 4), plus12))
        .intoArray(dst, d + 2 * dStride);
    minus34
        .fma(FloatVector.broadcast(sp, 8f), minus56.fma(FloatVector.broadcast(sp, 1f / 8), minus12))
        .add(s7)
        .intoArray(dst, d + 3 * dStride);
  }

  /**
   * The channels-last output buffer at output[base ..] to out[offset ..] (NCHW), applying an
   * activation that is not piecewise linear (the others were applied with the bias). Whole vectors
   * of channels are scattered to their planes; with an activation still to apply, one channel at a
   * time.
   */
  private void channelsFirst(
      Plan p, float[] output, int base, Activation activation, float[] out, int offset) {
    int ld = p.outputStride;
    int width = p.coveredWidth;
    int pixels = p.outHeight * p.outWidth;
    boolean applied = VectorActivation.isPiecewiseLinear(activation);
    // Row by row, so that the row's pixels stay in L1 while every channel is read from them.
    for (int y = 0; y < p.outHeight; y++) {
      int src = base + y * width * ld;
      int dst = offset + y * p.outWidth;
      for (int o = 0; o < p.outChannels; o++) {
        int from = src + o;
        int to = dst + o * pixels;
        if (applied) {
          for (int x = 0; x < p.outWidth; x++) {
            out[to + x] = output[from + x * ld];
          }
        } else {
          for (int x = 0; x < p.outWidth; x++) {
            out[to + x] = activation.apply(output[from + x * ld]);
          }
        }
      }
    }
  }

  /** G for F(4x4, 3x3): the filter at the points 0, 1, -1, 2, -2 and infinity, scaled. */
  private static final float[][] G3 = {
    {1f / 4, 0f, 0f},
    {-1f / 6, -1f / 6, -1f / 6},
    {-1f / 6, 1f / 6, -1f / 6},
    {1f / 24, 1f / 12, 1f / 6},
    {1f / 24, -1f / 12, 1f / 6},
    {0f, 0f, 1f},
  };

  /** G for F(4x4, 5x5), as {@link #filterTransform5} applies it. */
  private static final float[][] G5 = {
    {1f, 0f, 0f, 0f, 0f},
    {-2f / 9, -2f / 9, -2f / 9, -2f / 9, -2f / 9},
    {-2f / 9, 2f / 9, -2f / 9, 2f / 9, -2f / 9},
    {1f / 90, 1f / 45, 2f / 45, 4f / 45, 8f / 45},
    {1f / 90, -1f / 45, 2f / 45, -4f / 45, 8f / 45},
    {32f / 45, 16f / 45, 8f / 45, 4f / 45, 2f / 45},
    {32f / 45, -16f / 45, 8f / 45, -4f / 45, 2f / 45},
    {0f, 0f, 0f, 0f, 1f},
  };
}
