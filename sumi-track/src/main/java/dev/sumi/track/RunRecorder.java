package dev.sumi.track;

import dev.sumi.train.BatchProgress;
import dev.sumi.train.EpochMetrics;
import dev.sumi.train.History;
import dev.sumi.train.TrainingListener;
import dev.sumi.train.TrainingPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Records a training run into a {@link RunStore}: the training metrics every N steps, every epoch's
 * metrics, heartbeats and the summary. The training thread only puts points on a bounded queue; a
 * daemon thread writes them in batches. On SIGTERM a shutdown hook writes what is queued and marks
 * the run {@link RunStatus#STOPPED}; after {@code kill -9} the store holds every point up to the
 * last batch written, usually well under a second before.
 *
 * <p>Step-level keys: {@code train_loss}, {@code train_accuracy} (running means over the epoch so
 * far), {@code lr}, {@code images_per_second}. Epoch-level keys, at the epoch's last step: {@code
 * val_loss}, {@code val_accuracy}, {@code val_balanced_accuracy}, {@code epoch_train_loss}, {@code
 * epoch_train_accuracy}, {@code epoch_seconds}, {@code epoch_images_per_second}.
 */
public final class RunRecorder implements TrainingListener, AutoCloseable {
  /** Default number of steps between step-level points. */
  public static final int DEFAULT_EVERY = 20;

  private static final int QUEUE_CAPACITY = 65_536;
  private static final long WRITE_INTERVAL_MILLIS = 200;
  private static final Object STOP = new Object();

  private final RunStore store;
  private final String runId;
  private final int every;
  private final long heartbeatMillis;
  // Not a blocking queue: under CPU contention its lock, held by a descheduled writer, stalled
  // the training thread for milliseconds.
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedPoints = new AtomicInteger();
  private final Thread writer;
  private final Thread shutdownHook;
  private final Map<String, Object> summary = new LinkedHashMap<>();
  private volatile RuntimeException writeFailure;
  private boolean trainEnded;
  private RunStatus endStatus;
  private long globalStep;

