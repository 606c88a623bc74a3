package dev.sumi.train;

/**
 * Receives training events; progress display and experiment tracking plug in here. Called on the
 * training thread, so implementations should be quick (hand slow work to another thread).
 */
public interface TrainingListener {

  /** Before the first step. */
  default void onTrainStart(TrainingPlan plan) {}

  /**
   * When a {@link Fit#timeLimit time limit} changes the number of epochs planned, after the epoch
   * that changed it; {@code plan} is the new plan.
   */
  default void onReplan(TrainingPlan plan) {}

  /** After every optimisation step. */
  default void onBatchEnd(BatchProgress progress) {}

  /** After every epoch, with its metrics (validation included when configured). */
  default void onEpochEnd(EpochMetrics metrics) {}

  /** After the last epoch (or early stop). */
  default void onTrainEnd(History history) {}
}
