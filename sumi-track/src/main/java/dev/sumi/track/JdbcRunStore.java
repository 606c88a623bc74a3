package dev.sumi.track;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run store on SQLite or PostgreSQL through JDBC, with one schema for both (see {@link
 * Migrations}). One connection, used by one thread at a time; SQLite's WAL mode lets other
 * processes read while this one writes.
 */
public final class JdbcRunStore implements RunStore {
  private static final SecureRandom IDS = new SecureRandom();
  private static final String RUN_COLUMNS =
      "id, name, dataset, model, run_dir, sweep_id, status, created_at, finished_at,"
          + " heartbeat_at, config, environment, summary, notes";

  private final Dialect dialect;
  private final Connection connection;
  private final int schemaVersion;

  private JdbcRunStore(Dialect dialect, Connection connection, int schemaVersion) {
    this.dialect = dialect;
    this.connection = connection;
    this.schemaVersion = schemaVersion;
  }

  static JdbcRunStore open(Dialect dialect) {
    Connection c;
    try {
      c = dialect.connect();
    } catch (SQLException e) {
      throw new RunStoreException(
          "Cannot open the run store " + dialect.displayUri + ": " + e.getMessage(), e);
    }
    try {
      int version = migrate(dialect, c);
      return new JdbcRunStore(dialect, c, version);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // The first error is the one worth reporting.
      }
      if (e instanceof RunStoreException r) {
        throw r;
      }
      throw new RunStoreException(
          "Cannot prepare the run store " + dialect.displayUri + ": " + e.getMessage(), e);
    }
  }

  /** Brings the schema up to {@link Migrations#LATEST} in one transaction; returns the version. */
  private static int migrate(Dialect dialect, Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      dialect.lockForMigration(s);
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version"
              + " (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)");
      int current;
      try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
        r.next();
        current = r.getInt(1);
      }
      if (current > Migrations.LATEST) {
        throw new RunStoreException(
            "The run store "
                + dialect.displayUri
                + " has schema version "
                + current
                + ", newer than this sumi understands ("
                + Migrations.LATEST
                + "); upgrade sumi.");
      }
      for (int v = current + 1; v <= Migrations.LATEST; v++) {
        for (String sql : Migrations.statements(v)) {
          s.execute(sql);
        }
        s.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES ("
                + v
                + ", "
                + System.currentTimeMillis()
                + ")");
      }
      c.commit();
      return Migrations.LATEST;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The store's URI as given (without a password). */
  public String uri() {
    return dialect.displayUri;
  }

  @Override
  public int schemaVersion() {
    return schemaVersion;
  }

  @Override
  public synchronized String createRun(NewRun run) {
    String id = newId();
    String name = run.name();
    if (name == null || name.isBlank()) {
      name = run.runDir() != null ? run.runDir().getFileName().toString() : id;
    }
    String runName = name;
    transaction(
        "create a run",
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "INSERT INTO runs (id, name, dataset, model, run_dir, sweep_id, status,"
                      + " created_at, config, environment, summary)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')")) {
            long now = System.currentTimeMillis();
            p.setString(1, id);
            p.setString(2, runName);
            p.setString(3, run.dataset());
            p.setString(4, run.model());
            p.setString(5, run.runDir() == null ? null : run.runDir().toString());
            p.setString(6, run.sweepId());
            p.setString(7, RunStatus.RUNNING.name());
            p.setLong(8, now);
            p.setString(9, JsonText.write(run.config()));
            p.setString(10, JsonText.write(run.environment()));
            p.executeUpdate();
          }
          insertTags(id, run.tags());
        });
    return id;
  }

  @Override
  public synchronized void appendMetrics(String runId, List<MetricPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    transaction(
        "append metrics of run " + runId,
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "INSERT INTO metrics (run_id, key, step, epoch, value, time)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (MetricPoint m : points) {
              p.setString(1, runId);
              p.setString(2, m.key());
              p.setLong(3, m.step());
              p.setDouble(4, m.epoch());
              if (Double.isNaN(m.value())) {
                p.setNull(5, Types.DOUBLE);
              } else {
                p.setDouble(5, m.value());
              }
              p.setLong(6, m.timeMillis());
              p.addBatch();
              if (++pending == 2_000) {
                p.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              p.executeBatch();
            }
          }
        });
  }

  @Override
  public synchronized void addArtifact(String runId, Artifact artifact) {
    transaction(
        "record artifact " + artifact.name() + " of run " + runId,
        () -> {
          update("DELETE FROM artifacts WHERE run_id = ? AND name = ?", runId, artifact.name());
          update(
              "INSERT INTO artifacts (run_id, name, kind, path, meta, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              runId,
              artifact.name(),
              artifact.kind(),
              artifact.path(),
              JsonText.write(artifact.meta()),
              System.currentTimeMillis());
        });
  }

  @Override
  public synchronized void heartbeat(String runId, long epochMillis) {
    transaction(
        "record a heartbeat of run " + runId,
        () -> update("UPDATE runs SET heartbeat_at = ? WHERE id = ?", epochMillis, runId));
  }

  @Override
  public synchronized void finishRun(String runId, RunStatus status, Map<String, Object> summary) {
    Object acc = summary.get("test_accuracy");
    Double testAccuracy =
        acc instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    transaction(
        "finish run " + runId,
        () -> {
          int rows =
              update(
                  "UPDATE runs SET status = ?, finished_at = ?, summary = ?, test_accuracy = ?"
                      + " WHERE id = ?",
                  status.name(),
                  System.currentTimeMillis(),
                  JsonText.write(summary),
                  testAccuracy,
                  runId);
          requireRun(rows, runId);
        });
  }

  /** Adds {@code AND column = value} to a WHERE clause unless value is null (matches all). */
  private static void matchColumn(
      StringBuilder where, List<Object> args, String column, String value) {
    if (value != null) {
      where.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  @Override
  public synchronized List<RunRecord> runs(RunQuery query) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    matchColumn(where, args, "dataset", query.dataset());
    matchColumn(where, args, "model", query.model());
    matchColumn(where, args, "sweep_id", query.sweepId());
    if (query.tag() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = runs.id AND t.tag = ?)");
      args.add(query.tag());
    }
    String select =
        "SELECT "
            + RUN_COLUMNS
            + " FROM runs"
            + where
            + " ORDER BY created_at DESC, id LIMIT "
            + Math.max(0, query.limit());
    return read(
        "list runs",
        () -> {
          Map<String, List<String>> tags = new HashMap<>();
          try (PreparedStatement p =
              prepare(
                  "SELECT run_id, tag FROM run_tags WHERE run_id IN (SELECT id FROM ("
                      + select
                      + ") listed) ORDER BY tag",
                  args.toArray())) {
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                tags.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
              }
            }
          }
          return runRecords(select, args.toArray(), tags);
        });
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return read(
        "read run " + runId,
        () -> {
          Map<String, List<String>> tags = Map.of(runId, tags(runId));
          List<RunRecord> found =
              runRecords(
                  "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", new Object[] {runId}, tags);
          return found.stream().findFirst();
        });
  }

  @Override
  public synchronized List<String> metricKeys(String runId) {
    return read(
        "list the metrics of run " + runId,
        () -> strings("SELECT DISTINCT key FROM metrics WHERE run_id = ? ORDER BY key", runId));
  }

  @Override
  public synchronized List<MetricPoint> metrics(
      String runId, String key, long afterStep, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException(
          "maxPoints must be >= 2 (the first and last point), got " + maxPoints + ".");
    }
    return read(
        "read metric " + key + " of run " + runId,
        () -> {
          long count;
          long first;
          long last;
          try (PreparedStatement p =
                  prepare(
                      "SELECT COUNT(*), MIN(step), MAX(step) FROM metrics"
                          + " WHERE run_id = ? AND key = ? AND step > ?",
                      runId,
                      key,
                      afterStep);
              ResultSet r = p.executeQuery()) {
            r.next();
            count = r.getLong(1);
            first = r.getLong(2);
            last = r.getLong(3);
          }
          List<MetricPoint> all = new ArrayList<>((int) Math.min(count, maxPoints));
          MinMaxDownsampler sampler =
              count > maxPoints ? new MinMaxDownsampler(first, last, maxPoints) : null;
          try (PreparedStatement p =
              prepare(
                  "SELECT step, epoch, value, time FROM metrics"
                      + " WHERE run_id = ? AND key = ? AND step > ? ORDER BY step",
                  runId,
                  key,
                  afterStep)) {
            p.setFetchSize(5_000);
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                double value = r.getDouble(3);
                if (r.wasNull()) {
                  value = Double.NaN;
                }
                MetricPoint m =
                    new MetricPoint(key, r.getLong(1), r.getDouble(2), value, r.getLong(4));
                if (sampler == null) {
                  all.add(m);
                } else {
                  sampler.add(m);
                }
              }
            }
          }
          return sampler == null ? all : sampler.result();
        });
  }

  @Override
  public synchronized List<Artifact> artifacts(String runId) {
    return read(
        "list the artifacts of run " + runId,
        () -> {
          List<Artifact> out = new ArrayList<>();
          try (PreparedStatement p =
                  prepare(
                      "SELECT name, kind, path, meta FROM artifacts WHERE run_id = ? ORDER BY name",
                      runId);
              ResultSet r = p.executeQuery()) {
            while (r.next()) {
              out.add(
                  new Artifact(
                      r.getString(1),
                      r.getString(2),
                      r.getString(3),
                      JsonText.readObject(r.getString(4))));
            }
          }
          return out;
        });
  }

  @Override
  public synchronized void setNotes(String runId, String notes) {
    transaction(
        "set the notes of run " + runId,
        () ->
            requireRun(
                update("UPDATE runs SET notes = ? WHERE id = ?", notes == null ? "" : notes, runId),
                runId));
  }

  @Override
  public synchronized void setTags(String runId, List<String> tags) {
    transaction(
        "set the tags of run " + runId,
        () -> {
          requireRun(update("UPDATE runs SET id = id WHERE id = ?", runId), runId);
          update("DELETE FROM run_tags WHERE run_id = ?", runId);
          insertTags(runId, tags);
        });
  }

  @Override
  public synchronized List<RunRecord> leaderboard(String dataset, int limit) {
    String select =
        "SELECT "
            + RUN_COLUMNS
            + " FROM runs WHERE dataset = ? AND status = 'FINISHED' AND test_accuracy IS NOT NULL"
            + " ORDER BY test_accuracy DESC, created_at LIMIT "
            + Math.max(0, limit);
    return read(
        "read the leaderboard of " + dataset,
        () -> {
          Map<String, List<String>> tags = new HashMap<>();
          try (PreparedStatement p =
                  prepare(
                      "SELECT run_id, tag FROM run_tags WHERE run_id IN (SELECT id FROM ("
                          + select
                          + ") listed) ORDER BY tag",
                      dataset);
              ResultSet r = p.executeQuery()) {
            while (r.next()) {
              tags.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
            }
          }
          return runRecords(select, new Object[] {dataset}, tags);
        });
  }

  @Override
  public synchronized String createSweep(String name, String specJson) {
    String id = newId();
    transaction(
        "create sweep " + name,
        () ->
            update(
                "INSERT INTO sweeps (id, name, spec, created_at) VALUES (?, ?, ?, ?)",
                id,
                name,
                specJson,
                System.currentTimeMillis()));
    return id;
  }

  @Override
  public synchronized List<SweepRecord> sweeps() {
    return read(
        "list sweeps",
        () -> {
          List<SweepRecord> out = new ArrayList<>();
          try (PreparedStatement p =
                  prepare(
                      "SELECT id, name, spec, created_at FROM sweeps ORDER BY created_at DESC");
              ResultSet r = p.executeQuery()) {
            while (r.next()) {
              out.add(
                  new SweepRecord(r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
            }
          }
          return out;
        });
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new RunStoreException(
          "Cannot close the run store " + dialect.displayUri + ": " + e.getMessage(), e);
    }
  }

  private List<RunRecord> runRecords(String sql, Object[] args, Map<String, List<String>> tags)
      throws SQLException {
    List<RunRecord> out = new ArrayList<>();
    try (PreparedStatement p = prepare(sql, args);
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        String id = r.getString(1);
        String dir = r.getString(5);
        out.add(
            new RunRecord(
                id,
                r.getString(2),
                r.getString(3),
                r.getString(4),
                dir == null ? null : Path.of(dir),
                r.getString(6),
                RunStatus.valueOf(r.getString(7)),
                r.getLong(8),
                r.getLong(9),
                r.getLong(10),
                JsonText.readObject(r.getString(11)),
                JsonText.readObject(r.getString(12)),
                JsonText.readObject(r.getString(13)),
                r.getString(14),
                List.copyOf(tags.getOrDefault(id, List.of()))));
      }
    }
    return out;
  }

  private List<String> tags(String runId) throws SQLException {
    return strings("SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag", runId);
  }

  private List<String> strings(String sql, Object... args) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = prepare(sql, args);
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  private void insertTags(String runId, List<String> tags) throws SQLException {
    for (String tag : tags.stream().distinct().toList()) {
      update("INSERT INTO run_tags (run_id, tag) VALUES (?, ?)", runId, tag);
    }
  }

  private static void requireRun(int rows, String runId) {
    if (rows == 0) {
      throw new IllegalArgumentException("There is no run with id " + runId + " in the store.");
    }
  }

  private int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = prepare(sql, args)) {
      return p.executeUpdate();
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement p = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case null -> p.setNull(i + 1, Types.NULL);
          case String s -> p.setString(i + 1, s);
          case Long l -> p.setLong(i + 1, l);
          case Integer n -> p.setInt(i + 1, n);
          case Double d -> p.setDouble(i + 1, d);
          default -> throw new IllegalArgumentException("Unsupported SQL argument " + args[i]);
        }
      }
      return p;
    } catch (SQLException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  private interface SqlRead<T> {
    T read() throws SQLException;
  }

  private void transaction(String what, SqlWork work) {
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private <T> T read(String what, SqlRead<T> work) {
    try {
      return work.read();
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private RunStoreException failure(String what, SQLException e) {
    return new RunStoreException(
        "Cannot " + what + " in the run store " + dialect.displayUri + ": " + e.getMessage(), e);
  }

  private static String newId() {
    byte[] b = new byte[6];
    IDS.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
