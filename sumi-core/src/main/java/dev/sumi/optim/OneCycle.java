package dev.sumi.optim;

import java.util.Locale;

/**
 * Smith's one-cycle policy, as PyTorch's {@code OneCycleLR}: over the first {@code warmup} fraction
 * of the run the rate rises from {@code lr / div} to the optimizer's base rate {@code lr}, then
 * falls to {@code lr / (div * finalDiv)} at the end of the run. Both phases follow half a cosine,
 * or a straight line after {@link #linear()}. Defaults: warm-up 0.3 of the run, div 25, finalDiv
 * 1e4.
 */
public final class OneCycle implements LearningRateSchedule {
  private final double warmup;
  private final double div;
  private final double finalDiv;
  private final boolean cosine;

  private OneCycle(double warmup, double div, double finalDiv, boolean cosine) {
    if (!(warmup >= 0 && warmup < 1)) {
      throw new IllegalArgumentException(
          "One-cycle warm-up fraction " + warmup + " is invalid; expected 0 <= fraction < 1.");
    }
    if (!(div >= 1) || Double.isInfinite(div)) {
      throw new IllegalArgumentException(
          "One-cycle div factor " + div + " is invalid; expected a finite number >= 1.");
    }
    if (!(finalDiv >= 1) || Double.isInfinite(finalDiv)) {
      throw new IllegalArgumentException(
          "One-cycle final div factor " + finalDiv + " is invalid; expected a finite number >= 1.");
    }
    this.warmup = warmup;
    this.div = div;
    this.finalDiv = finalDiv;
    this.cosine = cosine;
  }

  static OneCycle defaults() {
    return new OneCycle(0.3, 25, 1e4, true);
  }

  /** The fraction of the run spent rising to the peak rate. */
  public OneCycle warmup(double fraction) {
    return new OneCycle(fraction, div, finalDiv, cosine);
  }

  /** The run starts at the base rate divided by {@code div}. */
  public OneCycle div(double div) {
    return new OneCycle(warmup, div, finalDiv, cosine);
  }

  /** The run ends at the starting rate divided by {@code finalDiv}. */
  public OneCycle finalDiv(double finalDiv) {
    return new OneCycle(warmup, div, finalDiv, cosine);
  }

  /** Straight lines instead of half cosines between the three points. */
  public OneCycle linear() {
    return new OneCycle(warmup, div, finalDiv, false);
  }

  @Override
  public double multiplier(double epoch, double totalEpochs) {
    double progress = Math.min(Math.max(epoch / totalEpochs, 0), 1);
    double start = 1 / div;
    double end = start / finalDiv;
    if (progress < warmup) {
      return between(start, 1, progress / warmup);
    }
    return between(1, end, (progress - warmup) / (1 - warmup));
  }

  private double between(double from, double to, double t) {
    double shape = cosine ? (1 - Math.cos(Math.PI * t)) / 2 : t;
    return from + (to - from) * shape;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "onecycle(warmup=%s, div=%s, final_div=%s, %s)",
        warmup,
        div,
        finalDiv,
        cosine ? "cosine" : "linear");
  }
}
