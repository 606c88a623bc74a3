package dev.sumi.track;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbered schema migrations, {@code migrations/V<n>__<what>.sql} beside this class, applied in
 * order. Add a file and its name here to change the schema; never edit one that was released.
 */
final class Migrations {
  static final List<String> FILES = List.of("V1__runs_metrics_artifacts_sweeps.sql");

  /** The schema version this code writes and understands. */
  static final int LATEST = FILES.size();

  private Migrations() {}

  /** The statements of migration {@code version} (from 1). */
  static List<String> statements(int version) {
    String file = FILES.get(version - 1);
    if (!file.startsWith("V" + version + "__")) {
      throw new IllegalStateException("Migration " + version + " is named " + file + ".");
    }
    String sql;
    try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + file)) {
      if (in == null) {
        throw new IllegalStateException("The migration resource " + file + " is missing.");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the migration " + file + ".", e);
    }
    StringBuilder code = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String s : code.toString().split(";")) {
      if (!s.isBlank()) {
        statements.add(s.strip());
      }
    }
    return statements;
  }
}
