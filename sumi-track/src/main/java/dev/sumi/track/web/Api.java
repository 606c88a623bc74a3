package dev.sumi.track.web;

import dev.sumi.track.Artifact;
import dev.sumi.track.RunQuery;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStore;
import dev.sumi.track.SweepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The JSON API under {@code /api}. */
final class Api {
  /** Most points of one metric sent at once; the store downsamples longer series. */
  static final int MAX_POINTS = 2_000;

  /** The metric the overlay shows first: the one a recorder logs most often. */
  static final String DEFAULT_KEY = "train_loss";

  /** Most runs whose curves one request may ask for. */
  static final int MAX_OVERLAY = 50;

  private final RunStore store;

  Api(RunStore store) {
    this.store = store;
  }

  void handle(Request r) throws IOException {
    List<String> s = r.segments;
    long now = System.currentTimeMillis();
    String resource = s.size() > 1 ? s.get(1) : "";
    switch (resource) {
      case "runs" -> {
        if (s.size() == 2) {
          requireGet(r);
          RunQuery q =
              new RunQuery(
                  r.param("dataset"),
                  r.param("model"),
                  r.param("tag"),
                  r.param("sweep"),
                  Math.clamp(r.longParam("limit", 10_000), 1, 100_000));
          r.sendJsonTagged(RunJson.runs(store.runs(q), now));
        } else {
          runResource(r, s.get(2), s.size() > 3 ? s.get(3) : "", now);
        }
      }
      case "leaderboard" -> {
        requireGet(r);
        String dataset = r.param("dataset");
        if (dataset == null) {
          throw new Request.BadRequest("Parameter dataset must name a data set, e.g. mnist.");
        }
        int limit = Math.clamp(r.longParam("limit", 100), 1, 10_000);
        r.sendJson(200, RunJson.runs(store.leaderboard(dataset, limit), now));
      }
      case "datasets" -> {
        requireGet(r);
        TreeSet<String> names = new TreeSet<>();
        for (RunRecord run : store.runs(RunQuery.all())) {
          if (run.dataset() != null) {
            names.add(run.dataset());
          }
        }
        r.sendJson(200, List.copyOf(names));
      }
      case "series" -> {
        requireGet(r);
        r.sendJson(200, series(r.param("runs"), r.param("key")));
      }
      case "sweeps" -> {
        requireGet(r);
        List<Object> out = new ArrayList<>();
        for (SweepRecord sweep : store.sweeps()) {
          out.add(RunJson.sweep(sweep));
        }
        r.sendJson(200, out);
      }
      default -> throw new Request.NotFound("No API resource /" + String.join("/", s) + ".");
    }
  }

  private void runResource(Request r, String id, String part, long now) throws IOException {
    RunRecord run =
        store.run(id).orElseThrow(() -> new Request.NotFound("No run with id " + id + "."));
    switch (part) {
      case "" -> {
        requireGet(r);
        r.sendJson(200, RunJson.run(run, now));
      }
      case "keys" -> {
        requireGet(r);
        r.sendJson(200, store.metricKeys(id));
      }
      case "points" -> {
        requireGet(r);
        String key = r.param("key");
        if (key == null) {
          throw new Request.BadRequest("Parameter key must name a metric, e.g. train_loss.");
        }
        long after = r.longParam("after", Long.MIN_VALUE);
        int max = Math.clamp(r.longParam("max", MAX_POINTS), 2, MAX_POINTS);
        r.sendJson(
            200, Map.of("key", key, "points", RunJson.points(store.metrics(id, key, after, max))));
      }
      case "artifacts" -> {
        requireGet(r);
        List<Object> out = new ArrayList<>();
        for (Artifact a : store.artifacts(id)) {
          out.add(RunJson.artifact(a));
        }
        r.sendJson(200, out);
      }
      case "file" -> {
        requireGet(r);
        Path file = RunFiles.resolve(run.runDir(), r.param("path"));
        r.send(200, RunFiles.contentType(file), Files.readAllBytes(file));
      }
      case "notes" -> {
        requireWrite(r);
        if (!(r.jsonBody().get("notes") instanceof String notes)) {
          throw new Request.BadRequest("The body must be {\"notes\": TEXT}.");
        }
        store.setNotes(id, notes);
        r.sendJson(200, RunJson.run(store.run(id).orElseThrow(), now));
      }
      case "tags" -> {
        requireWrite(r);
        store.setTags(id, tags(r.jsonBody().get("tags")));
        r.sendJson(200, RunJson.run(store.run(id).orElseThrow(), now));
      }
      default -> throw new Request.NotFound("Runs have no resource " + part + ".");
    }
  }

  /**
   * One metric of several runs at once, for the overlay: {@code {keys, key, points: {RUN: [...]}}}
   * with the union of their metric names; without a key, the recorder's step-level {@code
   * train_loss}, else the first one naming a loss.
   */
  private Map<String, Object> series(String runs, String key) {
    if (runs == null) {
      throw new Request.BadRequest("Parameter runs must list run ids separated by commas.");
    }
    List<String> ids = List.of(runs.split(","));
    if (ids.size() > MAX_OVERLAY) {
      throw new Request.BadRequest("At most " + MAX_OVERLAY + " runs can be overlaid at once.");
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String id : ids) {
      if (store.run(id).isEmpty()) {
        throw new Request.NotFound("No run with id " + id + ".");
      }
      keys.addAll(store.metricKeys(id));
    }
    String chosen =
        key != null && keys.contains(key)
            ? key
            : keys.contains(DEFAULT_KEY)
                ? DEFAULT_KEY
                : keys.stream()
                    .filter(k -> k.contains("loss"))
                    .findFirst()
                    .orElse(keys.isEmpty() ? null : keys.first());
    Map<String, Object> points = new LinkedHashMap<>();
    for (String id : ids) {
      points.put(
          id,
          chosen == null
              ? List.of()
              : RunJson.points(store.metrics(id, chosen, Long.MIN_VALUE, MAX_POINTS)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("keys", List.copyOf(keys));
    out.put("key", chosen);
    out.put("points", points);
    return out;
  }

  private static List<String> tags(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new Request.BadRequest("The body must be {\"tags\": [TEXT, ...]}.");
    }
    List<String> tags = new ArrayList<>();
    for (Object t : list) {
      if (!(t instanceof String tag) || tag.isBlank() || tag.length() > 100) {
        throw new Request.BadRequest(
            "Each tag must be a non-empty string of at most 100 characters.");
      }
      if (!tags.contains(tag.strip())) {
        tags.add(tag.strip());
      }
    }
    return tags;
  }

  private static void requireGet(Request r) {
    if (!r.method.equals("GET")) {
      throw new MethodNotAllowed("GET");
    }
  }

  private static void requireWrite(Request r) {
    if (!r.method.equals("PUT") && !r.method.equals("POST")) {
      throw new MethodNotAllowed("PUT or POST");
    }
  }

  /** A method the resource does not take; answered with 405. */
  static final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MethodNotAllowed(String allowed) {
      super("This resource takes " + allowed + ".");
    }
  }
}
