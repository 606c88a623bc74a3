package dev.sumi.train;

/** The shape of a training run, known before it starts. */
public record TrainingPlan(
    int epochs, int stepsPerEpoch, int batchSize, int trainExamples, long parameters) {}
