package dev.sumi.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Augmentations applied one after another. */
record Chain(List<Augmentation> steps) implements Augmentation {

  Chain {
    steps = List.copyOf(steps);
  }

  static Augmentation of(Augmentation first, Augmentation next) {
    List<Augmentation> all = new ArrayList<>();
    for (Augmentation a : List.of(first, next)) {
      if (a instanceof Chain c) {
        all.addAll(c.steps());
      } else if (!(a instanceof None)) {
        all.add(a);
      }
    }
    return all.isEmpty() ? None.INSTANCE : all.size() == 1 ? all.get(0) : new Chain(all);
  }

  @Override
  public void apply(Sample sample) {
    for (Augmentation step : steps) {
      step.apply(sample);
    }
  }

  @Override
  public String spec() {
    return steps.stream().map(Augmentation::spec).collect(Collectors.joining("+"));
  }

  /** No augmentation. */
  enum None implements Augmentation {
    INSTANCE;

    @Override
    public void apply(Sample sample) {}

    @Override
    public String spec() {
      return "none";
    }
  }
}
