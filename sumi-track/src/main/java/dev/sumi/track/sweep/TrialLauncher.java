package dev.sumi.track.sweep;

import java.util.Map;

/** Starts the training run of one trial and follows it epoch by epoch. */
public interface TrialLauncher {

  /** Hears a trial's metrics after each epoch and says whether it should go on. */
  @FunctionalInterface
  interface EpochListener {
    /**
     * @param epoch the epoch just finished, from 1
     * @param metrics that epoch's metrics by name, e.g. {@code val_accuracy}
     * @return false to stop the trial
     */
    boolean onEpoch(int epoch, Map<String, Object> metrics);
  }

  /**
   * Runs one trial to its end on the calling thread. When {@code epochs} returns false the trial is
   * stopped and the outcome is {@link dev.sumi.track.RunStatus#STOPPED}.
   *
   * @throws InterruptedException when the calling thread is interrupted; the trial is stopped first
   */
  TrialOutcome run(TrialRequest request, EpochListener epochs) throws InterruptedException;
}
