package dev.sumi.model;

/** Maps raw pixel values x in [0, 1] to (x - mean) / std. */
public record Normalization(float mean, float std) {
  public static final Normalization NONE = new Normalization(0f, 1f);

  public Normalization {
    if (!(std > 0f) || !Float.isFinite(mean)) {
      throw new IllegalArgumentException(
          "Normalization needs a finite mean and std > 0, got " + mean + " and " + std + ".");
    }
  }

  public void apply(float[] in, float[] out, int n) {
    float inv = 1f / std;
    for (int i = 0; i < n; i++) {
      out[i] = (in[i] - mean) * inv;
    }
  }
}
