package dev.sumi.optim;

import dev.sumi.kernel.Kernels;
import dev.sumi.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. An optimizer keeps per-parameter state (momentum,
 * moments) by position in the list, so it must be given the same parameter list at every step.
 */
public interface Optimizer {

  /** Name as used on the command line: {@code sgd}, {@code adam}, {@code adamw}. */
  String name();

  /** The base learning rate, before any schedule. */
  float learningRate();

  /** One update of every parameter with learning rate {@code lr}. */
  void step(List<Parameter> parameters, float lr);

  /**
   * {@link #step(List, float)} on {@code kernels} (their vectors and threads) where the optimizer
   * has a kernel for its update; the result is the same either way.
   */
  default void step(List<Parameter> parameters, float lr, Kernels kernels) {
    step(parameters, lr);
  }

  /** Hyper-parameters, for run records. */
  Map<String, Object> config();
}
