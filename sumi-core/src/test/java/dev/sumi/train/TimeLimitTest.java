package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.model.Model;
import dev.sumi.optim.LearningRateSchedule;
import dev.sumi.optim.SGD;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeLimitTest {

  @Test
  void runThatKeepsPaceKeepsItsEpochs() {
    TimeLimit limit = new TimeLimit(Duration.ofSeconds(100), 10);
    for (int epoch = 1; epoch <= 9; epoch++) {
      assertEquals(10, limit.plannedEpochs(epoch, 9, 9.0 * epoch), "after epoch " + epoch);
    }
  }

  @Test
  void slowerPaceCutsTheRunToTheEpochsThatFit() {
    TimeLimit limit = new TimeLimit(Duration.ofSeconds(100), 20);
    limit.plannedEpochs(1, 12, 12);
    // 10 s, which alone sets the pace: (100 - 22) / 10 = 7.8, so 7 more.
    assertEquals(9, limit.plannedEpochs(2, 10, 22));
    // Then 13 s: pace 11.5 s, (100 - 35) / 11.5 = 5.7, so 5 more.
    assertEquals(8, limit.plannedEpochs(3, 13, 35));
  }

  @Test
  void slowFirstEpochLeavesThePlanWhileAnotherEpochFits() {
    TimeLimit limit = new TimeLimit(Duration.ofSeconds(100), 50);
    // At the 20 s of the first epoch only 4 more would fit, but it includes the warm-up.
    assertEquals(50, limit.plannedEpochs(1, 20, 20));
    // Then the 5 s epochs set the pace: (100 - 25) / 5 = 15 more.
    assertEquals(17, limit.plannedEpochs(2, 5, 25));
  }

  @Test
  void firstEpochEndsTheRunWhenNoOtherWouldFit() {
    TimeLimit limit = new TimeLimit(Duration.ofSeconds(30), 50);
    assertEquals(1, limit.plannedEpochs(1, 20, 20));
  }

  @Test
  void paceIsTheMeanOfTheLastThreeEpochs() {
    TimeLimit limit = new TimeLimit(Duration.ofSeconds(1000), 100);
    limit.plannedEpochs(1, 50, 50);
    limit.plannedEpochs(2, 40, 90);
    limit.plannedEpochs(3, 40, 130);
    limit.plannedEpochs(4, 10, 140);
    // Epochs 3-5 took 40, 10 and 10 s: pace 20 s, (1000 - 150) / 20 = 42.5, so 42 more.
    assertEquals(47, limit.plannedEpochs(5, 10, 150));
  }

  @Test
  void planNeverEndsBeforeTheEpochJustFinished() {
    TimeLimit limit = new TimeLimit(Duration.ofSeconds(10), 8);
    assertEquals(3, limit.plannedEpochs(3, 60, 200));
  }

  @Test
  void nonPositiveLimitsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(3).timeLimit(Duration.ZERO));
    assertTrue(e.getMessage().contains("expected a positive duration"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Fit.epochs(3).timeLimit(Duration.ofSeconds(-1)));
  }

  @Test
  void spentLimitEndsTheRunAfterOneEpochAndTellsTheListeners() {
    Model model = EmaTest.smallBatchNormNet(5);
    List<Integer> replans = new ArrayList<>();
    List<Integer> progressEpochs = new ArrayList<>();
    History history =
        model.fit(
            EmaTest.data(96, 7),
            Fit.epochs(4)
                .batchSize(16)
                .seed(6)
                .timeLimit(Duration.ofNanos(1))
                .listener(
                    new TrainingListener() {
                      @Override
                      public void onReplan(TrainingPlan plan) {
                        replans.add(plan.epochs());
                      }

                      @Override
                      public void onBatchEnd(BatchProgress progress) {
                        progressEpochs.add(progress.epochs());
                      }
                    }));
    assertEquals(1, history.epochs().size());
    assertEquals(List.of(1), replans);
    assertTrue(progressEpochs.stream().allMatch(e -> e == 4), progressEpochs.toString());
  }

  @Test
  void generousLimitLeavesTheRunBitIdentical() {
    float[] without = trainedWeights(null);
    float[] with = trainedWeights(Duration.ofHours(1));
    assertArrayEquals(without, with);
  }

  private static float[] trainedWeights(Duration limit) {
    Model model = EmaTest.smallBatchNormNet(5);
    Fit fit =
        Fit.epochs(3)
            .batchSize(16)
            .seed(6)
            .optimizer(SGD.lr(0.05).momentum(0.9))
            .schedule(LearningRateSchedule.cosine())
            .ema(0.99);
    if (limit != null) {
      fit.timeLimit(limit);
    }
    History history = model.fit(EmaTest.data(96, 7), fit);
    assertEquals(3, history.epochs().size());
    return model.tensors().get(0).clone();
  }
}
