package dev.sumi.track.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sumi.data.DataSplits;
import dev.sumi.data.Dataset;
import dev.sumi.data.Datasets;
import dev.sumi.model.Model;
import dev.sumi.model.Zoo;
import dev.sumi.optim.Adam;
import dev.sumi.track.Artifact;
import dev.sumi.track.NewRun;
import dev.sumi.track.RunArtifacts;
import dev.sumi.track.RunRecorder;
import dev.sumi.track.RunStore;
import dev.sumi.track.RunStores;
import dev.sumi.train.EpochMetrics;
import dev.sumi.train.Fit;
import dev.sumi.train.TrainingListener;
import dev.sumi.train.TrainingPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A real training on MNIST recorded into a SQLite store while the dashboard shows it in headless
 * Chromium: the run appears in a table loaded before it started, its curve grows while it trains,
 * and its page shows the artifacts it ends with.
 */
class DashboardLiveTrainingTest {
  static final int EPOCHS = 4;

  @TempDir Path dir;

  /**
   * Holds training at the end of the given epochs (0: before the first step) until the test lets it
   * go on, so that the page is seen mid-training however fast or slow the machine is.
   */
  static final class Pauses implements TrainingListener {
    final Semaphore reached = new Semaphore(0);
    final Semaphore resume = new Semaphore(0);
    private final Set<Integer> epochs;
    private final RunRecorder recorder;

    Pauses(RunRecorder recorder, Integer... epochs) {
      this.recorder = recorder;
      this.epochs = Set.of(epochs);
    }

    @Override
    public void onTrainStart(TrainingPlan plan) {
      if (epochs.contains(0)) {
        pause();
      }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
      if (epochs.contains(m.epoch())) {
        pause();
      }
    }

