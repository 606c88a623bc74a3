package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised batch normalisation over (batch, channels, spatial) batches. Image batches (spatial >
 * 1) give each worker whole channels and vectorise along the planes; flat features (spatial 1) give
 * each worker groups of channels and vectorise across them. Either way one worker sums each channel
 * in a fixed order, so the results do not depend on the thread count. Vector lanes are added up one
 * by one rather than by a lane reduction, whose order may change once compiled.
 */
final class VectorBatchNorm {
  /** Batches smaller than this stay on the calling thread. */
  private static final int PARALLEL_MIN_ELEMENTS = 1 << 15;

  private final Lanes lanes;
  private final Parallel team;

  private enum Op {
    FEATURE_STATISTICS,
    PLANE_STATISTICS,
    FEATURE_AFFINE,
    PLANE_AFFINE,
    FEATURE_BACKWARD,
    PLANE_BACKWARD
  }

  // The current call: this object is the team's task, so no lambda is allocated per call.
  private Op op;
  private int batch;
  private int channels;
  private int spatial;
  private float count;
  private boolean batchStatistics;
  private boolean relu;
  private float[] in;
  private float[] mean;
  private float[] variance;
  private float[] scale;
  private float[] shift;
  private float[] out;
  private float[] gradOut;
  private float[] gradIn;
  private float[] gradGamma;
  private float[] gradBeta;
  // The forward's folded scale and shift when a ReLU was fused into it; backward only.
  private float[] reluScale;
  private float[] reluShift;
  private final Parallel.RangeTask rows = (worker, from, to) -> run(from, to);
  private final Parallel.RangeTask channelGroups =
      (worker, from, to) -> {
        int l = laneCount();
        run(from * l, Math.min(to * l, channels));
      };

  VectorBatchNorm(Lanes lanes, Parallel team) {
    this.lanes = lanes;
    this.team = team;
  }

  void statistics(
      int batch, int channels, int spatial, float[] in, float[] mean, float[] variance) {
    set(batch, channels, spatial, in);
    this.mean = mean;
    this.variance = variance;
    if (spatial == 1) {
      forChannelGroups(Op.FEATURE_STATISTICS);
    } else {
      forRange(Op.PLANE_STATISTICS, channels);
    }
  }

  void forward(
      int batch,
      int channels,
      int spatial,
      float[] in,
      float[] scale,
      float[] shift,
      boolean relu,
      float[] out) {
    set(batch, channels, spatial, in);
    this.scale = scale;
    this.shift = shift;
    this.relu = relu;
    this.out = out;
    if (spatial == 1) {
      forRange(Op.FEATURE_AFFINE, batch);
    } else {
      forRange(Op.PLANE_AFFINE, batch * channels);
    }
  }

  void backward(
      int batch,
      int channels,
      int spatial,
      float[] in,
      float[] mean,
      float[] invStd,
      float[] gamma,
      float[] gradOut,
      float[] reluScale,
      float[] reluShift,
      boolean batchStatistics,
      float[] gradIn,
      float[] gradGamma,
      float[] gradBeta) {
    set(batch, channels, spatial, in);
    this.mean = mean;
    this.variance = invStd;
    this.scale = gamma;
    this.gradOut = gradOut;
    this.reluScale = reluScale;
    this.reluShift = reluShift;
    this.batchStatistics = batchStatistics;
    this.gradIn = gradIn;
    this.gradGamma = gradGamma;
    this.gradBeta = gradBeta;
    if (spatial == 1) {
      forChannelGroups(Op.FEATURE_BACKWARD);
    } else {
      forRange(Op.PLANE_BACKWARD, channels);
    }
  }

  private int laneCount() {
    return lanes.species().length();
  }

  private void set(int batch, int channels, int spatial, float[] in) {
    this.batch = batch;
    this.channels = channels;
    this.spatial = spatial;
    this.count = (float) batch * spatial;
    this.in = in;
  }

  /** The current operation over rows, planes or channels [from, to). */
  private void run(int from, int to) {
    switch (op) {
      case FEATURE_STATISTICS ->
          featureStatistics(batch, channels, from, to, in, count, mean, variance);
      case PLANE_STATISTICS -> {
        for (int c = from; c < to; c++) {
          planeStatistics(batch, channels, spatial, c, in, count, mean, variance);
        }
      }
      case FEATURE_AFFINE -> featureAffine(channels, from, to, in, scale, shift, relu, out);
      case PLANE_AFFINE -> planeAffine(channels, spatial, from, to, in, scale, shift, relu, out);
      case FEATURE_BACKWARD ->
          featureBackward(
              batch,
              channels,
              from,
              to,
              in,
              mean,
              variance,
              scale,
              gradOut,
              reluScale,
              reluShift,
              batchStatistics,
              count,
              gradIn,
              gradGamma,
              gradBeta);
      case PLANE_BACKWARD -> {
        for (int c = from; c < to; c++) {
          planeBackward(
              batch,
              channels,
              spatial,
              c,
              in,
              mean,
              variance,
              scale,
              gradOut,
              reluScale,
              reluShift,
              batchStatistics,
              count,
              gradIn,
              gradGamma,
              gradBeta);
        }
      }
    }
  }

