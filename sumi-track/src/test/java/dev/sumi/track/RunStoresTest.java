package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RunStoresTest {
  @Test
  void pathsAndSqliteUrisAreSqliteFiles() {
    assertEquals("sqlite:runs.db", RunStores.dialect("runs.db").displayUri);
    assertEquals("sqlite:/tmp/x/runs.db", RunStores.dialect("/tmp/x/runs.db").displayUri);
    assertEquals("sqlite:runs/runs.db", RunStores.dialect("sqlite:runs/runs.db").displayUri);
    assertInstanceOf(Dialect.Sqlite.class, RunStores.dialect("sqlite:/tmp/a.db"));
  }

  @Test
  void postgresUrisHideThePassword() {
    Dialect d = RunStores.dialect("postgresql://sumi:secret@db.example:5433/runs");
    assertInstanceOf(Dialect.Postgres.class, d);
    assertEquals("postgresql://sumi:***@db.example:5433/runs", d.displayUri);
    assertEquals(
        "postgresql://sumi@127.0.0.1/runs",
        RunStores.dialect("postgresql://sumi@127.0.0.1/runs").displayUri);
  }

  @Test
  void unknownUrisGetOneClearSentence() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunStores.dialect("mysql://h/db"));
    assertEquals(
        "The run store URI 'mysql://h/db' has a scheme sumi does not know; expected a file path,"
            + " sqlite:PATH or postgresql://[user[:password]@]host[:port]/database.",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RunStores.dialect(""));
    assertThrows(IllegalArgumentException.class, () -> RunStores.dialect("postgresql://host"));
    assertThrows(IllegalArgumentException.class, () -> RunStores.dialect("sqlite:"));
  }
}
