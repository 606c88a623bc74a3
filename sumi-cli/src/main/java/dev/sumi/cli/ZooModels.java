package dev.sumi.cli;

import dev.sumi.model.Zoo;
import java.util.Iterator;

/** The zoo's model names, as picocli's completion candidates for {@code --model}. */
final class ZooModels implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Zoo.names().iterator();
  }
}
