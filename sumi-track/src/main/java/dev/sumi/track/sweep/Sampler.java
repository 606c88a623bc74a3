package dev.sumi.track.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chooses the configuration of the next trial. Used from one thread at a time. */
public interface Sampler {

  /**
   * The next configuration to try, given the trials that have produced a result so far; empty when
   * there is nothing left to try.
   */
  Optional<Map<String, Object>> next(List<Observation> observations);

  /** The sampler a spec asks for. */
  static Sampler of(SweepSpec spec) {
    return switch (spec.method()) {
      case "grid" -> new GridSampler(spec.parameters());
      case "random" -> new RandomSampler(spec.parameters(), spec.samplerSeed());
      case "tpe" -> new TpeSampler(spec.parameters(), spec.samplerSeed(), spec.startupTrials());
      default -> throw new IllegalArgumentException("Unknown method '" + spec.method() + "'.");
    };
  }
}
