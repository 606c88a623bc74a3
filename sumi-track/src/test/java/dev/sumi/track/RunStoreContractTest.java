package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same assertions for every backend; subclasses give a fresh, empty store per test. */
abstract class RunStoreContractTest {
  RunStore store;

  /** A URI of a new, empty store. */
  abstract String freshStoreUri() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = RunStores.open(freshStoreUri());
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  static NewRun newRun(String dataset, String model, String... tags) {
    return new NewRun(
        null,
        dataset,
        model,
        Path.of("runs", dataset + "-" + model),
        null,
        Map.of("lr", 0.001, "batch_size", 128L, "optimizer", Map.of("name", "adam")),
        Map.of("processors", 2L),
        List.of(tags));
  }

  @Test
  void newStoreIsAtTheLatestSchemaVersion() {
    assertEquals(Migrations.LATEST, store.schemaVersion());
  }

  @Test
  void createdRunReadsBackWithConfigEnvironmentAndTags() {
    String id = store.createRun(newRun("mnist", "lenet5", "baseline", "cpu"));
    RunRecord r = store.run(id).orElseThrow();
    assertEquals("mnist-lenet5", r.name(), "the name defaults to the run folder's name");
    assertEquals("mnist", r.dataset());
    assertEquals("lenet5", r.model());
    assertEquals(Path.of("runs", "mnist-lenet5"), r.runDir());
    assertEquals(RunStatus.RUNNING, r.status());
    assertTrue(r.createdAt() > 0);
    assertEquals(0, r.finishedAt());
    assertEquals(0.001, r.config().get("lr"));
    assertEquals(128L, r.config().get("batch_size"));
    assertEquals(Map.of("name", "adam"), r.config().get("optimizer"));
    assertEquals(2L, r.environment().get("processors"));
    assertEquals(List.of("baseline", "cpu"), r.tags());
    assertTrue(r.summary().isEmpty());
    assertTrue(Double.isNaN(r.testAccuracy()));
    assertTrue(store.run("no-such-run").isEmpty());
  }

  @Test
  void metricsComeBackInStepOrderWithNaNAndAfterStep() {
    String id = store.createRun(newRun("mnist", "lenet5"));
    store.appendMetrics(
        id,
        List.of(
            new MetricPoint("train_loss", 20, 0.1, 2.0, 1000),
            new MetricPoint("train_loss", 40, 0.2, Double.NaN, 2000),
            new MetricPoint("val_loss", 40, 0.2, 1.5, 2000)));
    store.appendMetrics(id, List.of(new MetricPoint("train_loss", 60, 0.3, 1.0, 3000)));
    List<MetricPoint> loss = store.metrics(id, "train_loss", -1, 1000);
    assertEquals(List.of(20L, 40L, 60L), loss.stream().map(MetricPoint::step).toList());
    assertEquals(new MetricPoint("train_loss", 20, 0.1, 2.0, 1000), loss.get(0));
    assertTrue(Double.isNaN(loss.get(1).value()));
    assertEquals(
        List.of(60L),
        store.metrics(id, "train_loss", 40, 1000).stream().map(MetricPoint::step).toList());
    assertEquals(List.of("train_loss", "val_loss"), store.metricKeys(id));
    assertTrue(store.metrics(id, "nothing", -1, 10).isEmpty());
  }

  @Test
  void manyPointsAreDownsampledKeepingFirstLastAndSpikes() {
    String id = store.createRun(newRun("mnist", "lenet5"));
    List<MetricPoint> points = new ArrayList<>();
    for (int step = 1; step <= 10_000; step++) {
      double v = step == 5_000 ? 100.0 : 1.0 / step;
      points.add(new MetricPoint("train_loss", step, step / 469.0, v, step));
    }
    store.appendMetrics(id, points);
    List<MetricPoint> down = store.metrics(id, "train_loss", 0, 200);
    assertTrue(down.size() <= 200, "got " + down.size() + " points");
    assertTrue(down.size() >= 100, "got only " + down.size() + " points");
    assertEquals(1, down.get(0).step());
    assertEquals(10_000, down.get(down.size() - 1).step());
    assertTrue(down.stream().anyMatch(p -> p.value() == 100.0), "the spike survives");
    for (int i = 1; i < down.size(); i++) {
      assertTrue(down.get(i).step() > down.get(i - 1).step(), "steps strictly increase");
    }
    assertEquals(2, store.metrics(id, "train_loss", 0, 2).size());
    assertThrows(IllegalArgumentException.class, () -> store.metrics(id, "train_loss", 0, 1));
  }

