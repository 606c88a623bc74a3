package dev.sumi.train;

/** The shape of a training run, known before it starts. */
public record TrainingPlan(
    int epochs, int stepsPerEpoch, int batchSize, int trainExamples, long parameters) {

  /** The same plan over {@code epochs} epochs. */
  public TrainingPlan withEpochs(int epochs) {
    return new TrainingPlan(epochs, stepsPerEpoch, batchSize, trainExamples, parameters);
  }
}