  private void release() {
    in = null;
    mean = null;
    variance = null;
    scale = null;
    shift = null;
    out = null;
    gradOut = null;
    gradIn = null;
    gradGamma = null;
    gradBeta = null;
    reluScale = null;
    reluShift = null;
  }

  private void planeStatistics(
      int batch,
      int channels,
      int spatial,
      int c,
      float[] in,
      float count,
      float[] mean,
      float[] variance) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int vectorEnd = spatial - spatial % l;
    FloatVector acc = FloatVector.zero(sp);
    float tail = 0f;
    for (int b = 0; b < batch; b++) {
      int o = (b * channels + c) * spatial;
      int i = 0;
      for (; i < vectorEnd; i += l) {
        acc = acc.add(FloatVector.fromArray(sp, in, o + i));
      }
      for (; i < spatial; i++) {
        tail += in[o + i];
      }
    }
    float m = (VectorElementwise.sumLanes(acc) + tail) / count;
    FloatVector mv = FloatVector.broadcast(sp, m);
    acc = FloatVector.zero(sp);
    tail = 0f;
    for (int b = 0; b < batch; b++) {
      int o = (b * channels + c) * spatial;
      int i = 0;
      for (; i < vectorEnd; i += l) {
        FloatVector d = FloatVector.fromArray(sp, in, o + i).sub(mv);
        acc = d.fma(d, acc);
      }
      for (; i < spatial; i++) {
        float d = in[o + i] - m;
        tail = Math.fma(d, d, tail);
      }
    }
    mean[c] = m;
    variance[c] = (VectorElementwise.sumLanes(acc) + tail) / count;
  }

  /** Lanes of each vector and the scalar tail do the same operations, so the split is invisible. */
  private void featureStatistics(
      int batch,
      int channels,
      int from,
      int to,
      float[] in,
      float count,
      float[] mean,
      float[] variance) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int c = from;
    for (; c + l <= to; c += l) {
      FloatVector acc = FloatVector.zero(sp);
      for (int b = 0; b < batch; b++) {
        acc = acc.add(FloatVector.fromArray(sp, in, b * channels + c));
      }
      FloatVector m = acc.div(count);
      FloatVector squares = FloatVector.zero(sp);
      for (int b = 0; b < batch; b++) {
        FloatVector d = FloatVector.fromArray(sp, in, b * channels + c).sub(m);
        squares = d.fma(d, squares);
      }
      m.intoArray(mean, c);
      squares.div(count).intoArray(variance, c);
    }
    for (; c < to; c++) {
      float sum = 0f;
      for (int b = 0; b < batch; b++) {
        sum += in[b * channels + c];
      }
      float m = sum / count;
      float squares = 0f;
      for (int b = 0; b < batch; b++) {
        float d = in[b * channels + c] - m;
        squares = Math.fma(d, d, squares);
      }
      mean[c] = m;
      variance[c] = squares / count;
    }
  }

  private void planeAffine(
      int channels,
      int spatial,
      int fromPlane,
      int toPlane,
      float[] in,
      float[] scale,
      float[] shift,
      boolean relu,
      float[] out) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int vectorEnd = spatial - spatial % l;
    for (int p = fromPlane; p < toPlane; p++) {
      int c = p % channels;
      float a = scale[c];
      float s = shift[c];
      FloatVector av = FloatVector.broadcast(sp, a);
      FloatVector sv = FloatVector.broadcast(sp, s);
      int o = p * spatial;
      int i = 0;
      for (; i < vectorEnd; i += l) {
        FloatVector y = FloatVector.fromArray(sp, in, o + i).fma(av, sv);
        (relu ? relu(y) : y).intoArray(out, o + i);
      }
      for (; i < spatial; i++) {
        float y = Math.fma(in[o + i], a, s);
        out[o + i] = relu && !(y > 0f) ? 0f : y;
      }
    }
  }

  private void featureAffine(
      int channels,
      int fromRow,
      int toRow,
      float[] in,
      float[] scale,
      float[] shift,
      boolean relu,
      float[] out) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    for (int b = fromRow; b < toRow; b++) {
      int o = b * channels;
      int c = 0;
      for (; c + l <= channels; c += l) {
        FloatVector y =
            FloatVector.fromArray(sp, in, o + c)
                .fma(FloatVector.fromArray(sp, scale, c), FloatVector.fromArray(sp, shift, c));
        (relu ? relu(y) : y).intoArray(out, o + c);
      }
      for (; c < channels; c++) {
        float y = Math.fma(in[o + c], scale[c], shift[c]);
        out[o + c] = relu && !(y > 0f) ? 0f : y;
      }
    }
  }

  private void planeBackward(
      int batch,
      int channels,
      int spatial,
      int c,
      float[] in,
      float[] mean,
      float[] invStd,
      float[] gamma,
      float[] gradOut,
      float[] reluScale,
      float[] reluShift,
      boolean batchStatistics,
      float count,
      float[] gradIn,
      float[] gradGamma,
      float[] gradBeta) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int vectorEnd = spatial - spatial % l;
    float m = mean[c];
    FloatVector mv = FloatVector.broadcast(sp, m);
    boolean masked = reluScale != null;
    float ra = masked ? reluScale[c] : 0f;
    float rs = masked ? reluShift[c] : 0f;
    FloatVector rav = FloatVector.broadcast(sp, ra);
    FloatVector rsv = FloatVector.broadcast(sp, rs);
    FloatVector accDy = FloatVector.zero(sp);
    FloatVector accDyX = FloatVector.zero(sp);
    float tailDy = 0f;
    float tailDyX = 0f;
    for (int b = 0; b < batch; b++) {
      int o = (b * channels + c) * spatial;
      int i = 0;
      for (; i < vectorEnd; i += l) {
        FloatVector x = FloatVector.fromArray(sp, in, o + i);
        FloatVector dy = FloatVector.fromArray(sp, gradOut, o + i);
        if (masked) {
          dy = reluGradient(dy, x, rav, rsv);
        }
        accDy = accDy.add(dy);
        accDyX = dy.fma(x.sub(mv), accDyX);
      }
      for (; i < spatial; i++) {
        float dy = maskedGradient(gradOut[o + i], in[o + i], c, reluScale, reluShift);
        tailDy += dy;
        tailDyX = Math.fma(dy, in[o + i] - m, tailDyX);
      }
    }
    float gb = VectorElementwise.sumLanes(accDy) + tailDy;
    float gg = (VectorElementwise.sumLanes(accDyX) + tailDyX) * invStd[c];
    gradBeta[c] = gb;
    gradGamma[c] = gg;
    if (gradIn == null) {
      return;
    }
    // gradIn = k (dy - (xhat a + b)), with a = b = 0 for constant statistics. Subtracting before
    // scaling keeps exact cancellation exact (a single value per channel has gradient 0).
    float is = invStd[c];
    float k = gamma[c] * is;
    float a = batchStatistics ? gg / count : 0f;
    float bb = batchStatistics ? gb / count : 0f;
    FloatVector isv = FloatVector.broadcast(sp, is);
    FloatVector kv = FloatVector.broadcast(sp, k);
    FloatVector av = FloatVector.broadcast(sp, a);
    FloatVector bv = FloatVector.broadcast(sp, bb);
    for (int b = 0; b < batch; b++) {
      int o = (b * channels + c) * spatial;
      int i = 0;
      for (; i < vectorEnd; i += l) {
        FloatVector x = FloatVector.fromArray(sp, in, o + i);
        FloatVector dy = FloatVector.fromArray(sp, gradOut, o + i);
        if (masked) {
          dy = reluGradient(dy, x, rav, rsv);
        }
        FloatVector xhat = x.sub(mv).mul(isv);
        dy.sub(xhat.fma(av, bv)).mul(kv).intoArray(gradIn, o + i);
      }
      for (; i < spatial; i++) {
        float dy = maskedGradient(gradOut[o + i], in[o + i], c, reluScale, reluShift);
        float xhat = (in[o + i] - m) * is;
        gradIn[o + i] = (dy - Math.fma(xhat, a, bb)) * k;
      }
    }
  }

  /** Lanes of each vector and the scalar tail do the same operations, so the split is invisible. */
  private void featureBackward(
      int batch,
      int channels,
      int from,
      int to,
      float[] in,
      float[] mean,
      float[] invStd,
      float[] gamma,
      float[] gradOut,
      float[] reluScale,
      float[] reluShift,
      boolean batchStatistics,
      float count,
      float[] gradIn,
      float[] gradGamma,
      float[] gradBeta) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    float statistics = batchStatistics ? 1f : 0f;
    boolean masked = reluScale != null;
    int c = from;
    for (; c + l <= to; c += l) {
      FloatVector mv = FloatVector.fromArray(sp, mean, c);
      FloatVector is = FloatVector.fromArray(sp, invStd, c);
      // Arrays chosen rather than vectors: a vector merged from two branches would be boxed.
      FloatVector ra = FloatVector.fromArray(sp, masked ? reluScale : mean, c);
      FloatVector rs = FloatVector.fromArray(sp, masked ? reluShift : mean, c);
      FloatVector accDy = FloatVector.zero(sp);
      FloatVector accDyX = FloatVector.zero(sp);
      for (int b = 0; b < batch; b++) {
        int o = b * channels + c;
        FloatVector x = FloatVector.fromArray(sp, in, o);
        FloatVector dy = FloatVector.fromArray(sp, gradOut, o);
        if (masked) {
          dy = reluGradient(dy, x, ra, rs);
        }
        accDy = accDy.add(dy);
        accDyX = dy.fma(x.sub(mv), accDyX);
      }
      FloatVector gg = accDyX.mul(is);
      accDy.intoArray(gradBeta, c);
      gg.intoArray(gradGamma, c);
      if (gradIn == null) {
        continue;
      }
      FloatVector k = FloatVector.fromArray(sp, gamma, c).mul(is);
      FloatVector a = gg.div(count).mul(statistics);
      FloatVector bb = accDy.div(count).mul(statistics);
      for (int b = 0; b < batch; b++) {
        int o = b * channels + c;
        FloatVector x = FloatVector.fromArray(sp, in, o);
        FloatVector dy = FloatVector.fromArray(sp, gradOut, o);
        if (masked) {
          dy = reluGradient(dy, x, ra, rs);
        }
        FloatVector xhat = x.sub(mv).mul(is);
        dy.sub(xhat.fma(a, bb)).mul(k).intoArray(gradIn, o);
      }
    }
    for (; c < to; c++) {
      float m = mean[c];
      float is = invStd[c];
      float sumDy = 0f;
      float sumDyX = 0f;
      for (int b = 0; b < batch; b++) {
        int o = b * channels + c;
        float dy = maskedGradient(gradOut[o], in[o], c, reluScale, reluShift);
        sumDy += dy;
        sumDyX = Math.fma(dy, in[o] - m, sumDyX);
      }
      float gg = sumDyX * is;
      gradBeta[c] = sumDy;
      gradGamma[c] = gg;
      if (gradIn == null) {
        continue;
      }
      float k = gamma[c] * is;
      float a = gg / count * statistics;
      float bb = sumDy / count * statistics;
      for (int b = 0; b < batch; b++) {
        int o = b * channels + c;
        float xhat = (in[o] - m) * is;
        float dy = maskedGradient(gradOut[o], in[o], c, reluScale, reluShift);
        gradIn[o] = (dy - Math.fma(xhat, a, bb)) * k;
      }
    }
  }

  /** max(y, 0) as the ReLU layer computes it: y where y > 0, else 0 (NaN included). */
  private static FloatVector relu(FloatVector y) {
    return y.blend(0f, y.compare(VectorOperators.GT, 0f).not());
  }

  /**
   * dy times the ReLU's derivative (1 where its output x * scale + shift, as in the forward pass,
   * was positive, else 0): a product, as the ReLU layer's backward pass takes, so that even the
   * signs of zeros agree.
   */
  private static FloatVector reluGradient(
      FloatVector dy, FloatVector x, FloatVector scale, FloatVector shift) {
    FloatVector one = FloatVector.broadcast(dy.species(), 1f);
    return dy.mul(one.blend(0f, x.fma(scale, shift).compare(VectorOperators.GT, 0f).not()));
  }

  /** The scalar {@link #reluGradient}; dy itself when no ReLU was fused (scale null). */
  private static float maskedGradient(float dy, float x, int c, float[] scale, float[] shift) {
    return scale == null ? dy : dy * (Math.fma(x, scale[c], shift[c]) > 0f ? 1f : 0f);
  }

  /** Runs op over [0, count), split over the team when the batch is large enough. */
  private void forRange(Op op, int count) {
    this.op = op;
    try {
      if ((long) batch * channels * spatial < PARALLEL_MIN_ELEMENTS) {
        run(0, count);
      } else {
        team.forRange(count, rows);
      }
    } finally {
      release();
    }
  }

  /** Runs op over channel groups of whole vectors, split over the team for large batches. */
  private void forChannelGroups(Op op) {
    this.op = op;
    try {
      int l = lanes.species().length();
      if ((long) batch * channels < PARALLEL_MIN_ELEMENTS) {
        run(0, channels);
      } else {
        team.forRange((channels + l - 1) / l, channelGroups);
      }
    } finally {
      release();
    }
  }
}
