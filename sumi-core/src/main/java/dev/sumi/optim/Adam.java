package dev.sumi.optim;

import dev.sumi.kernel.Kernels;
import dev.sumi.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) with bias correction. Weight decay, when set, is either classic L2 added to
 * the gradient ({@link #lr(double)}) or decoupled as in AdamW ({@link AdamW}).
 */
public class Adam implements Optimizer {
  private final float lr;
  private float beta1 = 0.9f;
  private float beta2 = 0.999f;
  private float epsilon = 1e-8f;
  private float weightDecay;
  private final boolean decoupled;
  private final OptimizerState state = new OptimizerState(2);
  private long steps;

  Adam(float lr, boolean decoupled, float weightDecay) {
    this.lr = Optimizers.checkLearningRate(lr);
    this.decoupled = decoupled;
    this.weightDecay = weightDecay;
  }

  public static Adam lr(double lr) {
    return new Adam((float) lr, false, 0f);
  }

  public Adam betas(double beta1, double beta2) {
    this.beta1 = Optimizers.checkFraction("beta1", beta1);
    this.beta2 = Optimizers.checkFraction("beta2", beta2);
    return this;
  }

  public Adam epsilon(double epsilon) {
    this.epsilon = Optimizers.checkNonNegative("epsilon", epsilon);
    return this;
  }

  public Adam weightDecay(double weightDecay) {
    this.weightDecay = Optimizers.checkNonNegative("weight decay", weightDecay);
    return this;
  }

  @Override
  public String name() {
    return decoupled ? "adamw" : "adam";
  }

  @Override
  public float learningRate() {
    return lr;
  }

  @Override
  public void step(List<Parameter> parameters, float lr) {
    step(parameters, lr, Kernels.scalar());
  }

  @Override
  public void step(List<Parameter> parameters, float lr, Kernels kernels) {
    steps++;
    float correction1 = (float) (1 - Math.pow(beta1, steps));
    float correction2 = (float) (1 - Math.pow(beta2, steps));
    float stepSize = lr / correction1;
    float sqrtCorrection2 = (float) Math.sqrt(correction2);
    for (int p = 0; p < parameters.size(); p++) {
      Parameter param = parameters.get(p);
      float[] w = param.value();
      float decay = param.decay() ? weightDecay : 0f;
      kernels.adamUpdate(
          w.length,
          w,
          param.grad(),
          state.get(parameters, p, 0),
          state.get(parameters, p, 1),
          beta1,
          beta2,
          decoupled ? 0f : decay,
          decoupled ? 1f - lr * decay : 1f,
          stepSize,
          sqrtCorrection2,
          epsilon);
    }
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("optimizer", name());
    c.put("lr", (double) lr);
    c.put("beta1", (double) beta1);
    c.put("beta2", (double) beta2);
    c.put("epsilon", (double) epsilon);
    c.put("weight_decay", (double) weightDecay);
    return c;
  }
}
