package dev.sumi.data;

import dev.sumi.tensor.Tensor;
import java.util.Objects;

/**
 * Mini-batches over a data set through reused buffers: each {@link #next()} fills the same image
 * and label arrays, so an epoch allocates nothing per batch apart from the shorter last batch's
 * tensor view. The last batch of an epoch holds the remainder and may be smaller.
 *
 * <pre>{@code
 * Batches batches = Batches.shuffled(train, 64, seed);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   batches.startEpoch(epoch);
 *   while (batches.next()) {
 *     step(batches.images(), batches.labels(), batches.count());
 *   }
 * }
 * }</pre>
 */
public final class Batches {
  private final Dataset data;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final int[] order;
  private final float[] images;
  private final int[] labels;
  private final Tensor fullBatch;
  private Tensor current;
  private int position;
  private int count;

  private Batches(Dataset data, int batchSize, boolean shuffle, long seed) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Batch size is " + batchSize + "; expected at least 1.");
    }
    this.data = data;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.order = new int[data.size()];
    this.images = new float[batchSize * data.sampleSize()];
    this.labels = new int[batchSize];
    this.fullBatch = new Tensor(data.sampleShape().withBatch(batchSize), images);
    startEpoch(0);
  }

  /** Batches in a fresh random order each epoch, determined by {@code seed} and the epoch. */
  public static Batches shuffled(Dataset data, int batchSize, long seed) {
    return new Batches(data, batchSize, true, seed);
  }

  /** Batches in sample order, for evaluation. */
  public static Batches inOrder(Dataset data, int batchSize) {
    return new Batches(data, batchSize, false, 0);
  }

  /** Rewinds to the first batch of {@code epoch}; the constructor starts epoch 0. */
  public void startEpoch(int epoch) {
    if (shuffle) {
      Shuffler.permutation(seed, epoch, order);
    } else {
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
    }
    position = 0;
    count = 0;
    current = null;
  }

  /** Fills the buffers with the next batch; false when the epoch has no more samples. */
  public boolean next() {
    if (position >= order.length) {
      count = 0;
      current = null;
      return false;
    }
    count = Math.min(batchSize, order.length - position);
    data.fill(order, position, count, images, labels);
    position += count;
    current =
        count == batchSize ? fullBatch : new Tensor(data.sampleShape().withBatch(count), images);
    return true;
  }

  /** The current batch's images, shape (count, C, H, W), over the reused buffer. */
  public Tensor images() {
    if (current == null) {
      throw new IllegalStateException("No current batch: call next() first.");
    }
    return current;
  }

  /** The reused label buffer; its first {@link #count()} entries belong to the current batch. */
  public int[] labels() {
    return labels;
  }

  /**
   * The index in the data set of sample {@code k} of the current batch, e.g. to give it its own
   * random stream.
   */
  public int sampleIndex(int k) {
    return order[position - count + Objects.checkIndex(k, count)];
  }

  /** Number of samples in the current batch. */
  public int count() {
    return count;
  }

  public int batchSize() {
    return batchSize;
  }

  public int batchesPerEpoch() {
    return (order.length + batchSize - 1) / batchSize;
  }

  public Dataset dataset() {
    return data;
  }
}