  /** Creates the run in the store and starts recording, a point every {@code every} steps. */
  public RunRecorder(RunStore store, NewRun run, int every, Duration heartbeat) {
    if (every < 1) {
      throw new IllegalArgumentException("Log every N steps needs N >= 1, got " + every + ".");
    }
    this.store = store;
    this.every = every;
    this.heartbeatMillis = Math.max(1, heartbeat.toMillis());
    this.runId = store.createRun(run);
    store.heartbeat(runId, System.currentTimeMillis());
    writer = Thread.ofPlatform().daemon().name("sumi-run-recorder-" + runId).unstarted(this::write);
    writer.start();
    shutdownHook = new Thread(() -> end(RunStatus.STOPPED, Map.of(), true), "sumi-run-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Records every {@value #DEFAULT_EVERY} steps with a heartbeat every 10 seconds. */
  public static RunRecorder start(RunStore store, NewRun run) {
    return new RunRecorder(store, run, DEFAULT_EVERY, Duration.ofSeconds(10));
  }

  public String runId() {
    return runId;
  }

  public RunStore store() {
    return store;
  }

  @Override
  public void onTrainStart(TrainingPlan plan) {
    synchronized (this) {
      summary.put("parameters", plan.parameters());
      summary.put("train_examples", plan.trainExamples());
    }
  }

  @Override
  public void onBatchEnd(BatchProgress p) {
    globalStep = p.globalStep();
    if (p.globalStep() % every != 0 && p.step() != p.stepsPerEpoch()) {
      return;
    }
    double epoch = p.epoch() - 1 + (double) p.step() / p.stepsPerEpoch();
    long now = System.currentTimeMillis();
    enqueue(new MetricPoint("train_loss", globalStep, epoch, p.loss(), now));
    enqueue(new MetricPoint("train_accuracy", globalStep, epoch, p.accuracy(), now));
    enqueue(new MetricPoint("lr", globalStep, epoch, p.learningRate(), now));
    enqueue(new MetricPoint("images_per_second", globalStep, epoch, p.imagesPerSecond(), now));
  }

  @Override
  public void onEpochEnd(EpochMetrics m) {
    long now = System.currentTimeMillis();
    Map<String, Double> values = new LinkedHashMap<>();
    if (m.validation() != null) {
      values.put("val_loss", m.validationLoss());
      values.put("val_accuracy", m.validationAccuracy());
      values.put("val_balanced_accuracy", m.validationBalancedAccuracy());
    }
    values.put("epoch_train_loss", m.trainLoss());
    values.put("epoch_train_accuracy", m.trainAccuracy());
    values.put("epoch_seconds", m.seconds());
    values.put("epoch_images_per_second", m.imagesPerSecond());
    values.forEach((k, v) -> enqueue(new MetricPoint(k, globalStep, m.epoch(), v, now)));
    synchronized (this) {
      summary.put("epochs", m.epoch());
      values.forEach((k, v) -> summary.put(k.startsWith("epoch_") ? k.substring(6) : k, v));
    }
  }

  @Override
  public void onTrainEnd(History h) {
    synchronized (this) {
      trainEnded = true;
      summary.put("epochs", h.epochs().size());
      summary.put("best_epoch", h.bestEpoch());
      summary.put("stopped_early", h.stoppedEarly());
      summary.put("wall_seconds", h.wallSeconds());
      summary.put("train_images_per_second", h.trainImagesPerSecond());
    }
  }

  /** Records one value of any metric, e.g. a custom one, at a global step. */
  public void log(String key, long step, double epoch, double value) {
    enqueue(new MetricPoint(key, step, epoch, value, System.currentTimeMillis()));
  }

  /** Records an artifact (after the points logged so far). */
  public void addArtifact(Artifact artifact) {
    flush();
    store.addArtifact(runId, artifact);
  }

  /** Waits until every point logged so far is in the store (at most 30 s). */
  public void flush() {
    flush(Duration.ofSeconds(30));
  }

  private void flush(Duration timeout) {
    if (!writer.isAlive()) {
      return;
    }
    CountDownLatch written = new CountDownLatch(1);
    queue.add(written);
    LockSupport.unpark(writer);
    try {
      written.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Ends the run as {@link RunStatus#FINISHED} with the training summary plus {@code extra} (e.g.
   * {@code test_accuracy}, which ranks the run on its data set's leaderboard).
   */
  public void finish(Map<String, Object> extra) {
    end(RunStatus.FINISHED, extra, false);
  }

  /**
   * Ends the run if {@link #finish} did not: {@link RunStatus#FINISHED} when training ended,
   * otherwise {@link RunStatus#FAILED} (an exception interrupted it).
   */
  @Override
  public void close() {
    boolean ended;
    synchronized (this) {
      ended = trainEnded;
    }
    end(ended ? RunStatus.FINISHED : RunStatus.FAILED, Map.of(), false);
  }

  /** The status the run ended with, or null while it is recording. */
  public synchronized RunStatus endStatus() {
    return endStatus;
  }

  private void end(RunStatus status, Map<String, Object> extra, boolean fromShutdownHook) {
    synchronized (this) {
      if (endStatus != null) {
        return;
      }
      endStatus = status;
    }
    flush(fromShutdownHook ? Duration.ofSeconds(10) : Duration.ofSeconds(30));
    queue.add(STOP);
    LockSupport.unpark(writer);
    Map<String, Object> s;
    synchronized (this) {
      summary.putAll(extra);
      s = new LinkedHashMap<>(summary);
    }
    store.finishRun(runId, status, s);
    if (!fromShutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway and finds the run ended.
      }
      try {
        writer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (writeFailure != null) {
      throw new RunStoreException(
          "Some metrics of run " + runId + " were not recorded: " + writeFailure.getMessage(),
          writeFailure);
    }
  }

  private void enqueue(MetricPoint point) {
    if (writeFailure != null || !writer.isAlive()) {
      return;
    }
    while (queuedPoints.get() >= QUEUE_CAPACITY && writer.isAlive()) {
      LockSupport.unpark(writer);
      LockSupport.parkNanos(1_000_000);
    }
    queue.add(point);
    queuedPoints.incrementAndGet();
  }

  /** The writer thread: every interval (or when woken), writes the queued points in one batch. */
  private void write() {
    List<MetricPoint> batch = new ArrayList<>();
    List<CountDownLatch> flushed = new ArrayList<>();
    long lastHeartbeat = System.currentTimeMillis();
    boolean stop = false;
    while (!stop) {
      LockSupport.parkNanos(WRITE_INTERVAL_MILLIS * 1_000_000);
      Object item;
      while ((item = queue.poll()) != null) {
        switch (item) {
          case MetricPoint p -> batch.add(p);
          case CountDownLatch latch -> flushed.add(latch);
          default -> stop = true;
        }
      }
      queuedPoints.addAndGet(-batch.size());
      try {
        if (!batch.isEmpty() && writeFailure == null) {
          store.appendMetrics(runId, batch);
        }
        long now = System.currentTimeMillis();
        if (!stop && now - lastHeartbeat >= heartbeatMillis && writeFailure == null) {
          store.heartbeat(runId, now);
          lastHeartbeat = now;
        }
      } catch (RuntimeException e) {
        writeFailure = e;
        System.err.println("warning: run " + runId + " stops recording metrics: " + e.getMessage());
      }
      batch.clear();
      flushed.forEach(CountDownLatch::countDown);
      flushed.clear();
    }
  }
}
