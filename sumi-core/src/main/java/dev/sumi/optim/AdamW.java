package dev.sumi.optim;

/** Adam with decoupled weight decay (Loshchilov and Hutter); default decay 0.01 as in PyTorch. */
public final class AdamW extends Adam {
  private AdamW(float lr) {
    super(lr, true, 0.01f);
  }

  public static AdamW lr(double lr) {
    return new AdamW((float) lr);
  }
}
