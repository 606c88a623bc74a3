package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunStoreTest extends RunStoreContractTest {
  @TempDir Path dir;
  private int stores;

  @Override
  String freshStoreUri() {
    return "sqlite:" + dir.resolve("runs-" + stores++ + ".db");
  }

  /** Parallel sweep trials open one new file at once and write to it together. */
  @Test
  void severalWritersShareOneNewFile() throws Exception {
    String uri = freshStoreUri();
    int writers = 4;
    int batches = 50;
    List<Future<String>> runs = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int w = 0; w < writers; w++) {
        runs.add(
            pool.submit(
                () -> {
                  try (RunStore s = RunStores.open(uri)) {
                    String id = s.createRun(newRun("mnist", "lenet5"));
                    for (int b = 0; b < batches; b++) {
                      List<MetricPoint> points = new ArrayList<>();
                      for (int i = 0; i < 20; i++) {
                        long step = b * 20L + i + 1;
                        points.add(new MetricPoint("train_loss", step, 0, 1.0 / step, step));
                      }
                      s.appendMetrics(id, points);
                      s.heartbeat(id, b);
                    }
                    s.finishRun(id, RunStatus.FINISHED, Map.of("test_accuracy", 0.9));
                    return id;
                  }
                }));
      }
    }
    try (RunStore s = RunStores.open(uri)) {
      assertEquals(writers, s.runs(RunQuery.all()).size());
      for (Future<String> run : runs) {
        assertEquals(batches * 20, s.metrics(run.get(), "train_loss", 0, 100_000).size());
      }
      assertEquals(writers, s.leaderboard("mnist", 10).size());
    }
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
