package dev.sumi.loss;

import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;

/** Mean over all elements of (prediction - target)^2, as PyTorch's MSELoss. */
public final class MeanSquaredError implements Loss {
  private float[] prediction;
  private float[] target;
  private TensorBuffer gradients;
  private Tensor gradient;

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public float forward(Tensor prediction, Tensor target) {
    Losses.checkSameShape(this, prediction, target);
    this.prediction = prediction.data();
    this.target = target.data();
    double total = 0;
    for (int i = 0, n = prediction.size(); i < n; i++) {
      double d = this.prediction[i] - this.target[i];
      total += d * d;
    }
    gradients = Losses.reuse(gradients, prediction);
    gradient = gradients.get(prediction.batch());
    return (float) (total / prediction.size());
  }

  @Override
  public Tensor backward() {
    int n = gradient.size();
    float scale = 2f / n;
    float[] g = gradient.data();
    for (int i = 0; i < n; i++) {
      g[i] = (prediction[i] - target[i]) * scale;
    }
    return gradient;
  }
}
