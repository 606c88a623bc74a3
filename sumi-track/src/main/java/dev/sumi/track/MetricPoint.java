package dev.sumi.track;

/**
 * One logged value. {@code step} is the global optimisation step (epoch-level metrics use the step
 * at the epoch's end), {@code epoch} is fractional progress in epochs.
 */
public record MetricPoint(String key, long step, double epoch, double value, long timeMillis) {}
