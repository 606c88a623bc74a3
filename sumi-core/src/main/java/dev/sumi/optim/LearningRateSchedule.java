package dev.sumi.optim;

/**
 * How the learning rate changes over training, as a multiplier of the optimizer's base rate. The
 * position is given in epochs, fractional within an epoch, so schedules change smoothly per step.
 */
public interface LearningRateSchedule {

  /** The multiplier at {@code epoch} (0 at the first step) of a run of {@code totalEpochs}. */
  double multiplier(double epoch, double totalEpochs);

  /** A short description for logs and run records, e.g. {@code cosine}. */
  String describe();

  /** Always the base rate. */
  static LearningRateSchedule constant() {
    return new LearningRateSchedule() {
      @Override
      public double multiplier(double epoch, double totalEpochs) {
        return 1;
      }

      @Override
      public String describe() {
        return "constant";
      }
    };
  }

  /** Multiplied by {@code gamma} every {@code everyEpochs} epochs. */
  static LearningRateSchedule step(int everyEpochs, double gamma) {
    if (everyEpochs < 1 || !(gamma > 0)) {
      throw new IllegalArgumentException(
          "Step schedule needs every >= 1 epoch and gamma > 0, got "
              + everyEpochs
              + " and "
              + gamma
              + ".");
    }
    return new LearningRateSchedule() {
      @Override
      public double multiplier(double epoch, double totalEpochs) {
        return Math.pow(gamma, Math.floor(epoch / everyEpochs));
      }

      @Override
      public String describe() {
        return "step(every=" + everyEpochs + ", gamma=" + gamma + ")";
      }
    };
  }

  /** Half a cosine from 1 down to {@code minFactor} over the run. */
  static LearningRateSchedule cosine(double minFactor) {
    return new LearningRateSchedule() {
      @Override
      public double multiplier(double epoch, double totalEpochs) {
        double progress = Math.min(epoch / totalEpochs, 1);
        return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
      }

      @Override
      public String describe() {
        return "cosine(min=" + minFactor + ")";
      }
    };
  }

  /**
   * Smith's one-cycle policy with PyTorch's defaults: from a 25th of the base rate up to the base
   * rate over the first 30% of the run, then down to 1e-4 of the start, along half cosines; see
   * {@link OneCycle} for the settings.
   */
  static OneCycle oneCycle() {
    return OneCycle.defaults();
  }

  /** Cosine down to zero. */
  static LearningRateSchedule cosine() {
    return cosine(0);
  }

  /**
   * A linear ramp from near zero to the full rate over the first {@code warmupEpochs}, then {@code
   * after} (which sees the epochs after the warm-up as its whole run).
   */
  static LearningRateSchedule warmup(double warmupEpochs, LearningRateSchedule after) {
    if (!(warmupEpochs > 0)) {
      throw new IllegalArgumentException(
          "Warm-up length " + warmupEpochs + " is invalid; expected > 0 epochs.");
    }
    return new LearningRateSchedule() {
      @Override
      public double multiplier(double epoch, double totalEpochs) {
        if (epoch < warmupEpochs) {
          return (epoch + 1e-3) / warmupEpochs;
        }
        return after.multiplier(epoch - warmupEpochs, Math.max(totalEpochs - warmupEpochs, 1e-9));
      }

      @Override
      public String describe() {
        return "warmup(" + warmupEpochs + ") then " + after.describe();
      }
    };
  }
}
