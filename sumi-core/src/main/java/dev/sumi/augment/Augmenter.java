package dev.sumi.augment;

import dev.sumi.data.Batches;
import dev.sumi.data.Dataset;
import dev.sumi.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies an {@link Augmentation} to batches of images in place. Image {@code i} of the data set in
 * epoch {@code e} always gets the same random stream, derived from the seed, {@code e} and {@code
 * i} only, so batches are identical for the same seed whatever the batch size or thread count. Work
 * is split over threads by image; each worker reuses one {@link Sample}, so a batch allocates
 * nothing per image.
 */
public final class Augmenter {
  private static final ConcurrentHashMap<Integer, ExecutorService> POOLS =
      new ConcurrentHashMap<>();

  private final Augmentation augmentation;
  private final Shape sampleShape;
  private final int sampleSize;
  private final long seed;
  private final Sample[] samples;
  private final ExecutorService pool;
  private final List<Future<?>> pending = new ArrayList<>();
  private int[] batchIds = new int[0];

  // The batch being augmented, read by the workers (published by the executor's hand-off).
  private float[] images;
  private int[] ids;
  private int count;
  private int epoch;

  /**
   * @param sampleShape the shape of one image (C, H, W)
   * @param background the value of empty space after normalisation
   * @param min the smallest pixel value after normalisation
   * @param max the largest pixel value after normalisation
   * @param threads the number of threads to use (the caller's included)
   */
  public Augmenter(
      Augmentation augmentation,
      Shape sampleShape,
      float background,
      float min,
      float max,
      long seed,
      int threads) {
    if (sampleShape.rank() != 3) {
      throw new IllegalArgumentException(
          "Augmentation needs images of shape (C, H, W); got " + sampleShape + ".");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Threads must be >= 1, got " + threads + ".");
    }
    this.augmentation = augmentation;
    this.sampleShape = sampleShape;
    this.sampleSize = sampleShape.size();
    this.seed =
        Sample.mix(seed ^ 0x6175676d656e74L); // apart from the shuffling and dropout streams
    this.samples = new Sample[threads];
    for (int i = 0; i < threads; i++) {
      samples[i] =
          new Sample(
              sampleShape.dim(0), sampleShape.dim(1), sampleShape.dim(2), background, min, max);
    }
    this.pool = threads > 1 ? POOLS.computeIfAbsent(threads - 1, Augmenter::newPool) : null;
  }

  /**
   * An augmenter for the images of {@code data} as {@link Dataset#fill} normalises them: pixel 0 is
   * the background, and values stay between the normalised 0 and 255.
   */
  public static Augmenter forData(Augmentation augmentation, Dataset data, long seed, int threads) {
    return new Augmenter(
        augmentation,
        data.sampleShape(),
        data.normalized(0),
        data.normalized(0),
        data.normalized(255),
        seed,
        threads);
  }

  public Augmentation augmentation() {
    return augmentation;
  }

  /** Augments the current batch of {@code batches}, which belongs to {@code epoch}. */
  public void apply(Batches batches, int epoch) {
    int n = batches.count();
    if (batchIds.length < n) {
      batchIds = new int[batches.batchSize()];
    }
    for (int k = 0; k < n; k++) {
      batchIds[k] = batches.sampleIndex(k);
    }
    apply(batches.images().data(), batchIds, n, epoch);
  }

  /**
   * Augments images {@code 0 .. count-1} of {@code images} (each of the sample shape, one after
   * another), image {@code k} being sample {@code sampleIds[k]} of the data set.
   */
  public void apply(float[] images, int[] sampleIds, int count, int epoch) {
    if (images.length < (long) count * sampleSize || sampleIds.length < count) {
      throw new IllegalArgumentException(
          "Buffers of "
              + images.length
              + " floats and "
              + sampleIds.length
              + " indices are too small for "
              + count
              + " images of "
              + sampleShape
              + ".");
    }
    this.images = images;
    this.ids = sampleIds;
    this.count = count;
    this.epoch = epoch;
    int workers = Math.max(1, Math.min(samples.length, count));
    if (workers == 1) {
      run(0, 1);
      return;
    }
    pending.clear();
    for (int w = 1; w < workers; w++) {
      int worker = w;
      pending.add(pool.submit(() -> run(worker, workers)));
    }
    run(0, workers);
    for (Future<?> f : pending) {
      await(f);
    }
    pending.clear();
  }

  private void run(int worker, int workers) {
    Sample sample = samples[worker];
    int from = (int) ((long) count * worker / workers);
    int to = (int) ((long) count * (worker + 1) / workers);
    for (int k = from; k < to; k++) {
      sample.reset(images, k * sampleSize, streamSeed(epoch, ids[k]));
      augmentation.apply(sample);
    }
  }

  private long streamSeed(int epoch, int sample) {
    return Sample.mix(Sample.mix(seed + epoch) + sample);
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while augmenting a batch.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("Augmentation failed.", e.getCause());
    }
  }

  private static ExecutorService newPool(int helpers) {
    return Executors.newFixedThreadPool(
        helpers,
        r -> {
          Thread t = new Thread(r, "sumi-augment");
          t.setDaemon(true);
          return t;
        });
  }
}
