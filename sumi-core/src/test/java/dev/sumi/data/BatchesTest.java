package dev.sumi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
  /** Ten 1x1x1 samples whose pixel value is the sample index, and label index mod 3. */
  private static Dataset data() {
    byte[] pixels = new byte[10];
    int[] labels = new int[10];
    for (int i = 0; i < 10; i++) {
      pixels[i] = (byte) i;
      labels[i] = i % 3;
    }
    return Dataset.of("ten", pixels, labels, Shape.of(1, 1, 1), List.of("a", "b", "c"), 0, 1);
  }

  /** The sample indices of one epoch, recovered from the normalised pixels. */
  private static List<Integer> epoch(Batches batches, int epoch, List<Integer> batchSizes) {
    List<Integer> seen = new ArrayList<>();
    batches.startEpoch(epoch);
    while (batches.next()) {
      Tensor images = batches.images();
      batchSizes.add(batches.count());
      assertEquals(Shape.of(batches.count(), 1, 1, 1), images.shape());
      for (int k = 0; k < batches.count(); k++) {
        int sample = Math.round(images.data()[k] * 255);
        assertEquals(sample % 3, batches.labels()[k]);
        assertEquals(sample, batches.sampleIndex(k));
        seen.add(sample);
      }
    }
    return seen;
  }

  @Test
  void inOrderCoversEverySampleWithASmallerLastBatch() {
    Batches batches = Batches.inOrder(data(), 4);
    assertEquals(3, batches.batchesPerEpoch());
    List<Integer> sizes = new ArrayList<>();
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), epoch(batches, 0, sizes));
    assertEquals(List.of(4, 4, 2), sizes);
    assertFalse(batches.next());
    assertThrows(IllegalStateException.class, batches::images);
  }

  @Test
  void shuffledEpochsArePermutationsThatDifferAndRepeat() {
    Batches batches = Batches.shuffled(data(), 3, 7);
    List<Integer> first = epoch(batches, 0, new ArrayList<>());
    List<Integer> second = epoch(batches, 1, new ArrayList<>());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), first.stream().sorted().toList());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), second.stream().sorted().toList());
    assertNotEquals(first, second);
    assertEquals(first, epoch(Batches.shuffled(data(), 3, 7), 0, new ArrayList<>()));
  }

  @Test
  void fullBatchesReuseOneTensorAndBuffer() {
    Batches batches = Batches.inOrder(data(), 5);
    batches.next();
    Tensor first = batches.images();
    int[] labels = batches.labels();
    batches.next();
    assertSame(first, batches.images());
    assertSame(labels, batches.labels());
    assertArrayEquals(new int[] {2, 0, 1, 2, 0}, labels);
  }
}
