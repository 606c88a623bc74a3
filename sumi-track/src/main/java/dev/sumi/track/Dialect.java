package dev.sumi.track;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** What differs between SQLite and PostgreSQL: connecting, and serialising migrations. */
abstract sealed class Dialect {
  /** The store's URI as shown in messages (never with a password). */
  final String displayUri;

  private Dialect(String displayUri) {
    this.displayUri = displayUri;
  }

  abstract Connection connect() throws SQLException;

  /**
   * Called first in the migration transaction so that two processes opening a new store at once do
   * not both migrate it.
   */
  abstract void lockForMigration(Statement statement) throws SQLException;

  static final class Sqlite extends Dialect {
    private final String path;

    Sqlite(String path) {
      super("sqlite:" + path);
      this.path = path;
    }

    @Override
    Connection connect() throws SQLException {
      Properties p = new Properties();
      p.setProperty("busy_timeout", "30000");
      p.setProperty("journal_mode", "WAL");
      // In WAL mode NORMAL never corrupts the file; a crash loses at most the last commits.
      p.setProperty("synchronous", "NORMAL");
      p.setProperty("foreign_keys", "true");
      // Take the write lock when a transaction begins, so busy_timeout applies instead of a
      // deadlock between two readers that both want to write.
      p.setProperty("transaction_mode", "IMMEDIATE");
      return DriverManager.getConnection("jdbc:sqlite:" + path, p);
    }

    @Override
    void lockForMigration(Statement statement) {
      // IMMEDIATE transactions already hold the database's single write lock.
    }
  }

  static final class Postgres extends Dialect {
    private final String jdbcUrl;
    private final String user;
    private final String password;

    Postgres(String displayUri, String jdbcUrl, String user, String password) {
      super(displayUri);
      this.jdbcUrl = jdbcUrl;
      this.user = user;
      this.password = password;
    }

    @Override
    Connection connect() throws SQLException {
      Properties p = new Properties();
      if (user != null) {
        p.setProperty("user", user);
      }
      if (password != null) {
        p.setProperty("password", password);
      }
      p.setProperty("reWriteBatchedInserts", "true");
      p.setProperty("ApplicationName", "sumi");
      return DriverManager.getConnection(jdbcUrl, p);
    }

    @Override
    void lockForMigration(Statement statement) throws SQLException {
      statement.execute("SELECT pg_advisory_xact_lock(7274001)");
    }
  }
}
