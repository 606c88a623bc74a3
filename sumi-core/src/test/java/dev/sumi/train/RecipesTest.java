package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.augment.Augment;
import dev.sumi.data.Datasets;
import dev.sumi.model.Zoo;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipesTest {
  @Test
  void everyDataSetHasTheSameNamedRecipes() {
    for (String dataset : Datasets.names()) {
      assertEquals(
          List.of("best", "fast", "vgg-bn", "allconv", "resnet", "efficientnet"),
          Recipes.names(dataset),
          dataset);
    }
  }

  @Test
  void everyRecipeIsValid() {
    var seen = new HashSet<String>();
    for (Recipe r : Recipes.all()) {
      assertTrue(seen.add(r.dataset() + "/" + r.name()), r.toString());
      assertTrue(Zoo.names().contains(r.model()), r.toString());
      assertTrue(r.epochs() >= 1 && r.batchSize() >= 1, r.toString());
      assertTrue(List.of("constant", "cosine", "step").contains(r.schedule()), r.toString());
      Augment.parse(r.augment());
      r.newOptimizer();
      assertEquals(r, r.toBuilder().build());
    }
  }

  @Test
  void bestIsTheMeasuredSetUpOfEachDataSet() {
    Recipe mnist = Recipes.get("mnist", "best");
    assertEquals(
        Recipes.get("mnist", "allconv").toBuilder()
            .name("best")
            .timeLimit(Duration.ofMinutes(28))
            .build(),
        mnist);
    assertEquals(64, mnist.batchSize());
    assertFalse(mnist.augment().contains("elastic"), mnist.augment());
    Recipe fashion = Recipes.get("fashion-mnist", "best");
    assertEquals(
        Recipes.get("fashion-mnist", "resnet").toBuilder()
            .name("best")
            .model("preact-resnet12")
            .epochs(40)
            .augment("flip+crop:pad=2")
            .timeLimit(Duration.ofMinutes(28))
            .build(),
        fashion);
    assertTrue(Recipes.get("fashion-mnist", "vgg-bn").augment().contains("erasing"));
    assertEquals(mnist.model(), Recipes.get("kmnist", "best").model());
    assertTrue(Recipes.get("k49", "best").epochs() < mnist.epochs());
  }

  @Test
  void onlyTheBestRecipesHaveATimeLimit() {
    for (Recipe r : Recipes.all()) {
      Duration expected = r.name().equals("best") ? Duration.ofMinutes(28) : Duration.ZERO;
      assertEquals(expected, r.timeLimit(), r.toString());
      assertEquals(
          r.name().equals("best") ? 1680L : null, r.toMap().get("time_limit_seconds"), r.name());
    }
  }

  @Test
  void anUnknownNameListsTheValidOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Recipes.get("mnist", "slow"));
    assertEquals(
        "Unknown recipe 'slow' for mnist; expected one of best, fast, vgg-bn, allconv, resnet,"
            + " efficientnet.",
        e.getMessage());
    assertEquals("best", Recipes.get("k49", "best").toMap().get("name"));
  }
}
