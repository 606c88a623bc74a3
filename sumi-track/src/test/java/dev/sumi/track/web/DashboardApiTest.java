package dev.sumi.track.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.io.Json;
import dev.sumi.track.InMemoryRunStore;
import dev.sumi.track.NewRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardApiTest {
  @TempDir Path root;
  InMemoryRunStore store;
  Dashboard dashboard;
  Http http;

  @BeforeEach
  void start() {
    store = new InMemoryRunStore();
    dashboard = Dashboard.start(store, "127.0.0.1", 0, null);
    http = new Http(dashboard);
  }

  @AfterEach
  void stop() {
    dashboard.close();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return (List<Map<String, Object>>) Http.json(r);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return (Map<String, Object>) Http.json(r);
  }

  @Test
  void listsRunsNewestFirstAndFiltersThem() throws Exception {
    String a = Fixtures.finishedRun(store, root, "a", "mnist", 0.98, 10);
    String b = Fixtures.finishedRun(store, root, "b", "fashion", 0.90, 10);
    store.setTags(b, List.of("baseline"));

    List<Map<String, Object>> all = list(http.get("/api/runs"));
    assertEquals(List.of(b, a), all.stream().map(r -> r.get("id")).toList());
    Map<String, Object> first = all.getFirst();
    assertEquals("finished", first.get("status"));
    assertEquals(0.90, first.get("testAccuracy"));
    assertEquals(44_426L, first.get("parameters"));
    assertEquals(12.5, first.get("trainSeconds"));
    assertEquals(64L, ((Map<?, ?>) first.get("config")).get("batch"));

    assertEquals(List.of(a), ids(http.get("/api/runs?dataset=mnist")));
    assertEquals(List.of(b), ids(http.get("/api/runs?tag=baseline")));
    assertEquals(List.of(), ids(http.get("/api/runs?model=resnet")));
    assertEquals(List.of("fashion", "mnist"), Http.json(http.get("/api/datasets")));
  }

  @Test
  void answersAnUnchangedRunListWithNotModified() throws Exception {
    Fixtures.finishedRun(store, root, "a", "mnist", 0.98, 10);
    HttpResponse<String> first = http.get("/api/runs");
    String tag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> same = http.get("/api/runs", "If-None-Match", tag);
    assertEquals(304, same.statusCode());
    assertEquals("", same.body());

    Fixtures.finishedRun(store, root, "b", "mnist", 0.97, 10);
    HttpResponse<String> changed = http.get("/api/runs", "If-None-Match", tag);
    assertEquals(2, list(changed).size());
    assertNotEquals(tag, changed.headers().firstValue("ETag").orElseThrow());
    assertEquals(
        200, http.get("/api/runs?dataset=mnist", "If-None-Match", "\"other\"").statusCode());
  }

  @Test
  void sendsOneRunItsKeysAndArtifacts() throws Exception {
    String id = Fixtures.finishedRun(store, root, "one", "mnist", 0.97, 5);
    assertEquals("one", object(http.get("/api/runs/" + id)).get("name"));
    assertEquals(List.of("train_loss"), Http.json(http.get("/api/runs/" + id + "/keys")));
    List<Map<String, Object>> artifacts = list(http.get("/api/runs/" + id + "/artifacts"));
    assertEquals(
        List.of("confusion_matrix", "filters", "misclassified"),
        artifacts.stream().map(a -> a.get("kind")).toList());
    var file = http.get("/api/runs/" + id + "/file?path=confusion.json");
    assertEquals(200, file.statusCode());
    assertTrue(file.body().contains("\"counts\""));
    assertEquals(404, http.get("/api/runs/nope").statusCode());
    assertTrue(http.get("/api/runs/nope").body().contains("No run with id nope"));
  }

  @Test
  void downsamplesPointsAndSendsOnlyThoseAfterAStep() throws Exception {
    String id = Fixtures.finishedRun(store, root, "long", "mnist", 0.97, 10_000);
    List<?> points =
        (List<?>) object(http.get("/api/runs/" + id + "/points?key=train_loss")).get("points");
    assertEquals(Api.MAX_POINTS, points.size());
    assertEquals(0L, ((List<?>) points.getFirst()).getFirst());
    assertEquals(9_999L, ((List<?>) points.getLast()).getFirst());

    List<?> after =
        (List<?>)
            object(http.get("/api/runs/" + id + "/points?key=train_loss&after=9990")).get("points");
    assertEquals(9, after.size());
    assertEquals(9_991L, ((List<?>) after.getFirst()).getFirst());

    var bad = http.get("/api/runs/" + id + "/points?key=train_loss&after=soon");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("Parameter after must be a whole number"));
    assertEquals(400, http.get("/api/runs/" + id + "/points").statusCode());
  }

  @Test
  void sendsOneMetricOfSeveralRunsForTheOverlay() throws Exception {
    String a = Fixtures.finishedRun(store, root, "a", "mnist", 0.97, 3_000);
    String b = Fixtures.finishedRun(store, root, "b", "mnist", 0.98, 30);
    store.appendMetrics(
        b,
        List.of(
            new dev.sumi.track.MetricPoint("val_accuracy", 30, 0.3, 0.9, 0),
            new dev.sumi.track.MetricPoint("epoch_train_loss", 30, 0.3, 0.4, 0)));
    Map<String, Object> s = object(http.get("/api/series?runs=" + a + "," + b));
    assertEquals(List.of("epoch_train_loss", "train_loss", "val_accuracy"), s.get("keys"));
    assertEquals("train_loss", s.get("key"), "the step-level loss before the epoch one");
    Map<?, ?> points = (Map<?, ?>) s.get("points");
    assertEquals(Api.MAX_POINTS, ((List<?>) points.get(a)).size());
    assertEquals(30, ((List<?>) points.get(b)).size());
    Map<?, ?> val =
        (Map<?, ?>)
            object(http.get("/api/series?runs=" + a + "," + b + "&key=val_accuracy")).get("points");
    assertEquals(List.of(), val.get(a));
    assertEquals(List.of(List.of(30L, 0.3, 0.9)), val.get(b));
    assertEquals(404, http.get("/api/series?runs=" + a + ",nope").statusCode());
    assertEquals(400, http.get("/api/series").statusCode());
  }

  @Test
  void editsNotesAndTags() throws Exception {
    String id = Fixtures.finishedRun(store, root, "edit", "mnist", 0.97, 5);
    assertEquals(
        "try lr 0.1",
        object(http.put("/api/runs/" + id + "/notes", Map.of("notes", "try lr 0.1"))).get("notes"));
    assertEquals("try lr 0.1", store.run(id).orElseThrow().notes());
    object(http.put("/api/runs/" + id + "/tags", Map.of("tags", List.of(" best ", "cnn", "best"))));
    assertEquals(List.of("best", "cnn"), store.run(id).orElseThrow().tags());

    var wrong = http.put("/api/runs/" + id + "/tags", Map.of("tags", "best"));
    assertEquals(400, wrong.statusCode());
    assertTrue(wrong.body().contains("{\\\"tags\\\": [TEXT, ...]}"), wrong.body());
    assertEquals(405, http.get("/api/runs/" + id + "/notes").statusCode());
  }

  @Test
  void leaderboardRanksFinishedRunsOfOneDataSet() throws Exception {
    String low = Fixtures.finishedRun(store, root, "low", "mnist", 0.95, 5);
    String high = Fixtures.finishedRun(store, root, "high", "mnist", 0.99, 5);
    String mid = Fixtures.finishedRun(store, root, "mid", "mnist", 0.97, 5);
    Fixtures.finishedRun(store, root, "other", "fashion", 0.999, 5);
    store.createRun(Fixtures.newRun(root, "running", "mnist", "lenet", Map.of()));
    assertEquals(List.of(high, mid, low), ids(http.get("/api/leaderboard?dataset=mnist")));
    assertEquals(400, http.get("/api/leaderboard").statusCode());
  }

  @Test
  void listsSweepsAndTheirTrials() throws Exception {
    String sweep = store.createSweep("lr search", "{\"method\":\"grid\"}");
    NewRun trial =
        new NewRun(
            "trial-1", "mnist", "lenet", root, sweep, Map.of("lr", 0.1), Map.of(), List.of());
    String id = store.createRun(trial);
    List<Map<String, Object>> sweeps = list(http.get("/api/sweeps"));
    assertEquals("lr search", sweeps.getFirst().get("name"));
    assertEquals("{\"method\":\"grid\"}", sweeps.getFirst().get("spec"));
    assertEquals(List.of(id), ids(http.get("/api/runs?sweep=" + sweep)));
  }

  @Test
  void servesThePageAndEcharts() throws Exception {
    var page = http.get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow()
            .contains("script-src 'self'"));
    var echarts = http.get("/vendor/echarts.min.js");
    assertEquals(200, echarts.statusCode());
    assertTrue(echarts.body().length() > 500_000);
    assertEquals(200, http.get("/static/app.js").statusCode());
    assertEquals(404, http.get("/static/missing.js").statusCode());
    assertEquals(404, http.get("/static/..%2Fweb%2FDashboard.class").statusCode());
  }

  @Test
  void liveStreamSendsOnlyNewPointsThenTheEnd() throws Exception {
    NewRun run = Fixtures.newRun(root, "live", "mnist", "lenet", Map.of());
    String id = store.createRun(run);
    store.appendMetrics(id, Fixtures.loss(0, 50, 100));
    String since =
        URLEncoder.encode("{\"" + id + "\":{\"train_loss\":49}}", StandardCharsets.UTF_8);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<java.io.InputStream> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + dashboard.port() + "/api/live?since=" + since))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    List<String> events = new ArrayList<>();
    try (var reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      store.appendMetrics(id, Fixtures.loss(50, 10, 100));
      store.finishRun(id, dev.sumi.track.RunStatus.FINISHED, Map.of("test_accuracy", 0.9));
      String event = null;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          events.add(event);
          if (event.equals("points")) {
            Map<?, ?> data = (Map<?, ?>) Json.parse(line.substring(6));
            List<?> points = (List<?>) data.get("points");
            assertEquals(10, points.size(), "only the points after step 49");
            assertEquals(50L, ((List<?>) points.getFirst()).getFirst());
          }
        }
      }
    }
    assertEquals(List.of("points", "status", "end"), events);
    assertEquals(400, http.get("/api/live?since=%7Bnot%20json").statusCode());
  }

  private static List<Object> ids(HttpResponse<String> r) {
    return list(r).stream().map(m -> m.get("id")).toList();
  }
}
