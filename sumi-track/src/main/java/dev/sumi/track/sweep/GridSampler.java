package dev.sumi.track.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every combination of the parameters' values, once each, the last parameter varying fastest. Needs
 * categorical parameters only.
 */
public final class GridSampler implements Sampler {
  private final List<Parameter.Categorical> parameters;
  private final long size;
  private long next;

  public GridSampler(SearchSpace space) {
    this.parameters =
        space.parameters().stream()
            .map(
                p -> {
                  if (!(p instanceof Parameter.Categorical c)) {
                    throw new IllegalArgumentException(
                        "A grid needs values for every parameter, but '"
                            + p.name()
                            + "' is a distribution.");
                  }
                  return c;
                })
            .toList();
    long n = 1;
    for (Parameter.Categorical p : parameters) {
      n = Math.multiplyExact(n, p.values().size());
    }
    this.size = n;
  }

  /** How many configurations the grid holds. */
  public long size() {
    return size;
  }

  @Override
  public Optional<Map<String, Object>> next(List<Observation> observations) {
    if (next >= size) {
      return Optional.empty();
    }
    long index = next++;
    int[] choice = new int[parameters.size()];
    for (int i = parameters.size() - 1; i >= 0; i--) {
      int n = parameters.get(i).values().size();
      choice[i] = (int) (index % n);
      index /= n;
    }
    Map<String, Object> config = new LinkedHashMap<>();
    for (int i = 0; i < choice.length; i++) {
      config.put(parameters.get(i).name(), parameters.get(i).values().get(choice[i]));
    }
    return Optional.of(config);
  }
}
