package dev.sumi.track;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs, their metrics and their artifacts are kept: one SQLite file by default, or a
 * PostgreSQL database shared by a team, both with the same schema. Implementations are safe to use
 * from several threads.
 */
public interface RunStore extends AutoCloseable {

  /** The schema version this store is at. */
  int schemaVersion();

  /** Records a new run (status {@link RunStatus#RUNNING}) and returns its id. */
  String createRun(NewRun run);

  /** Appends metric points to a run, in one transaction. */
  void appendMetrics(String runId, List<MetricPoint> points);

  /** Records an artifact whose file lies inside the run's folder. */
  void addArtifact(String runId, Artifact artifact);

  /** Marks a run alive at this time; a running run without heartbeats is shown as stale. */
  void heartbeat(String runId, long epochMillis);

  /** Ends a run with its final status and summary (test accuracy, timings, ...). */
  void finishRun(String runId, RunStatus status, Map<String, Object> summary);

  /** Runs matching the query, newest first. */
  List<RunRecord> runs(RunQuery query);

  Optional<RunRecord> run(String runId);

  /** Metric names a run has logged, sorted. */
  List<String> metricKeys(String runId);

  /**
   * A run's points for one metric with step greater than {@code afterStep}, in step order; when
   * there are more than {@code maxPoints}, they are downsampled to at most that many (keeping the
   * first and last point).
   */
  List<MetricPoint> metrics(String runId, String key, long afterStep, int maxPoints);

  /** A run's artifacts, sorted by name. */
  List<Artifact> artifacts(String runId);

  void setNotes(String runId, String notes);

  void setTags(String runId, List<String> tags);

  /** The best finished runs on a data set by the summary's test accuracy, best first. */
  List<RunRecord> leaderboard(String dataset, int limit);

  /**
   * Records a sweep (its spec as JSON) and returns its id; its trials name it in {@link NewRun}.
   */
  String createSweep(String name, String specJson);

  List<SweepRecord> sweeps();

  @Override
  void close();
}
