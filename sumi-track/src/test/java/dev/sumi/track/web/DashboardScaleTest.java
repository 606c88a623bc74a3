package dev.sumi.track.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumi.track.InMemoryRunStore;
import dev.sumi.track.NewRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;

/**
 * Render times of the runs table and a 10-run overlay with 1,000 runs of 10,000 points each,
 * measured in Chromium with performance.now() around the page's own rendering. Run it with {@code
 * -Dsumi.scale=true}; it asserts what was rendered and prints the times.
 */
@EnabledIfSystemProperty(named = "sumi.scale", matches = "true")
class DashboardScaleTest {
  static final int RUNS = 1_000;
  static final int POINTS = 10_000;
  static final int OVERLAY = 10;
  static final int REPEATS = 8;

  @Test
  void tableAndOverlayOfAThousandLongRuns() throws Exception {
    InMemoryRunStore store = new InMemoryRunStore();
    long t0 = System.nanoTime();
    List<String> ids = new ArrayList<>();
    double[] values = new double[POINTS];
    String[] optimizers = {"sgd", "adam", "adamw"};
    for (int i = 0; i < RUNS; i++) {
      double lr = 0.001 * (1 + i % 50);
      Map<String, Object> config =
          Map.of("lr", lr, "batch", 32 << (i % 4), "optimizer", optimizers[i % 3], "epochs", 10);
      NewRun run =
          new NewRun(
              "run-" + i,
              i % 2 == 0 ? "mnist" : "fashion",
              "lenet",
              Path.of("runs", "run-" + i),
              null,
              config,
              Map.of(),
              List.of());
      long created = 1_700_000_000_000L + i * 60_000L;
      double accuracy = 0.9 + 0.09 * Math.sin(i) * Math.sin(i);
      String id =
          store.createFinishedRun(
              run,
              created,
              created + 300_000,
              Map.of("test_accuracy", accuracy, "parameters", 44_426, "wall_seconds", 300.0));
      for (int s = 0; s < POINTS; s++) {
        values[s] = 2.3 * Math.exp(-s * lr / 10) + 0.05 + 0.02 * Math.sin(s * 0.7 + i);
      }
      store.appendSeries(id, "train_loss", 0, values, 1_000);
      ids.add(id);
    }
    System.out.printf(
        Locale.ROOT,
        "generated %d runs x %d points in %.1f s%n",
        RUNS,
        POINTS,
        (System.nanoTime() - t0) / 1e9);

    try (Dashboard dashboard = Dashboard.start(store, "127.0.0.1", 0, null);
        Browser browser = Browser.start()) {
      String base = "http://localhost:" + dashboard.port() + "/";
      Http http = new Http(dashboard);
      for (int r = 0; r < 3; r++) {
        long a = System.nanoTime();
        int bytes = http.get("/api/runs").body().length();
        long b = System.nanoTime();
        for (String id : ids.subList(0, OVERLAY)) {
          http.get("/api/runs/" + id + "/points?key=train_loss");
        }
        long c = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "server: /api/runs %.0f ms (%d kB), %d point series %.0f ms%n",
            (b - a) / 1e6,
            bytes / 1000,
            OVERLAY,
            (c - b) / 1e6);
      }
      String overlay = "#/?select=" + String.join(",", ids.subList(0, OVERLAY));
      List<String> lines = new ArrayList<>();
      for (int r = 0; r < REPEATS; r++) {
        browser.driver.get("about:blank");
        browser.driver.get(base + overlay);
        browser.waitUpTo(30).until(d -> browser.js("return window.sumiTimings.overlay") != null);
        assertEquals(RUNS + " runs", browser.driver.findElement(By.className("count")).getText());
        assertEquals("run-999", browser.text("#runs tbody tr[data-run] a"));
        assertEquals(
            List.of((long) OVERLAY, (long) OVERLAY * Api.MAX_POINTS),
            browser.js(
                "const s = echarts.getInstanceByDom(document.getElementById('curves')).getOption().series;"
                    + "return [s.length, s.reduce((n, x) => n + x.data.length, 0)];"));
        Map<?, ?> t = (Map<?, ?>) browser.js("return window.sumiTimings");
        List<?> series =
            (List<?>)
                browser.js(
                    "const e = performance.getEntriesByType('resource').find(e => e.name.includes('/api/series'));"
                        + "return [e.responseStart - e.requestStart, e.responseEnd - e.responseStart, e.transferSize];");
        lines.add(
            String.format(
                Locale.ROOT,
                "repeat %d: runs table %.0f ms (fetch %.0f + DOM and paint), overlay %.0f ms (fetch %.0f"
                    + " [server wait %.0f, download %.0f of %.0f kB] + render and paint %.0f), load %s",
                r + 1,
                num(t.get("table")),
                num(t.get("tableFetch")),
                num(t.get("overlay")),
                num(t.get("overlayFetch")),
                num(series.get(0)),
                num(series.get(1)),
                num(series.get(2)) / 1000,
                num(t.get("overlayRender")),
                java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
      }
      browser.screenshot("scale-1000-runs");
      // Scrolled to the end, the table shows the oldest run.
      browser.js("const w = document.querySelector('.table-wrap'); w.scrollTop = w.scrollHeight;");
      browser
          .waitUpTo(10)
          .until(
              d ->
                  d.findElements(By.cssSelector("#runs tbody tr[data-run] a")).stream()
                      .anyMatch(a -> a.getText().equals("run-0")));
      lines.forEach(System.out::println);
    }
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }
}
