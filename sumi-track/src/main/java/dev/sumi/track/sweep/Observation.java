package dev.sumi.track.sweep;

import java.util.Map;

/**
 * A configuration tried and how good it was: {@code score} is higher for better trials (the metric,
 * negated when the sweep minimises it).
 */
public record Observation(Map<String, Object> config, double score) {
  public Observation {
    config = Map.copyOf(config);
  }
}
