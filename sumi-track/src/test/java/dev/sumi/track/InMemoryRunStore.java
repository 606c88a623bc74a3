package dev.sumi.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RunStore} kept in memory, for tests. Metric series are held in primitive arrays so that
 * millions of points fit. All methods synchronise on the store.
 */
public final class InMemoryRunStore implements RunStore {
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final Map<String, Map<String, Series>> metrics = new HashMap<>();
  private final Map<String, List<Artifact>> artifacts = new HashMap<>();
  private final List<SweepRecord> sweeps = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private long clock = System.currentTimeMillis();

  @Override
  public int schemaVersion() {
    return 1;
  }

  @Override
  public synchronized String createRun(NewRun run) {
    String id = "r" + ids.incrementAndGet();
    long now = Math.max(System.currentTimeMillis(), ++clock);
    clock = now;
    runs.put(
        id,
        new RunRecord(
            id,
            run.name(),
            run.dataset(),
            run.model(),
            run.runDir(),
            run.sweepId(),
            RunStatus.RUNNING,
            now,
            0,
            now,
            run.config(),
            run.environment(),
            Map.of(),
            "",
            run.tags()));
    metrics.put(id, new TreeMap<>());
    artifacts.put(id, new ArrayList<>());
    return id;
  }

  /** Creates a run with a given creation time and final state in one step, for building data. */
  public synchronized String createFinishedRun(
      NewRun run, long createdAt, long finishedAt, Map<String, Object> summary) {
    String id = createRun(run);
    RunRecord r = require(id);
    runs.put(
        id,
        new RunRecord(
            id,
            r.name(),
            r.dataset(),
            r.model(),
            r.runDir(),
            r.sweepId(),
            RunStatus.FINISHED,
            createdAt,
            finishedAt,
            finishedAt,
            r.config(),
            r.environment(),
            Map.copyOf(summary),
            r.notes(),
            r.tags()));
    return id;
  }

  @Override
  public synchronized void appendMetrics(String runId, List<MetricPoint> points) {
    Map<String, Series> byKey = metricsOf(runId);
    for (MetricPoint p : points) {
      byKey.computeIfAbsent(p.key(), k -> new Series()).add(p);
    }
  }

  /** Appends {@code count} points of one metric with steps {@code firstStep, firstStep+1, ...}. */
  public synchronized void appendSeries(
      String runId, String key, long firstStep, double[] values, double stepsPerEpoch) {
    Series s = metricsOf(runId).computeIfAbsent(key, k -> new Series());
    long now = System.currentTimeMillis();
    for (int i = 0; i < values.length; i++) {
      long step = firstStep + i;
      s.add(new MetricPoint(key, step, step / stepsPerEpoch, values[i], now));
    }
  }

  @Override
  public synchronized void addArtifact(String runId, Artifact artifact) {
    require(runId);
    artifacts.get(runId).add(artifact);
  }

  @Override
  public synchronized void heartbeat(String runId, long epochMillis) {
    RunRecord r = require(runId);
    runs.put(
        runId, copy(r, r.status(), r.finishedAt(), epochMillis, r.summary(), r.notes(), r.tags()));
  }

  @Override
  public synchronized void finishRun(String runId, RunStatus status, Map<String, Object> summary) {
    RunRecord r = require(runId);
    long now = System.currentTimeMillis();
    runs.put(runId, copy(r, status, now, now, Map.copyOf(summary), r.notes(), r.tags()));
  }

