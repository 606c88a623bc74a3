package dev.sumi.train;

/**
 * Receives training events; progress display and experiment tracking plug in here. Called on the
 * training thread, so implementations should be quick (hand slow work to another thread).
 */
public interface TrainingListener {

  /** Before the first step. */
  default void onTrainStart(TrainingPlan plan) {}

  /** After every optimisation step. */
  default void onBatchEnd(BatchProgress progress) {}

  /** After every epoch, with its metrics (validation included when configured). */
  default void onEpochEnd(EpochMetrics metrics) {}

  /** After the last epoch (or early stop). */
  default void onTrainEnd(History history) {}
}
