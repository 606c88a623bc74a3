package dev.sumi.optim;

import dev.sumi.nn.Parameter;
import java.util.List;

/** Per-parameter state arrays (one or more slots), allocated on the first step. */
final class OptimizerState {
  private final int slots;
  private float[][][] state;

  OptimizerState(int slots) {
    this.slots = slots;
  }

  /** State array {@code slot} of parameter {@code index}, zero-initialised. */
  float[] get(List<Parameter> parameters, int index, int slot) {
    if (state == null) {
      state = new float[parameters.size()][slots][];
      for (int i = 0; i < parameters.size(); i++) {
        for (int s = 0; s < slots; s++) {
          state[i][s] = new float[parameters.get(i).size()];
        }
      }
    } else if (state.length != parameters.size()) {
      throw new IllegalStateException(
          "The optimizer was first used with "
              + state.length
              + " parameters and now gets "
              + parameters.size()
              + "; use one optimizer per model.");
    }
    return state[index][slot];
  }
}