  @Test
  void finishedRunsRankOnTheLeaderboardOfTheirDataSet() {
    String a = store.createRun(newRun("mnist", "lenet5"));
    String b = store.createRun(newRun("mnist", "keras-simple", "best"));
    String c = store.createRun(newRun("fashion-mnist", "lenet5"));
    String running = store.createRun(newRun("mnist", "vgg-bn"));
    store.finishRun(a, RunStatus.FINISHED, Map.of("test_accuracy", 0.981, "wall_seconds", 30.0));
    store.finishRun(b, RunStatus.FINISHED, Map.of("test_accuracy", 0.993));
    store.finishRun(c, RunStatus.FINISHED, Map.of("test_accuracy", 0.999));
    store.heartbeat(running, 12345);

    List<RunRecord> board = store.leaderboard("mnist", 10);
    assertEquals(List.of(b, a), board.stream().map(RunRecord::id).toList());
    assertEquals(List.of("best"), board.get(0).tags());
    assertEquals(1, store.leaderboard("mnist", 1).size());
    RunRecord first = store.run(a).orElseThrow();
    assertEquals(RunStatus.FINISHED, first.status());
    assertEquals(0.981, first.testAccuracy());
    assertEquals(30.0, first.summary().get("wall_seconds"));
    assertTrue(first.finishedAt() >= first.createdAt());
    assertEquals(12345, store.run(running).orElseThrow().heartbeatAt());
  }

  @Test
  void nonFiniteSummaryValuesAreStoredAsNull() {
    String id = store.createRun(newRun("mnist", "lenet5"));
    store.finishRun(id, RunStatus.STOPPED, Map.of("val_loss", Double.NaN, "epochs", 2));
    RunRecord r = store.run(id).orElseThrow();
    assertEquals(RunStatus.STOPPED, r.status());
    assertTrue(r.summary().containsKey("val_loss"));
    assertEquals(null, r.summary().get("val_loss"));
    assertTrue(store.leaderboard("mnist", 10).isEmpty());
  }

  @Test
  void runsAreFilteredAndListedNewestFirst() throws InterruptedException {
    String sweep = store.createSweep("lr search", "{\"method\":\"grid\"}");
    String a = store.createRun(newRun("mnist", "lenet5", "x"));
    Thread.sleep(3);
    String b =
        store.createRun(
            new NewRun(
                "trial 1",
                "mnist",
                "keras-simple",
                null,
                sweep,
                Map.of(),
                Map.of(),
                List.of("x", "y")));
    Thread.sleep(3);
    String c = store.createRun(newRun("fashion-mnist", "lenet5"));

    assertEquals(List.of(c, b, a), ids(RunQuery.all()));
    assertEquals(List.of(b, a), ids(new RunQuery("mnist", null, null, null, 100)));
    assertEquals(List.of(c, a), ids(new RunQuery(null, "lenet5", null, null, 100)));
    assertEquals(List.of(b, a), ids(new RunQuery(null, null, "x", null, 100)));
    assertEquals(List.of(b), ids(new RunQuery(null, null, "y", null, 100)));
    assertEquals(List.of(b), ids(new RunQuery(null, null, null, sweep, 100)));
    assertEquals(List.of(c), ids(new RunQuery(null, null, null, null, 1)));
    RunRecord trial = store.run(b).orElseThrow();
    assertEquals("trial 1", trial.name());
    assertEquals(sweep, trial.sweepId());
    assertEquals(List.of("x", "y"), trial.tags());
    assertEquals(List.of("x", "y"), store.runs(RunQuery.all()).get(1).tags());
  }

