package dev.sumi.track.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial to run.
 *
 * @param sweepId the sweep's id in the run store, or null when the sweep is not recorded
 * @param name the trial's run name, e.g. {@code lenet-lr-007}
 * @param number the trial's number in the sweep, from 1
 * @param config {@code sumi train} option values by name without dashes: the sampled parameters
 *     followed by the spec's fixed values
 */
public record TrialRequest(String sweepId, String name, int number, Map<String, Object> config) {
  public TrialRequest {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }
}