  @Override
  public synchronized List<RunRecord> runs(RunQuery query) {
    return runs.values().stream()
        .filter(r -> query.dataset() == null || query.dataset().equals(r.dataset()))
        .filter(r -> query.model() == null || query.model().equals(r.model()))
        .filter(r -> query.tag() == null || r.tags().contains(query.tag()))
        .filter(r -> query.sweepId() == null || query.sweepId().equals(r.sweepId()))
        .sorted(Comparator.comparingLong(RunRecord::createdAt).reversed())
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public synchronized List<String> metricKeys(String runId) {
    return List.copyOf(metricsOf(runId).keySet());
  }

  @Override
  public synchronized List<MetricPoint> metrics(
      String runId, String key, long afterStep, int maxPoints) {
    Series s = metricsOf(runId).get(key);
    if (s == null) {
      return List.of();
    }
    int from = s.firstAfter(afterStep);
    int count = s.size - from;
    if (count <= 0) {
      return List.of();
    }
    int keep = Math.min(count, Math.max(2, maxPoints));
    List<MetricPoint> out = new ArrayList<>(keep);
    for (int j = 0; j < keep; j++) {
      // Evenly spaced indices that include the first and the last point.
      int i = keep == count ? j : (int) Math.round((double) j * (count - 1) / (keep - 1));
      out.add(s.point(key, from + i));
    }
    return out;
  }

  @Override
  public synchronized List<Artifact> artifacts(String runId) {
    require(runId);
    return artifacts.get(runId).stream().sorted(Comparator.comparing(Artifact::name)).toList();
  }

  @Override
  public synchronized void setNotes(String runId, String notes) {
    RunRecord r = require(runId);
    runs.put(
        runId, copy(r, r.status(), r.finishedAt(), r.heartbeatAt(), r.summary(), notes, r.tags()));
  }

  @Override
  public synchronized void setTags(String runId, List<String> tags) {
    RunRecord r = require(runId);
    runs.put(
        runId,
        copy(
            r,
            r.status(),
            r.finishedAt(),
            r.heartbeatAt(),
            r.summary(),
            r.notes(),
            List.copyOf(tags)));
  }

  @Override
  public synchronized List<RunRecord> leaderboard(String dataset, int limit) {
    return runs.values().stream()
        .filter(r -> r.status() == RunStatus.FINISHED && dataset.equals(r.dataset()))
        .filter(r -> !Double.isNaN(r.testAccuracy()))
        .sorted(Comparator.comparingDouble(RunRecord::testAccuracy).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized String createSweep(String name, String specJson) {
    String id = "s" + ids.incrementAndGet();
    sweeps.add(new SweepRecord(id, name, specJson, System.currentTimeMillis()));
    return id;
  }

  @Override
  public synchronized List<SweepRecord> sweeps() {
    return List.copyOf(sweeps);
  }

  @Override
  public void close() {}

  private RunRecord require(String runId) {
    RunRecord r = runs.get(runId);
    if (r == null) {
      throw new IllegalArgumentException("No run with id " + runId + ".");
    }
    return r;
  }

  private Map<String, Series> metricsOf(String runId) {
    require(runId);
    return metrics.get(runId);
  }

  private static RunRecord copy(
      RunRecord r,
      RunStatus status,
      long finishedAt,
      long heartbeatAt,
      Map<String, Object> summary,
      String notes,
      List<String> tags) {
    return new RunRecord(
        r.id(),
        r.name(),
        r.dataset(),
        r.model(),
        r.runDir(),
        r.sweepId(),
        status,
        r.createdAt(),
        finishedAt,
        heartbeatAt,
        r.config(),
        r.environment(),
        summary,
        notes,
        tags);
  }

  /** One metric's points in step order, as parallel primitive arrays. */
  private static final class Series {
    long[] steps = new long[16];
    double[] epochs = new double[16];
    double[] values = new double[16];
    long[] times = new long[16];
    int size;

    void add(MetricPoint p) {
      if (size > 0 && p.step() < steps[size - 1]) {
        throw new IllegalArgumentException(
            "Metric "
                + p.key()
                + " step "
                + p.step()
                + " is before the last step "
                + steps[size - 1]
                + ".");
      }
      if (size == steps.length) {
        int n = size * 2;
        steps = Arrays.copyOf(steps, n);
        epochs = Arrays.copyOf(epochs, n);
        values = Arrays.copyOf(values, n);
        times = Arrays.copyOf(times, n);
      }
      steps[size] = p.step();
      epochs[size] = p.epoch();
      values[size] = p.value();
      times[size] = p.timeMillis();
      size++;
    }

    int firstAfter(long afterStep) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (steps[mid] <= afterStep) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    MetricPoint point(String key, int i) {
      return new MetricPoint(key, steps[i], epochs[i], values[i], times[i]);
    }
  }
}
