package dev.sumi.track.sweep;

import dev.sumi.track.RunStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a sweep did.
 *
 * @param sweepId its id in the run store, or null when it was not recorded
 * @param trials every trial in the order they ended
 */
public record SweepResult(String sweepId, List<TrialResult> trials, boolean maximize) {
  public SweepResult {
    trials = List.copyOf(trials);
  }

  /**
   * The trials best first: those that ran all their epochs by the metric, then those stopped early
   * by how far they got and then by the metric (ASHA let the further ones on because they were
   * better), then those without a metric.
   */
  public List<TrialResult> ranked() {
    Comparator<TrialResult> byMetric = Comparator.comparingDouble(TrialResult::metric);
    if (maximize) {
      byMetric = byMetric.reversed();
    }
    return trials.stream()
        .sorted(
            Comparator.comparing((TrialResult t) -> Double.isNaN(t.metric()))
                .thenComparing(t -> t.status() != RunStatus.FINISHED)
                .thenComparing(Comparator.comparingInt(TrialResult::epochs).reversed())
                .thenComparing(byMetric)
                .thenComparingInt(TrialResult::number))
        .toList();
  }

  /** The best trial that ran all its epochs, if any did. */
  public Optional<TrialResult> best() {
    return ranked().stream()
        .filter(t -> t.status() == RunStatus.FINISHED && !Double.isNaN(t.metric()))
        .findFirst();
  }
}
