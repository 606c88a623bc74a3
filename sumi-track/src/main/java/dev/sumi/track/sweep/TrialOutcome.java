package dev.sumi.track.sweep;

import dev.sumi.track.RunStatus;

/**
 * How a trial ended.
 *
 * @param status FINISHED, STOPPED (early termination or interruption) or FAILED
 * @param message why it failed, or empty
 */
public record TrialOutcome(RunStatus status, String message) {
  public static TrialOutcome finished() {
    return new TrialOutcome(RunStatus.FINISHED, "");
  }

  public static TrialOutcome stopped() {
    return new TrialOutcome(RunStatus.STOPPED, "");
  }

  public static TrialOutcome failed(String message) {
    return new TrialOutcome(RunStatus.FAILED, message);
  }
}
