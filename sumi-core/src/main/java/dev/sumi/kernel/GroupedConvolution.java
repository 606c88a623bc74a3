package dev.sumi.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution of a group of images as one {@link Gemm} product, for layers whose images give the
 * product too few columns on their own (small outputs) or whose taps do not lie on contiguous rows
 * (strides). The column matrix of the group is never built: the product packs it straight from the
 * (zero-padded) images through two index maps, row (c, ky, kx) at {@code rowOffsets} and output
 * pixel (image, oy, ox) at {@code columnOffsets}, so a column costs one gathered float per tap and
 * no column is wasted. The input gradient goes back through the same maps; within one tap the
 * output pixels read distinct input pixels, so each row scatters without conflicts.
 *
 * <p>The batch is split statically into groups over the team. Each worker sums its weight gradient
 * over its groups in order and the workers' sums are added in worker order, so results are
 * deterministic per thread count.
 */
final class GroupedConvolution {
  /** Columns a group aims for: four micro-kernel strips of 16 lanes. */
  private static final int GROUP_COLUMNS = 256;

  /** Below this many output pixels an image alone makes too narrow a product. */
  private static final int SMALL_OUTPUT = 128;

  private static final int PADDED = 0;
  private static final int OUT = 1;
  private static final int GRAD_OUT = 2;
  private static final int GRAD_COLS = 3;
  private static final int GRAD_PADDED = 4;
  private static final int GRAD_WEIGHTS = 5;

  private final Lanes lanes;
  private final Gemm gemm;
  private final Parallel team;
  private final VectorElementwise elementwise;
  private final Scratch[] scratch;
  private final GemmOperand[] columns;
  private final GemmOperand[] gradients;
  private final GemmOperand weights = new GemmOperand();
  private final Epilogue epilogue = new Epilogue();
  private final ForwardJob forwardJob = new ForwardJob();
  private final BackwardJob backwardJob = new BackwardJob();
  private final GeometryCache<Layout> layouts = new GeometryCache<>(64, Layout::new);

  GroupedConvolution(Lanes lanes, Gemm gemm, Parallel team, VectorElementwise elementwise) {
    this.lanes = lanes;
    this.gemm = gemm;
    this.team = team;
    this.elementwise = elementwise;
    this.scratch = new Scratch[team.threads()];
    this.columns = new GemmOperand[team.threads()];
    this.gradients = new GemmOperand[team.threads()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new Scratch(6);
      columns[i] = new GemmOperand();
      gradients[i] = new GemmOperand();
    }
  }

  /**
   * True for the convolutions this class serves better than a product per image: strided ones
   * (their taps are not contiguous rows of the image) and those with small outputs.
   */
  static boolean serves(ConvGeometry g) {
    boolean strided = g.strideHeight() != 1 || g.strideWidth() != 1;
    return strided || g.outPixels() < SMALL_OUTPUT;
  }

