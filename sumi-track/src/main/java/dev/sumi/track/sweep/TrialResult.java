package dev.sumi.track.sweep;

import dev.sumi.track.RunStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial after it ended.
 *
 * @param params the sampled parameter values (without the spec's fixed ones)
 * @param epochs the epochs it completed
 * @param metric the sweep's metric after its last completed epoch, NaN if none
 * @param message why it failed, or empty
 */
public record TrialResult(
    int number,
    String name,
    Map<String, Object> params,
    RunStatus status,
    int epochs,
    double metric,
    String message) {
  public TrialResult {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
