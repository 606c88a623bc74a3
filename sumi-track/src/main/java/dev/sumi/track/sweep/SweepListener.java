package dev.sumi.track.sweep;

import java.util.Map;

/** Hears about trials as a sweep starts and ends them; called from the sweep's thread. */
public interface SweepListener {
  default void trialStarted(TrialRequest trial, Map<String, Object> params) {}

  default void trialEnded(TrialResult result) {}
}
