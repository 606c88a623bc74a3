package dev.sumi.train;

import dev.sumi.augment.Augment;
import dev.sumi.augment.Augmentation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test-time augmentation: the views of each test image whose class probabilities are averaged.
 * {@link #shifts(int)} is the original image plus whole-pixel shifts, nearest first; {@link
 * #of(List)} takes any augmentations, whose random draws come from the view's and the image's index
 * only, so evaluations are repeatable. {@link #withFlips()} adds the mirror image of every view,
 * for data sets trained with horizontal flips (Fashion-MNIST; never digits or characters).
 */
public final class Tta {
  private static final int[][] SHIFTS = {
    {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1},
    {2, 0}, {-2, 0}, {0, 2}, {0, -2}, {2, 1}, {-2, -1}, {1, 2}, {-1, -2},
    {2, -1}, {-2, 1}, {-1, 2}, {1, -2}, {2, 2}, {-2, -2}, {2, -2}, {-2, 2}
  };

  private final List<Augmentation> views;

  private Tta(List<Augmentation> views) {
    if (views.isEmpty()) {
      throw new IllegalArgumentException("Test-time augmentation needs at least one view.");
    }
    this.views = List.copyOf(views);
  }

  /** The original images only: a plain evaluation. */
  public static Tta none() {
    return new Tta(List.of(Augment.none()));
  }

  /**
   * {@code n} views: the original, then shifts by one pixel (right, left, down, up, then the
   * diagonals) and by two pixels; at most 25.
   */
  public static Tta shifts(int n) {
    if (n < 1 || n > SHIFTS.length + 1) {
      throw new IllegalArgumentException(
          "Test-time augmentation with "
              + n
              + " views is not available; expected 1 to "
              + (SHIFTS.length + 1)
              + " (the original plus up to "
              + SHIFTS.length
              + " shifts).");
    }
    List<Augmentation> views = new ArrayList<>();
    views.add(Augment.none());
    for (int i = 0; i < n - 1; i++) {
      views.add(Augment.translate(SHIFTS[i][0], SHIFTS[i][1]));
    }
    return new Tta(views);
  }

  /** These views, then each of them mirrored left to right: twice as many views. */
  public Tta withFlips() {
    List<Augmentation> all = new ArrayList<>(views);
    for (Augmentation view : views) {
      all.add(Augment.of(view, Augment.flip(1)));
    }
    return new Tta(all);
  }

  /** These views, in order; include {@link Augment#none()} to keep the original image. */
  public static Tta of(List<Augmentation> views) {
    return new Tta(views);
  }

  public List<Augmentation> views() {
    return views;
  }

  public int size() {
    return views.size();
  }

  /** The views' specs joined by {@code |}, e.g. {@code none|translate:x=1,y=0}. */
  public String describe() {
    return views.stream().map(Augmentation::spec).collect(Collectors.joining("|"));
  }
}
