package dev.sumi.track.web;

import dev.sumi.io.Json;
import dev.sumi.track.MetricPoint;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStatus;
import dev.sumi.track.RunStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Server-sent events with the new metric points of running runs. The client names, for each run it
 * shows, the last step it has of each metric ({@code since={"RUN":{"KEY":STEP}}}); the server polls
 * the store every second and sends only points after those steps, then a {@code status} event when
 * a run ends, and {@code end} when no watched run is running any more.
 */
final class LiveStream {
  static final long POLL_MILLIS = 1_000;

  private final RunStore store;
  private final BooleanSupplier serving;

  LiveStream(RunStore store, BooleanSupplier serving) {
    this.store = store;
    this.serving = serving;
  }

  void handle(Request r) throws IOException {
    Map<String, Map<String, Long>> cursors = cursors(r.param("since"));
    r.exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    r.exchange.getResponseHeaders().set("Cache-Control", "no-store");
    r.exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = r.exchange.getResponseBody()) {
      write(out, ": watching " + cursors.size() + " runs\n\n");
      while (serving.getAsBoolean()) {
        poll(cursors, out);
        if (cursors.isEmpty()) {
          write(out, "event: end\ndata: {}\n\n");
          return;
        }
        write(out, ": tick\n\n"); // fails once the client has gone
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client closed the stream.
    }
  }

  private void poll(Map<String, Map<String, Long>> cursors, OutputStream out) throws IOException {
    for (var it = cursors.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      String id = entry.getKey();
      Optional<RunRecord> run = store.run(id);
      if (run.isEmpty()) {
        it.remove();
        continue;
      }
      Map<String, Long> last = entry.getValue();
      for (String key : store.metricKeys(id)) {
        List<MetricPoint> points =
            store.metrics(id, key, last.getOrDefault(key, Long.MIN_VALUE), Api.MAX_POINTS);
        if (!points.isEmpty()) {
          last.put(key, points.getLast().step());
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("run", id);
          data.put("key", key);
          data.put("points", RunJson.points(points));
          write(out, "event: points\ndata: " + Json.write(data) + "\n\n");
        }
      }
      if (run.get().status() != RunStatus.RUNNING) {
        write(
            out,
            "event: status\ndata: "
                + Json.write(RunJson.run(run.get(), System.currentTimeMillis()))
                + "\n\n");
        it.remove();
      }
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static Map<String, Map<String, Long>> cursors(String since) {
    String expected =
        "Parameter since must be a JSON object {\"RUN\": {\"KEY\": STEP}} naming the runs to watch.";
    if (since == null) {
      throw new Request.BadRequest(expected);
    }
    Object parsed;
    try {
      parsed = Json.parse(since);
    } catch (RuntimeException e) {
      throw new Request.BadRequest(expected);
    }
    if (!(parsed instanceof Map<?, ?> runs) || runs.size() > 100) {
      throw new Request.BadRequest(expected);
    }
    Map<String, Map<String, Long>> cursors = new LinkedHashMap<>();
    for (var run : runs.entrySet()) {
      if (!(run.getValue() instanceof Map<?, ?> keys)) {
        throw new Request.BadRequest(expected);
      }
      Map<String, Long> last = new HashMap<>();
      for (var key : keys.entrySet()) {
        if (!(key.getValue() instanceof Number step)) {
          throw new Request.BadRequest(expected);
        }
        last.put(String.valueOf(key.getKey()), step.longValue());
      }
      cursors.put(String.valueOf(run.getKey()), last);
    }
    return cursors;
  }
}
