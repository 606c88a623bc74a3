package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
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

  VectorBatchNorm(Lanes lanes, Parallel team) {
    this.lanes = lanes;
    this.team = team;
  }

  private interface Range {
    void run(int from, int to);
  }

  void statistics(
      int batch, int channels, int spatial, float[] in, float[] mean, float[] variance) {
    float count = (float) batch * spatial;
    if (spatial == 1) {
      forChannelGroups(
          batch,
          channels,
          (from, to) -> featureStatistics(batch, channels, from, to, in, count, mean, variance));
    } else {
      forRange(
          (long) batch * channels * spatial,
          channels,
          (from, to) -> {
            for (int c = from; c < to; c++) {
              planeStatistics(batch, channels, spatial, c, in, count, mean, variance);
            }
          });
    }
  }

  void forward(
      int batch, int channels, int spatial, float[] in, float[] scale, float[] shift, float[] out) {
    long elements = (long) batch * channels * spatial;
    if (spatial == 1) {
      forRange(
          elements, batch, (from, to) -> featureAffine(channels, from, to, in, scale, shift, out));
    } else {
      forRange(
          elements,
          batch * channels,
          (from, to) -> planeAffine(channels, spatial, from, to, in, scale, shift, out));
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
      boolean batchStatistics,
      float[] gradIn,
      float[] gradGamma,
      float[] gradBeta) {
    float count = (float) batch * spatial;
    Range range;
    if (spatial == 1) {
      range =
          (from, to) ->
              featureBackward(
                  batch,
                  channels,
                  from,
                  to,
                  in,
                  mean,
                  invStd,
                  gamma,
                  gradOut,
                  batchStatistics,
                  count,
                  gradIn,
                  gradGamma,
                  gradBeta);
      forChannelGroups(batch, channels, range);
    } else {
      range =
          (from, to) -> {
            for (int c = from; c < to; c++) {
              planeBackward(
                  batch,
                  channels,
                  spatial,
                  c,
                  in,
                  mean,
                  invStd,
                  gamma,
                  gradOut,
                  batchStatistics,
                  count,
                  gradIn,
                  gradGamma,
                  gradBeta);
            }
          };
      forRange((long) batch * channels * spatial, channels, range);
    }
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
        FloatVector.fromArray(sp, in, o + i).fma(av, sv).intoArray(out, o + i);
      }
      for (; i < spatial; i++) {
        out[o + i] = Math.fma(in[o + i], a, s);
      }
    }
  }

  private void featureAffine(
      int channels, int fromRow, int toRow, float[] in, float[] scale, float[] shift, float[] out) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    for (int b = fromRow; b < toRow; b++) {
      int o = b * channels;
      int c = 0;
      for (; c + l <= channels; c += l) {
        FloatVector.fromArray(sp, in, o + c)
            .fma(FloatVector.fromArray(sp, scale, c), FloatVector.fromArray(sp, shift, c))
            .intoArray(out, o + c);
      }
      for (; c < channels; c++) {
        out[o + c] = Math.fma(in[o + c], scale[c], shift[c]);
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
    FloatVector accDy = FloatVector.zero(sp);
    FloatVector accDyX = FloatVector.zero(sp);
    float tailDy = 0f;
    float tailDyX = 0f;
    for (int b = 0; b < batch; b++) {
      int o = (b * channels + c) * spatial;
      int i = 0;
      for (; i < vectorEnd; i += l) {
        FloatVector dy = FloatVector.fromArray(sp, gradOut, o + i);
        accDy = accDy.add(dy);
        accDyX = dy.fma(FloatVector.fromArray(sp, in, o + i).sub(mv), accDyX);
      }
      for (; i < spatial; i++) {
        tailDy += gradOut[o + i];
        tailDyX = Math.fma(gradOut[o + i], in[o + i] - m, tailDyX);
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
        FloatVector xhat = FloatVector.fromArray(sp, in, o + i).sub(mv).mul(isv);
        FloatVector.fromArray(sp, gradOut, o + i)
            .sub(xhat.fma(av, bv))
            .mul(kv)
            .intoArray(gradIn, o + i);
      }
      for (; i < spatial; i++) {
        float xhat = (in[o + i] - m) * is;
        gradIn[o + i] = (gradOut[o + i] - Math.fma(xhat, a, bb)) * k;
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
      boolean batchStatistics,
      float count,
      float[] gradIn,
      float[] gradGamma,
      float[] gradBeta) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    float statistics = batchStatistics ? 1f : 0f;
    int c = from;
    for (; c + l <= to; c += l) {
      FloatVector mv = FloatVector.fromArray(sp, mean, c);
      FloatVector is = FloatVector.fromArray(sp, invStd, c);
      FloatVector accDy = FloatVector.zero(sp);
      FloatVector accDyX = FloatVector.zero(sp);
      for (int b = 0; b < batch; b++) {
        int o = b * channels + c;
        FloatVector dy = FloatVector.fromArray(sp, gradOut, o);
        accDy = accDy.add(dy);
        accDyX = dy.fma(FloatVector.fromArray(sp, in, o).sub(mv), accDyX);
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
        FloatVector xhat = FloatVector.fromArray(sp, in, o).sub(mv).mul(is);
        FloatVector.fromArray(sp, gradOut, o).sub(xhat.fma(a, bb)).mul(k).intoArray(gradIn, o);
      }
    }
    for (; c < to; c++) {
      float m = mean[c];
      float is = invStd[c];
      float sumDy = 0f;
      float sumDyX = 0f;
      for (int b = 0; b < batch; b++) {
        int o = b * channels + c;
        sumDy += gradOut[o];
        sumDyX = Math.fma(gradOut[o], in[o] - m, sumDyX);
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
        gradIn[o] = (gradOut[o] - Math.fma(xhat, a, bb)) * k;
      }
    }
  }

  /** Runs range over [0, count), split over the team when the batch is large enough. */
  private void forRange(long elements, int count, Range range) {
    if (elements < PARALLEL_MIN_ELEMENTS) {
      range.run(0, count);
    } else {
      team.forRange(count, (w, from, to) -> range.run(from, to));
    }
  }

  /** Runs range over channel groups of whole vectors, split over the team for large batches. */
  private void forChannelGroups(int batch, int channels, Range range) {
    int l = lanes.species().length();
    if ((long) batch * channels < PARALLEL_MIN_ELEMENTS) {
      range.run(0, channels);
      return;
    }
    int groups = (channels + l - 1) / l;
    team.forRange(groups, (w, from, to) -> range.run(from * l, Math.min(to * l, channels)));
  }
}
