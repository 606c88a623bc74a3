package dev.sumi.track.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Independent uniform draws from the search space, reproducible from the seed; never runs out. */
public final class RandomSampler implements Sampler {
  private final SearchSpace space;
  private final Random random;

  public RandomSampler(SearchSpace space, long seed) {
    this.space = space;
    this.random = new Random(seed);
  }

  @Override
  public Optional<Map<String, Object>> next(List<Observation> observations) {
    return Optional.of(space.sample(random));
  }
}
