package dev.sumi.track.web;

import dev.sumi.track.Artifact;
import dev.sumi.track.MetricPoint;
import dev.sumi.track.RunRecord;
import dev.sumi.track.RunStatus;
import dev.sumi.track.SweepRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes the dashboard's API answers with. */
final class RunJson {
  /** A running run without a heartbeat for this long is shown as stale. */
  static final long STALE_AFTER_MILLIS = 120_000;

  private RunJson() {}

  static Map<String, Object> run(RunRecord r, long now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("dataset", r.dataset());
    m.put("model", r.model());
    m.put("sweepId", r.sweepId());
    m.put("status", r.status().name().toLowerCase(Locale.ROOT));
    m.put("stale", r.status() == RunStatus.RUNNING && now - r.heartbeatAt() > STALE_AFTER_MILLIS);
    m.put("createdAt", r.createdAt());
    m.put("finishedAt", r.finishedAt());
    m.put("heartbeatAt", r.heartbeatAt());
    m.put("testAccuracy", finite(r.testAccuracy()));
    m.put("parameters", firstNumber(r.summary(), "parameters", "params"));
    m.put("trainSeconds", trainSeconds(r));
    m.put("notes", r.notes());
    m.put("tags", r.tags());
    m.put("config", clean(r.config()));
    m.put("environment", clean(r.environment()));
    m.put("summary", clean(r.summary()));
    return m;
  }

  static List<Object> runs(List<RunRecord> runs, long now) {
    List<Object> out = new ArrayList<>(runs.size());
    for (RunRecord r : runs) {
      out.add(run(r, now));
    }
    return out;
  }

  /** Points as compact [step, epoch, value] triples. */
  static List<Object> points(List<MetricPoint> points) {
    List<Object> out = new ArrayList<>(points.size());
    for (MetricPoint p : points) {
      out.add(Arrays.asList(p.step(), p.epoch(), finite(p.value())));
    }
    return out;
  }

  static Map<String, Object> artifact(Artifact a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", a.name());
    m.put("kind", a.kind());
    m.put("path", a.path());
    m.put("meta", clean(a.meta()));
    return m;
  }

  static Map<String, Object> sweep(SweepRecord s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("spec", s.specJson());
    m.put("createdAt", s.createdAt());
    return m;
  }

  private static Object trainSeconds(RunRecord r) {
    Object s = firstNumber(r.summary(), "wall_seconds", "train_seconds", "training_seconds");
    if (s != null) {
      return s;
    }
    return r.finishedAt() > 0 ? Math.max(0, r.finishedAt() - r.createdAt()) / 1000.0 : null;
  }

  private static Object firstNumber(Map<String, Object> map, String... keys) {
    for (String k : keys) {
      if (map.get(k) instanceof Number n) {
        return finite(n.doubleValue()) == null ? null : n;
      }
    }
    return null;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** A copy that JSON can hold: non-finite numbers become null, other objects their text. */
  static Object clean(Object value) {
    return switch (value) {
      case null -> null;
      case Double d -> Double.isFinite(d) ? d : null;
      case Float f -> Float.isFinite(f) ? f : null;
      case Number n -> n;
      case Boolean b -> b;
      case String s -> s;
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), clean(v)));
        yield out;
      }
      case Iterable<?> list -> {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(clean(v)));
        yield out;
      }
      default -> value.toString();
    };
  }
}
