package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunStoreTest extends RunStoreContractTest {
  @TempDir Path dir;
  private int stores;

  @Override
  String freshStoreUri() {
    return "sqlite:" + dir.resolve("runs-" + stores++ + ".db");
  }

  @Test
  void aPlainPathIsASqliteFileInWalMode() throws Exception {
    Path file = dir.resolve("sub/plain.db");
    Files.createDirectories(file.getParent());
    try (RunStore s = RunStores.open(file.toString())) {
      s.createRun(newRun("mnist", "lenet5"));
    }
    try (var c = RunStores.dialect(file.toString()).connect();
        var st = c.createStatement();
        ResultSet r = st.executeQuery("PRAGMA journal_mode")) {
      r.next();
      assertEquals("wal", r.getString(1));
    }
  }
}