  void forward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weightData,
      float[] bias,
      Activation activation,
      float[] out) {
    Layout layout = layouts.get(g);
    int group = groupSize(layout, batch);
    forwardJob.set(
        g,
        layout,
        group,
        batch,
        in,
        weights.set(weightData, 0, g.patchSize(), false),
        epilogue.rowBias(bias, activation),
        out);
    try {
      team.forRange(Math.ceilDiv(batch, group), forwardJob);
    } finally {
      forwardJob.set(null, null, 0, 0, null, null, null, null);
    }
  }

  /**
   * Weight gradient (overwritten) and, when gradIn is not null, input gradient of a batch; the bias
   * gradient is left to the caller.
   */
  void backward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weightData,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights) {
    Layout layout = layouts.get(g);
    int group = groupSize(layout, batch);
    int groups = Math.ceilDiv(batch, group);
    backwardJob.set(
        g,
        layout,
        group,
        batch,
        in,
        weights.set(weightData, 0, g.patchSize(), true),
        gradOut,
        gradIn,
        gradWeights);
    try {
      team.forRange(groups, backwardJob);
    } finally {
      backwardJob.set(null, null, 0, 0, null, null, null, null, null);
    }
    if (groups == 0) {
      Arrays.fill(gradWeights, 0, g.weightCount(), 0f);
    }
    for (int w = 1; w < team.activeWorkers(groups); w++) {
      elementwise.addTo(gradWeights, scratch[w].get(GRAD_WEIGHTS, 0), 0, g.weightCount());
    }
  }

  /** Images per group: enough for a wide product, few enough that every worker gets a group. */
  private int groupSize(Layout layout, int batch) {
    int threads = team.threads();
    int perWorker = Math.max(1, Math.ceilDiv(batch, threads));
    int size = Math.min(layout.images, perWorker);
    // One image more per group when that shares the groups out evenly and this does not.
    if (size < perWorker
        && Math.ceilDiv(batch, size) % threads != 0
        && Math.ceilDiv(batch, size + 1) % threads == 0) {
      return size + 1;
    }
    return size;
  }

  /**
   * The index maps of one geometry. Images are read in place when they need no padding, else from
   * {@link PaddedImage} copies; either way one image every {@code imageFloats}.
   */
  private static final class Layout {
    final int images;
    final boolean padded;
    final int imageFloats;
    final int[] rowOffsets;
    final int[] columnOffsets;

    Layout(ConvGeometry g) {
      int pixels = g.outPixels();
      int width = PaddedImage.width(g);
      this.images = Math.max(1, Math.ceilDiv(GROUP_COLUMNS, pixels));
      this.padded = PaddedImage.needed(g);
      this.imageFloats = PaddedImage.size(g);
      this.rowOffsets = PaddedImage.rowOffsets(g);
      // Maps for one image more than a group aims for: see groupSize.
      this.columnOffsets = new int[(images + 1) * pixels];
      for (int i = 0; i <= images; i++) {
        for (int y = 0; y < g.outHeight(); y++) {
          for (int x = 0; x < g.outWidth(); x++) {
            columnOffsets[(i * g.outHeight() + y) * g.outWidth() + x] =
                i * imageFloats + y * g.strideHeight() * width + x * g.strideWidth();
          }
        }
      }
    }

    /** Points {@code into} at the column matrix of images [first, first + count). */
    GemmOperand columns(
        ConvGeometry g,
        float[] in,
        int first,
        int count,
        boolean transposed,
        Scratch s,
        GemmOperand into) {
      if (!padded) {
        return into.setIndexed(in, first * g.inSize(), rowOffsets, columnOffsets, transposed);
      }
      float[] copy = s.get(PADDED, count * imageFloats);
      for (int i = 0; i < count; i++) {
        PaddedImage.copy(g, in, (first + i) * g.inSize(), copy, i * imageFloats);
      }
      return into.setIndexed(copy, 0, rowOffsets, columnOffsets, transposed);
    }
  }

  /** The forward pass of groups [from, to) on one worker. */
  private final class ForwardJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private Layout layout;
    private int group;
    private int batch;
    private float[] in;
    private GemmOperand weights;
    private Epilogue epilogue;
    private float[] out;

    void set(
        ConvGeometry g,
        Layout layout,
        int group,
        int batch,
        float[] in,
        GemmOperand weights,
        Epilogue epilogue,
        float[] out) {
      this.g = g;
      this.layout = layout;
      this.group = group;
      this.batch = batch;
      this.in = in;
      this.weights = weights;
      this.epilogue = epilogue;
      this.out = out;
    }

    @Override
    public void run(int worker, int from, int to) {
      Scratch s = scratch[worker];
      int pixels = g.outPixels();
      for (int k = from; k < to; k++) {
        int first = k * group;
        int count = Math.min(group, batch - first);
        int n = count * pixels;
        GemmOperand x = layout.columns(g, in, first, count, false, s, columns[worker]);
        float[] products = s.get(OUT, g.outChannels() * n);
        gemm.multiplyOn(
            worker,
            0,
            g.outChannels(),
            0,
            n,
            g.patchSize(),
            weights,
            x,
            0f,
            products,
            0,
            n,
            epilogue);
        for (int f = 0; f < g.outChannels(); f++) {
          for (int i = 0; i < count; i++) {
            System.arraycopy(
                products, f * n + i * pixels, out, (first + i) * g.outSize() + f * pixels, pixels);
          }
        }
      }
    }
  }

  /** Weight and input gradients of groups [from, to) on one worker. */
  private final class BackwardJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private Layout layout;
    private int group;
    private int batch;
    private float[] in;
    private GemmOperand weightsT;
    private float[] gradOut;
    private float[] gradIn;
    private float[] gradWeights;

    void set(
        ConvGeometry g,
        Layout layout,
        int group,
        int batch,
        float[] in,
        GemmOperand weightsT,
        float[] gradOut,
        float[] gradIn,
        float[] gradWeights) {
      this.g = g;
      this.layout = layout;
      this.group = group;
      this.batch = batch;
      this.in = in;
      this.weightsT = weightsT;
      this.gradOut = gradOut;
      this.gradIn = gradIn;
      this.gradWeights = gradWeights;
    }

    @Override
    public void run(int worker, int from, int to) {
      Scratch s = scratch[worker];
      float[] gw = worker == 0 ? gradWeights : s.get(GRAD_WEIGHTS, g.weightCount());
      int pixels = g.outPixels();
      int patch = g.patchSize();
      int filters = g.outChannels();
      for (int k = from; k < to; k++) {
        int first = k * group;
        int count = Math.min(group, batch - first);
        int n = count * pixels;
        float[] grad = s.get(GRAD_OUT, filters * n);
        for (int f = 0; f < filters; f++) {
          for (int i = 0; i < count; i++) {
            System.arraycopy(
                gradOut, (first + i) * g.outSize() + f * pixels, grad, f * n + i * pixels, pixels);
          }
        }
        GemmOperand go = gradients[worker].set(grad, 0, n, false);
        GemmOperand xT = layout.columns(g, in, first, count, true, s, columns[worker]);
        gemm.multiplyOn(
            worker,
            0,
            filters,
            0,
            patch,
            n,
            go,
            xT,
            k == from ? 0f : 1f,
            gw,
            0,
            patch,
            Epilogue.NONE);
        if (gradIn != null) {
          float[] gradCols = s.get(GRAD_COLS, patch * n);
          gemm.multiplyOn(
              worker, 0, patch, 0, n, filters, weightsT, go, 0f, gradCols, 0, n, Epilogue.NONE);
          inputGradient(first, count, n, gradCols, s);
        }
      }
    }

    /** Scatters the group's column gradient back onto its images, through the padded copy. */
    private void inputGradient(int first, int count, int n, float[] gradCols, Scratch s) {
      float[] target = layout.padded ? s.get(GRAD_PADDED, count * layout.imageFloats) : gradIn;
      int base = layout.padded ? 0 : first * g.inSize();
      Arrays.fill(target, base, base + count * layout.imageFloats, 0f);
      VectorSpecies<Float> sp = lanes.species();
      int l = sp.length();
      int whole = n / l * l;
      int[] map = layout.columnOffsets;
      for (int r = 0; r < g.patchSize(); r++) {
        int at = base + layout.rowOffsets[r];
        int row = r * n;
        for (int j = 0; j < whole; j += l) {
          FloatVector.fromArray(sp, target, at, map, j)
              .add(FloatVector.fromArray(sp, gradCols, row + j))
              .intoArray(target, at, map, j);
        }
        for (int j = whole; j < n; j++) {
          target[at + map[j]] += gradCols[row + j];
        }
      }
      if (layout.padded) {
        for (int i = 0; i < count; i++) {
          PaddedImage.crop(g, target, i * layout.imageFloats, gradIn, (first + i) * g.inSize());
        }
      }
    }
  }
}