  private List<String> ids(RunQuery q) {
    return store.runs(q).stream().map(RunRecord::id).toList();
  }

  @Test
  void artifactsAreListedAndReplacedByName() {
    String id = store.createRun(newRun("mnist", "lenet5"));
    store.addArtifact(id, new Artifact("model", Artifact.KIND_MODEL, "model.sumi", Map.of()));
    store.addArtifact(
        id,
        new Artifact(
            "confusion", Artifact.KIND_CONFUSION_MATRIX, "confusion.json", Map.of("classes", 10L)));
    store.addArtifact(
        id,
        new Artifact(
            "confusion", Artifact.KIND_CONFUSION_MATRIX, "confusion2.json", Map.of("classes", 3L)));
    List<Artifact> all = store.artifacts(id);
    assertEquals(List.of("confusion", "model"), all.stream().map(Artifact::name).toList());
    Artifact confusion =
        all.stream().filter(a -> a.name().equals("confusion")).findFirst().orElseThrow();
    assertEquals("confusion2.json", confusion.path());
    assertEquals(Map.of("classes", 3L), confusion.meta());
    assertThrows(
        RunStoreException.class,
        () -> store.addArtifact("nope", new Artifact("m", "model", "m", Map.of())));
  }

  @Test
  void notesAndTagsCanBeChanged() {
    String id = store.createRun(newRun("mnist", "lenet5", "old"));
    store.setNotes(id, "lr too high?");
    store.setTags(id, List.of("new", "keep"));
    RunRecord r = store.run(id).orElseThrow();
    assertEquals("lr too high?", r.notes());
    assertEquals(List.of("keep", "new"), r.tags());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.setNotes("nope", "x"));
    assertEquals("There is no run with id nope in the store.", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> store.setTags("nope", List.of()));
  }

  @Test
  void sweepsAreListedNewestFirst() throws InterruptedException {
    String a = store.createSweep("first", "{\"a\":1}");
    Thread.sleep(3);
    String b = store.createSweep("second", "{\"b\":2}");
    List<SweepRecord> sweeps = store.sweeps();
    assertEquals(List.of(b, a), sweeps.stream().map(SweepRecord::id).toList());
    assertEquals("{\"b\":2}", sweeps.get(0).specJson());
    assertEquals("second", sweeps.get(0).name());
  }

  @Test
  void reopeningKeepsTheDataAndRefusesANewerSchema() throws Exception {
    String uri = freshStoreUri();
    String id;
    try (RunStore s = RunStores.open(uri)) {
      id = s.createRun(newRun("mnist", "lenet5"));
    }
    try (RunStore s = RunStores.open(uri)) {
      assertEquals(Migrations.LATEST, s.schemaVersion());
      assertTrue(s.run(id).isPresent());
    }
    executeSql(uri, "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
    RunStoreException e = assertThrows(RunStoreException.class, () -> RunStores.open(uri));
    assertEquals(
        "The run store "
            + RunStores.dialect(uri).displayUri
            + " has schema version 99, newer than this sumi understands ("
            + Migrations.LATEST
            + "); upgrade sumi.",
        e.getMessage());
  }

  /** Runs one statement on the store behind {@code uri}, outside the store. */
  static void executeSql(String uri, String sql) throws Exception {
    try (var c = RunStores.dialect(uri).connect();
        var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void demoDataFillsRunsWithCurves() {
    DemoData.fill(store, 3, 500);
    List<RunRecord> runs = store.runs(RunQuery.all());
    assertEquals(3, runs.size());
    RunRecord r = runs.get(0);
    assertEquals(500, store.metrics(r.id(), "train_loss", -1, 10_000).size());
    assertTrue(store.metricKeys(r.id()).contains("val_accuracy"));
    assertFalse(store.leaderboard(r.dataset(), 10).isEmpty());
  }
}
