package dev.sumi.track.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.track.InMemoryRunStore;
import dev.sumi.track.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** The dashboard in headless Chromium. */
class DashboardBrowserTest {
  static final String CURVE_POINTS =
      "const c = echarts.getInstanceByDom(document.getElementById('curves'));"
          + "if (!c) return 0;"
          + "return c.getOption().series.filter(s => !s.silent).reduce((n, s) => n + s.data.length, 0);";

  /** How many misclassified tiles the page has drawn from their sprite. */
  static final String TILES_DRAWN =
      "return document.querySelectorAll('#misclassified canvas.tile[data-drawn]').length";

  @TempDir static Path root;
  static InMemoryRunStore store;
  static Dashboard dashboard;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    store = new InMemoryRunStore();
    dashboard = Dashboard.start(store, "127.0.0.1", 0, null);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
  }

  static void open(String hash) {
    browser.driver.get("about:blank");
    browser.driver.get("http://localhost:" + dashboard.port() + "/" + hash);
  }

  static long curvePoints() {
    return ((Number) browser.js(CURVE_POINTS)).longValue();
  }

  @Test
  void aRunningRunAppearsAndItsCurveGrowsLive() throws Exception {
    String id =
        store.createRun(Fixtures.newRun(root, "live-run", "mnist", "lenet", Map.of("lr", 0.05)));
    store.appendMetrics(id, Fixtures.loss(0, 20, 100));
    open("#/?select=" + id);
    WebElement row =
        browser.waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-run='" + id + "']")));
    assertTrue(row.getText().contains("live-run"), row.getText());
    assertTrue(row.getText().contains("running"), row.getText());
    browser.waitUpTo(10).until(d -> curvePoints() == 20);
    assertTrue(browser.driver.findElement(By.id("live-indicator")).isDisplayed());

    long seen = 20;
    for (int batch = 0; batch < 3; batch++) {
      store.appendMetrics(id, Fixtures.loss(20 + 10L * batch, 10, 100));
      long before = seen;
      browser.waitUpTo(10).until(d -> curvePoints() > before);
      seen = curvePoints();
    }
    browser.waitUpTo(10).until(d -> curvePoints() == 50);
    browser.screenshot("runs-live-curve");

    // Smoothing draws the smoothed curve over a faint copy of the raw one.
    browser.js(
        "const s = document.querySelector('input[name=smoothing]'); s.value = 0.9;"
            + " s.dispatchEvent(new Event('input'));");
    assertEquals(
        List.of(2L, 50L),
        browser.js(
            "const s = echarts.getInstanceByDom(document.getElementById('curves')).getOption().series;"
                + "return [s.length, s.find(x => x.silent).data.length];"));

    store.finishRun(id, RunStatus.FINISHED, Map.of("test_accuracy", 0.91));
    browser.waitUpTo(10).until(d -> !d.findElement(By.id("live-indicator")).isDisplayed());
    browser
        .waitUpTo(10)
        .until(
            d ->
                d.findElement(By.cssSelector("tr[data-run='" + id + "']"))
                    .getText()
                    .contains("finished"));
  }

  @Test
  void theRunPageOfARunningRunGrowsAndGainsNewMetrics() {
    String id = store.createRun(Fixtures.newRun(root, "growing", "mnist", "lenet", Map.of()));
    store.appendMetrics(id, Fixtures.loss(0, 10, 100));
    open("#/run/" + id);
    String points =
        "const box = document.querySelector('.chart.small[data-key=\"' + arguments[0] + '\"]');"
            + "const c = box && echarts.getInstanceByDom(box);"
            + "return c ? c.getOption().series[0].data.length : -1;";
    browser.waitUpTo(10).until(d -> Long.valueOf(10).equals(browser.js(points, "train_loss")));
    store.appendMetrics(id, Fixtures.loss(10, 5, 100));
    store.appendMetrics(
        id, List.of(new dev.sumi.track.MetricPoint("val_accuracy", 14, 0.15, 0.93, 0)));
    browser.waitUpTo(10).until(d -> Long.valueOf(15).equals(browser.js(points, "train_loss")));
    browser.waitUpTo(10).until(d -> Long.valueOf(1).equals(browser.js(points, "val_accuracy")));
    store.finishRun(id, RunStatus.FINISHED, Map.of());
  }

  @Test
  void theRunPageShowsTheConfusionMatrixAndMisclassifiedImages() {
    String id = Fixtures.finishedRun(store, root, "lenet-mnist", "mnist", 0.987, 300);
    open("#/run/" + id);
    browser
        .waitUpTo(10)
        .until(d -> !d.findElements(By.cssSelector("#confusion-chart canvas")).isEmpty());
    assertEquals(
        100L,
        browser.js(
            "return echarts.getInstanceByDom(document.getElementById('confusion-chart'))"
                + ".getOption().series[0].data.length"));
    assertEquals(
        List.of(6L, 3L, 21L), // predicted 6, true 3: 7 * 3 mistakes
        browser.js(
            "return echarts.getInstanceByDom(document.getElementById('confusion-chart'))"
                + ".getOption().series[0].data.find(d => d[1] === 3 && d[0] === 6)"));
    List<WebElement> examples =
        browser
            .waitUpTo(10)
            .until(
                d -> {
                  var found = d.findElements(By.cssSelector("#misclassified figure.example"));
                  return found.size() == 6 ? found : null;
                });
    // Each tile is cut from the sprite at its place: example i's bar starts at x = 2 * (6 + i).
    browser.waitUpTo(10).until(d -> Long.valueOf(6).equals(browser.js(TILES_DRAWN)));
    assertEquals(
        List.of(true, true, true, true, true, true),
        browser.js(
            "return [...document.querySelectorAll('#misclassified canvas')].map((c, i) => {"
                + " const g = c.getContext('2d');"
                + " const at = (x) => g.getImageData(x, 28, 1, 1).data[0];"
                + " return c.width === 56 && at(12 + 2 * i) === 255 && at(11 + 2 * i) === 0; })"));
    assertEquals("true 0 pred 3 70.0%", examples.getFirst().getText().replace("\n", " "));
    assertEquals(
        1L, browser.js("return document.querySelectorAll('#images figure.filters img').length"));
    browser.screenshot("run-page");
  }

  @Test
  void theLeaderboardRanksByTestAccuracy() {
    Fixtures.finishedRun(store, root, "board-b", "cifar10", 0.71, 5);
    Fixtures.finishedRun(store, root, "board-a", "cifar10", 0.83, 5);
    Fixtures.finishedRun(store, root, "board-c", "cifar10", 0.64, 5);
    open("#/leaderboard/cifar10");
    List<WebElement> rows =
        browser
            .waitUpTo(10)
            .until(
                d -> {
                  var found = d.findElements(By.cssSelector("#leaderboard tbody tr"));
                  return found.size() == 3 ? found : null;
                });
    assertEquals(
        List.of("1 board-a", "2 board-b", "3 board-c"),
        rows.stream()
            .map(
                r ->
                    r.findElement(By.className("rank")).getText()
                        + " "
                        + r.findElement(By.tagName("a")).getText())
            .toList());
    assertEquals("83.00%", rows.getFirst().findElement(By.className("acc")).getText());
    browser.screenshot("leaderboard");
  }

  @Test
  void namesNotesTagsAndConfigRenderAsText() {
    String name = "<img src=x onerror=alert(1)>";
    var run =
        Fixtures.newRun(
            root, name, "mnist", "<b>model</b>", Map.of("act", "<svg onload=alert(3)>"));
    String id =
        store.createFinishedRun(
            run,
            System.currentTimeMillis(),
            System.currentTimeMillis(),
            Map.of("test_accuracy", 0.5));
    store.setNotes(id, "<script>alert(2)</script>");
    store.setTags(id, List.of("<i>tag</i>"));
    open("#/");
    WebElement row =
        browser.waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-run='" + id + "']")));
    assertEquals(name, row.findElement(By.tagName("a")).getText());
    assertEquals("<b>model</b>", row.findElement(By.className("col-model")).getText());
    assertEquals(
        "<script>alert(2)</script>", row.findElement(By.cssSelector("span.notes")).getText());
    assertEquals("<i>tag</i>", row.findElement(By.cssSelector("span.tags")).getText());
    assertEquals(
        0L, browser.js("return document.querySelectorAll('img[src=x], b, svg[onload], i').length"));
    browser.screenshot("escaping-table");

    open("#/run/" + id);
    browser.waitUpTo(10).until(d -> d.findElement(By.tagName("h1")).getText().startsWith(name));
    assertTrue(
        browser.driver.findElement(By.tagName("main")).getText().contains("<svg onload=alert(3)>"));
    assertEquals(
        0L, browser.js("return document.querySelectorAll('img[src=x], b, svg[onload], i').length"));
    assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
  }

  @Test
  void sweepsShowTheirTrialsTogetherAndTheParallelViewHasEveryRun() {
    String sweep = store.createSweep("lr sweep", "{\"method\":\"random\",\"trials\":2}");
    for (double lr : new double[] {0.1, 0.01}) {
      var trial = Fixtures.newRun(root, "trial-lr-" + lr, "mnist", "lenet", Map.of("lr", lr));
      var inSweep =
          new dev.sumi.track.NewRun(
              trial.name(),
              trial.dataset(),
              trial.model(),
              trial.runDir(),
              sweep,
              trial.config(),
              Map.of(),
              List.of());
      String id = store.createRun(inSweep);
      store.finishRun(id, RunStatus.FINISHED, Map.of("test_accuracy", lr > 0.05 ? 0.97 : 0.95));
    }
    open("#/sweeps");
    WebElement section =
        browser
            .waitUpTo(10)
            .until(d -> d.findElement(By.cssSelector("section[data-sweep='" + sweep + "']")));
    assertEquals(2, section.findElements(By.cssSelector("tbody tr")).size());
    assertTrue(section.getText().contains("best 97.00% (trial-lr-0.1)"), section.getText());
    browser.screenshot("sweeps");

    long withConfig =
        store.runs(dev.sumi.track.RunQuery.all()).stream()
            .filter(r -> !r.config().isEmpty())
            .count();
    open("#/");
    browser
        .waitUpTo(10)
        .until(
            d ->
                Long.valueOf(withConfig)
                    .equals(
                        browser.js(
                            "const c = echarts.getInstanceByDom(document.getElementById('parallel'));"
                                + "return c ? c.getOption().series[0].data.length : -1;")));
  }

  @Test
  void theTokenInThePrintedAddressLetsTheBrowserIn() {
    Fixtures.finishedRun(store, root, "guarded", "mnist", 0.9, 5);
    String token = Dashboard.newToken();
    try (Dashboard guarded = Dashboard.start(store, "127.0.0.1", 0, token)) {
      String base = "http://localhost:" + guarded.port() + "/";
      browser.driver.get(base + "api/runs");
      assertTrue(browser.driver.getPageSource().contains("needs its access token"));
      browser.driver.get(base + "?token=" + token);
      browser
          .waitUpTo(10)
          .until(d -> !d.findElements(By.cssSelector("#runs tbody tr[data-run]")).isEmpty());
      assertEquals(base, browser.driver.getCurrentUrl(), "the token is dropped from the address");
      browser.driver.manage().deleteAllCookies();
      browser.driver.get(base);
      assertTrue(browser.driver.getPageSource().contains("needs its access token"));
    }
  }

  @Test
  void newRunsAppearWithoutAReloadAndTheTableKeepsItsState() throws Exception {
    String kept = Fixtures.finishedRun(store, root, "refresh-a", "mnist", 0.9, 5);
    Fixtures.finishedRun(store, root, "refresh-c", "mnist", 0.8, 5);
    open("#/?sort=name&desc=0&select=" + kept);
    String keptRow = "tr[data-run='" + kept + "'] ";
    browser.waitUpTo(10).until(d -> d.findElement(By.cssSelector(keptRow + "span.notes"))).click();
    WebElement notes = browser.driver.findElement(By.cssSelector(keptRow + "input.notes"));
    notes.sendKeys("half typed");

    String added = store.createRun(Fixtures.newRun(root, "refresh-b", "mnist", "lenet", Map.of()));
    String addedRow = "tr[data-run='" + added + "']";
    Thread.sleep(4_000); // more than one refresh interval
    assertTrue(
        browser.driver.findElements(By.cssSelector(addedRow)).isEmpty(),
        "an open editor defers the refresh");
    assertEquals("half typed", notes.getDomProperty("value"));

    browser.js("arguments[0].blur()", notes);
    browser.waitUpTo(10).until(d -> d.findElement(By.cssSelector(addedRow)));
    List<String> names =
        browser.driver.findElements(By.cssSelector("#runs tbody tr[data-run] td.col-name")).stream()
            .map(WebElement::getText)
            .filter(n -> n.startsWith("refresh-"))
            .toList();
    assertEquals(List.of("refresh-a", "refresh-b", "refresh-c"), names, "still sorted by name");
    assertTrue(
        browser.driver.findElement(By.cssSelector(keptRow + "input[type=checkbox]")).isSelected());
    assertEquals(
        store.runs(dev.sumi.track.RunQuery.all()).size() + " runs",
        browser.driver.findElement(By.className("count")).getText());
    assertEquals("half typed", store.run(kept).orElseThrow().notes());
  }

  @Test
  void editingNotesInTheTableSavesThem() {
    String id = Fixtures.finishedRun(store, root, "editable", "mnist", 0.9, 5);
    open("#/");
    String row = "tr[data-run='" + id + "'] ";
    browser.waitUpTo(10).until(d -> d.findElement(By.cssSelector(row + "span.notes"))).click();
    WebElement notes = browser.driver.findElement(By.cssSelector(row + "input.notes"));
    notes.sendKeys("more epochs next time\n");
    browser
        .waitUpTo(10)
        .until(d -> store.run(id).orElseThrow().notes().equals("more epochs next time"));
    browser.js("arguments[0].blur()", notes);
    browser
        .waitUpTo(10)
        .until(
            d ->
                d.findElement(By.cssSelector(row + "span.notes"))
                    .getText()
                    .equals("more epochs next time"));
  }
}
