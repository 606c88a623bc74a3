package dev.sumi.loss;

import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;

/**
 * Cross-entropy of softmax(logits) against target distributions, fused with the softmax: computed
 * through log-sum-exp so that large logits neither overflow nor lose precision. The gradient is
 * (softmax(logits) - target) / batch.
 */
public final class SoftmaxCrossEntropy implements Loss {
  private float[] probabilities = new float[0];
  private float[] target;
  private TensorBuffer gradients;
  private Tensor gradient;

  @Override
  public String name() {
    return "cross_entropy";
  }

  @Override
  public float forward(Tensor logits, Tensor target) {
    Losses.checkSameShape(this, logits, target);
    int n = logits.batch();
    int k = logits.size() / n;
    if (probabilities.length < logits.size()) {
      probabilities = new float[logits.size()];
    }
    float[] z = logits.data();
    float[] t = target.data();
    double total = 0;
    for (int b = 0; b < n; b++) {
      int o = b * k;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, z[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        float e = (float) Math.exp(z[o + j] - max);
        probabilities[o + j] = e;
        sum += e;
      }
      double logSum = Math.log(sum) + max;
      float inv = (float) (1 / sum);
      for (int j = 0; j < k; j++) {
        probabilities[o + j] *= inv;
        if (t[o + j] != 0f) {
          total -= t[o + j] * (z[o + j] - logSum);
        }
      }
    }
    this.target = t;
    gradients = Losses.reuse(gradients, logits);
    gradient = gradients.get(n);
    return (float) (total / n);
  }

  @Override
  public Tensor backward() {
    int size = gradient.size();
    float inv = 1f / gradient.batch();
    float[] g = gradient.data();
    for (int i = 0; i < size; i++) {
      g[i] = (probabilities[i] - target[i]) * inv;
    }
    return gradient;
  }

  /** Softmax probabilities of the last forward, (batch, classes) in a reused array. */
  public float[] probabilities() {
    return probabilities;
  }
}