    private void pause() {
      recorder.flush(); // the points so far are in the store while training waits
      reached.release();
      try {
        resume.tryAcquire(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void awaitPause() throws InterruptedException {
      assertTrue(reached.tryAcquire(60, TimeUnit.SECONDS), "training reached a pause");
    }
  }

  @Test
  void aTrainingRunAppearsGrowsLiveAndEndsWithItsArtifacts() throws Exception {
    String data = System.getenv("SUMI_DATA");
    assumeTrue(
        data != null && Files.isDirectory(Path.of(data, "mnist")), "needs MNIST in $SUMI_DATA");
    DataSplits mnist = Datasets.load(Datasets.MNIST, Path.of(data, "mnist"));
    Dataset train = mnist.train().take(3_000);
    Dataset test = mnist.test().take(1_000);
    Path runDir = dir.resolve("runs").resolve("mnist-live");
    Files.createDirectories(runDir);

    try (Browser browser = Browser.start();
        RunStore store = RunStores.open(dir.resolve("runs.db"));
        Dashboard dashboard = Dashboard.start(store, "127.0.0.1", 0, null)) {
      browser.driver.get("http://localhost:" + dashboard.port() + "/#/");
      browser
          .waitUpTo(10)
          .until(d -> d.findElement(By.className("count")).getText().equals("0 runs"));

      Model model = Zoo.build("seed-minimal", train.sampleShape(), train.numClasses(), 1);
      RunRecorder recorder =
          new RunRecorder(
              store,
              new NewRun(
                  "mnist-live",
                  Datasets.MNIST,
                  "seed-minimal",
                  runDir,
                  null,
                  Map.of("epochs", EPOCHS, "batch_size", 32, "lr", 0.005),
                  Map.of(),
                  List.of()),
              5,
              Duration.ofSeconds(1));
      String id = recorder.runId();
      Pauses pauses = new Pauses(recorder, 0, 1, 2);
      CompletableFuture<Double> training =
          CompletableFuture.supplyAsync(
              () -> {
                model.fit(
                    train,
                    Fit.epochs(EPOCHS)
                        .batchSize(32)
                        .optimizer(Adam.lr(0.005))
                        .seed(1)
                        .threads(1)
                        .validation(test)
                        .listener(recorder)
                        .listener(pauses));
                for (Artifact a : RunArtifacts.write(runDir, model, test)) {
                  recorder.addArtifact(a);
                }
                double accuracy = model.evaluate(test).accuracy();
                recorder.finish(Map.of("test_accuracy", accuracy));
                return accuracy;
              },
              task -> Thread.ofPlatform().daemon().name("live-training").start(task));
      try {
        String row = "#runs tr[data-run='" + id + "']";
        browser.waitUpTo(15).until(d -> d.findElement(By.cssSelector(row)));
        assertTrue(
            browser.text(row).contains("running"), "the run is in the table while it trains");

        // Selected before it logged anything, the run's curve starts with its first points.
        pauses.awaitPause(); // before the first step
        browser.click(row + " input[type=checkbox]");
        pauses.resume.release();
        pauses.awaitPause(); // end of epoch 1
        browser.waitUpTo(10).until(d -> curvePoints(browser) > 0);
        long afterEpoch1 = curvePoints(browser);
        assertEquals(
            "train_loss", browser.js("return document.querySelector('select[name=metric]').value"));
        browser.screenshot("live-training-epoch-1");

        pauses.resume.release();
        pauses.awaitPause(); // end of epoch 2
        browser.waitUpTo(10).until(d -> curvePoints(browser) > afterEpoch1);
        assertTrue(browser.driver.findElement(By.id("live-indicator")).isDisplayed());
        assertTrue(browser.text(row).contains("running"));
        browser.screenshot("live-training-epoch-2");
        pauses.resume.release();

        double accuracy = training.get(60, TimeUnit.SECONDS);
        browser
            .waitUpTo(15)
            .until(d -> d.findElement(By.cssSelector(row)).getText().contains("finished"));
        assertEquals(
            String.format(Locale.ROOT, "%.2f%%", 100 * accuracy),
            browser.text(row + " td.col-testAccuracy"));
        assertEquals(
            String.format(Locale.ROOT, "%,d", model.parameterCount()),
            browser.text(row + " td.col-parameters"));
        assertTrue(browser.text(row + " td.col-trainSeconds").endsWith(" s"));
        browser
            .waitUpTo(10)
            .until(
                d ->
                    Long.valueOf(1)
                        .equals(
                            browser.js(
                                "const c = echarts.getInstanceByDom(document.getElementById('parallel'));"
                                    + "return c ? c.getOption().series[0].data.length : 0;")));
        browser.screenshot("live-training-finished");

        browser.click(row + " td.col-name a");
        browser
            .waitUpTo(15)
            .until(d -> !d.findElements(By.cssSelector("#confusion-chart canvas")).isEmpty());
        assertEquals(
            (long) test.size(),
            browser.js(
                "return echarts.getInstanceByDom(document.getElementById('confusion-chart'))"
                    + ".getOption().series[0].data.reduce((n, d) => n + d[2], 0)"));
        long wrong = Math.round((1 - accuracy) * test.size());
        long shown = Math.min(wrong, RunArtifacts.MAX_MISCLASSIFIED);
        assertTrue(shown > 0, "a 4-epoch model gets some of 1,000 digits wrong");
        browser
            .waitUpTo(10)
            .until(d -> Long.valueOf(shown).equals(browser.js(DashboardBrowserTest.TILES_DRAWN)));
        // A drawn tile holds a digit: bright strokes on black.
        assertEquals(
            true,
            browser.js(
                "const c = document.querySelector('#misclassified canvas');"
                    + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let bright = 0; for (let i = 0; i < px.length; i += 4) if (px[i] > 200) bright++;"
                    + "return c.width === 56 && bright > 20 && px[0] < 20;"));
        browser
            .waitUpTo(10)
            .until(
                d ->
                    Boolean.TRUE.equals(
                        browser.js(
                            "const imgs = [...document.querySelectorAll('#images img')];"
                                + "return imgs.length === 2"
                                + " && imgs.every(i => i.complete && i.naturalWidth > 0);")));
        browser.screenshot("live-training-run-page");
      } finally {
        pauses.resume.release(EPOCHS);
        training.handle((a, e) -> null).get(60, TimeUnit.SECONDS);
        recorder.close();
      }
    }
  }

  static long curvePoints(Browser browser) {
    return ((Number) browser.js(DashboardBrowserTest.CURVE_POINTS)).longValue();
  }
}
