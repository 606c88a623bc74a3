package dev.sumi.track.sweep;

import dev.sumi.track.Artifact;
import dev.sumi.track.MetricPoint;
import dev.sumi.track.NewRun;
import dev.sumi.track.RunQuery;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStatus;
import dev.sumi.track.RunStore;
import dev.sumi.track.SweepRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A run store held in memory, for testing code written against {@link RunStore}. */
final class SweepTestStore implements RunStore {
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final Map<String, List<MetricPoint>> metrics = new HashMap<>();
  private final Map<String, List<Artifact>> artifacts = new HashMap<>();
  private final List<SweepRecord> sweeps = new ArrayList<>();
  private long clock;

  @Override
  public int schemaVersion() {
    return 1;
  }

  @Override
  public synchronized String createRun(NewRun run) {
    String id = "run-" + (runs.size() + 1);
    long now = ++clock;
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
    return id;
  }

  @Override
  public synchronized void appendMetrics(String runId, List<MetricPoint> points) {
    existing(runId);
    metrics.computeIfAbsent(runId, k -> new ArrayList<>()).addAll(points);
  }

  @Override
  public synchronized void addArtifact(String runId, Artifact artifact) {
    existing(runId);
    artifacts.computeIfAbsent(runId, k -> new ArrayList<>()).add(artifact);
  }

  @Override
  public synchronized void heartbeat(String runId, long epochMillis) {
    RunRecord r = existing(runId);
    runs.put(
        runId, copy(r, r.status(), r.finishedAt(), epochMillis, r.summary(), r.notes(), r.tags()));
  }

  @Override
  public synchronized void finishRun(String runId, RunStatus status, Map<String, Object> summary) {
    RunRecord r = existing(runId);
    runs.put(
        runId, copy(r, status, ++clock, r.heartbeatAt(), Map.copyOf(summary), r.notes(), r.tags()));
  }

  @Override
  public synchronized List<RunRecord> runs(RunQuery q) {
    return runs.values().stream()
        .filter(r -> q.dataset() == null || q.dataset().equals(r.dataset()))
        .filter(r -> q.model() == null || q.model().equals(r.model()))
        .filter(r -> q.tag() == null || r.tags().contains(q.tag()))
        .filter(r -> q.sweepId() == null || q.sweepId().equals(r.sweepId()))
        .sorted(Comparator.comparingLong(RunRecord::createdAt).reversed())
        .limit(q.limit())
        .toList();
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public synchronized List<String> metricKeys(String runId) {
    return metrics.getOrDefault(runId, List.of()).stream()
        .map(MetricPoint::key)
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public synchronized List<MetricPoint> metrics(
      String runId, String key, long afterStep, int maxPoints) {
    List<MetricPoint> points =
        metrics.getOrDefault(runId, List.of()).stream()
            .filter(p -> p.key().equals(key) && p.step() > afterStep)
            .sorted(Comparator.comparingLong(MetricPoint::step))
            .toList();
    if (points.size() <= maxPoints || maxPoints < 2) {
      return points;
    }
    List<MetricPoint> sampled = new ArrayList<>();
    for (int i = 0; i < maxPoints; i++) {
      sampled.add(points.get((int) ((long) i * (points.size() - 1) / (maxPoints - 1))));
    }
    return sampled;
  }

  @Override
  public synchronized List<Artifact> artifacts(String runId) {
    return artifacts.getOrDefault(runId, List.of()).stream()
        .sorted(Comparator.comparing(Artifact::name))
        .toList();
  }

  @Override
  public synchronized void setNotes(String runId, String notes) {
    RunRecord r = existing(runId);
    runs.put(
        runId, copy(r, r.status(), r.finishedAt(), r.heartbeatAt(), r.summary(), notes, r.tags()));
  }

  @Override
  public synchronized void setTags(String runId, List<String> tags) {
    RunRecord r = existing(runId);
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
        .filter(r -> Objects.equals(dataset, r.dataset()) && r.status() == RunStatus.FINISHED)
        .filter(r -> !Double.isNaN(r.testAccuracy()))
        .sorted(Comparator.comparingDouble(RunRecord::testAccuracy).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized String createSweep(String name, String specJson) {
    String id = "sweep-" + (sweeps.size() + 1);
    sweeps.add(new SweepRecord(id, name, specJson, ++clock));
    return id;
  }

  @Override
  public synchronized List<SweepRecord> sweeps() {
    return List.copyOf(sweeps);
  }

  @Override
  public void close() {}

  private RunRecord existing(String runId) {
    RunRecord r = runs.get(runId);
    if (r == null) {
      throw new IllegalArgumentException("No run with id " + runId + ".");
    }
    return r;
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
}
