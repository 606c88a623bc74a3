package dev.sumi.track;

/** Where a run is in its life. */
public enum RunStatus {
  RUNNING,
  FINISHED,
  FAILED,
  /** Stopped by a signal or by a sweep's early termination. */
  STOPPED
}
