package dev.sumi.track.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (Li et al., 2020): rungs at minEpochs * reductionFactor^k epochs
 * below the last epoch. A trial that reaches a rung continues only if its result is among the top
 * 1/reductionFactor of all results recorded at that rung so far (at least the best one); otherwise
 * it is stopped. Trials are judged as they arrive, never waiting for others. Thread-safe.
 */
public final class Asha {
  private final List<Integer> rungs = new ArrayList<>();
  private final int reductionFactor;
  private final boolean maximize;
  private final Map<Integer, List<Double>> recorded = new HashMap<>();

  /**
   * @param epochs the epochs a trial runs when not stopped; no rung lies at or beyond it
   * @param maximize whether larger metric values are better
   */
  public Asha(int minEpochs, int reductionFactor, int epochs, boolean maximize) {
    if (minEpochs < 1 || reductionFactor < 2) {
      throw new IllegalArgumentException(
          "ASHA needs min_epochs >= 1 and reduction_factor >= 2, got "
              + minEpochs
              + " and "
              + reductionFactor
              + ".");
    }
    for (long rung = minEpochs; rung < epochs; rung *= reductionFactor) {
      rungs.add((int) rung);
    }
    this.reductionFactor = reductionFactor;
    this.maximize = maximize;
  }

  /** ASHA as a spec asks for it. */
  public static Asha of(SweepSpec spec) {
    SweepSpec.EarlyTermination e = spec.earlyTermination();
    return new Asha(e.minEpochs(), e.reductionFactor(), spec.epochs(), spec.maximize());
  }

  /** The epochs at which trials are judged. */
  public List<Integer> rungs() {
    return List.copyOf(rungs);
  }

  /**
   * Records a trial's metric after {@code epoch} and says whether it should go on. Off a rung the
   * answer is always yes; a NaN metric (a diverged trial) ranks below everything.
   */
  public synchronized boolean shouldContinue(int epoch, double metric) {
    if (!rungs.contains(epoch)) {
      return true;
    }
    double score = Double.isNaN(metric) ? Double.NEGATIVE_INFINITY : maximize ? metric : -metric;
    List<Double> scores = recorded.computeIfAbsent(epoch, e -> new ArrayList<>());
    scores.add(score);
    int keep = Math.max(1, scores.size() / reductionFactor);
    long better = scores.stream().filter(s -> s > score).count();
    return better < keep;
  }
}
