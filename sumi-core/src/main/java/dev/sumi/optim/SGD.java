package dev.sumi.optim;

import dev.sumi.kernel.Kernels;
import dev.sumi.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum (classic or Nesterov) and L2 weight decay, as
 * PyTorch's SGD: {@code v = momentum * v + g; w -= lr * (nesterov ? g + momentum * v : v)}, with
 * velocities below {@link Kernels#TINY_MOMENT} stored as 0.
 */
public final class SGD implements Optimizer {
  private final float lr;
  private float momentum;
  private boolean nesterov;
  private float weightDecay;
  private final OptimizerState state = new OptimizerState(1);

  private SGD(float lr) {
    this.lr = Optimizers.checkLearningRate(lr);
  }

  public static SGD lr(double lr) {
    return new SGD((float) lr);
  }

  public SGD momentum(double momentum) {
    this.momentum = Optimizers.checkFraction("momentum", momentum);
    return this;
  }

  public SGD nesterov() {
    this.nesterov = true;
    return this;
  }

  public SGD weightDecay(double weightDecay) {
    this.weightDecay = Optimizers.checkNonNegative("weight decay", weightDecay);
    return this;
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public float learningRate() {
    return lr;
  }

  @Override
  public void step(List<Parameter> parameters, float lr) {
    for (int p = 0; p < parameters.size(); p++) {
      Parameter param = parameters.get(p);
      float[] w = param.value();
      float[] g = param.grad();
      float decay = param.decay() ? weightDecay : 0f;
      if (momentum == 0f) {
        for (int i = 0; i < w.length; i++) {
          w[i] -= lr * (g[i] + decay * w[i]);
        }
        continue;
      }
      float[] v = state.get(parameters, p, 0);
      for (int i = 0; i < w.length; i++) {
        float gi = g[i] + decay * w[i];
        v[i] = Kernels.flushTinyMoment(momentum * v[i] + gi);
        w[i] -= lr * (nesterov ? gi + momentum * v[i] : v[i]);
      }
    }
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("optimizer", name());
    c.put("lr", (double) lr);
    c.put("momentum", (double) momentum);
    c.put("nesterov", nesterov);
    c.put("weight_decay", (double) weightDecay);
    return c;
  }
}
