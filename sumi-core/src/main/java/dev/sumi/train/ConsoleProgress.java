package dev.sumi.train;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Shows training progress: on a terminal a live progress bar (epoch, batch, loss, accuracy,
 * images/s, ETA); otherwise one plain log line per epoch.
 */
public final class ConsoleProgress implements TrainingListener {
  private static final int BAR_WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private long lastDraw;
  private int lastLineLength;

  public ConsoleProgress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Progress on standard error, with a bar when it is a terminal. */
  public static ConsoleProgress stderr() {
    return new ConsoleProgress(
        new PrintWriter(System.err, true, StandardCharsets.UTF_8), isTerminal());
  }

  /** Whether this process talks to a terminal (so that a redrawn progress bar makes sense). */
  public static boolean isTerminal() {
    var console = System.console();
    return console != null && console.isTerminal();
  }

  @Override
  public void onTrainStart(TrainingPlan plan) {
    out.printf(
        Locale.ROOT,
        "training %d epochs of %d steps (batch %d, %,d examples, %,d parameters)%n",
        plan.epochs(),
        plan.stepsPerEpoch(),
        plan.batchSize(),
        plan.trainExamples(),
        plan.parameters());
    out.flush();
  }

  @Override
  public void onReplan(TrainingPlan plan) {
    out.printf(Locale.ROOT, "time limit: now planning %d epochs%n", plan.epochs());
    out.flush();
  }

  @Override
  public void onBatchEnd(BatchProgress p) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (p.step() != p.stepsPerEpoch() && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = (int) ((long) BAR_WIDTH * p.step() / p.stepsPerEpoch());
    String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" : "");
    double eta = p.epochSeconds() / p.step() * (p.stepsPerEpoch() - p.step());
    String line =
        String.format(
            Locale.ROOT,
            "epoch %d/%d [%-"
                + (BAR_WIDTH + 1)
                + "s] %d/%d  loss %.4f  acc %.2f%%  %.0f img/s  ETA %s",
            p.epoch(),
            p.epochs(),
            bar,
            p.step(),
            p.stepsPerEpoch(),
            p.loss(),
            100 * p.accuracy(),
            p.imagesPerSecond(),
            clock(eta));
    draw(line);
  }

  @Override
  public void onEpochEnd(EpochMetrics m) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "epoch %d  loss %.4f  acc %.4f",
                m.epoch(),
                m.trainLoss(),
                m.trainAccuracy()));
    if (m.validation() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "  val_loss %.4f  val_acc %.4f",
              m.validationLoss(),
              m.validationAccuracy()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  lr %.2g  %.0f img/s  %.1f s",
            m.learningRate(),
            m.imagesPerSecond(),
            m.seconds()));
    if (terminal) {
      draw(b.toString());
      out.println();
      lastLineLength = 0;
    } else {
      out.println(b);
    }
    out.flush();
  }

  @Override
  public void onTrainEnd(History history) {
    if (history.stoppedEarly()) {
      out.printf(
          Locale.ROOT, "stopped early; restored the weights of epoch %d%n", history.bestEpoch());
    }
  }

  private void draw(String line) {
    int pad = Math.max(0, lastLineLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    lastLineLength = line.length();
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
