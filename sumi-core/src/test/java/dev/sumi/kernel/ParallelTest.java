package dev.sumi.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void everyIndexRunsExactlyOnceInStaticShares() {
    Parallel team = Parallel.team(2);
    for (int count : new int[] {1, 2, 3, 17, 1000}) {
      AtomicIntegerArray hits = new AtomicIntegerArray(count);
      AtomicIntegerArray owner = new AtomicIntegerArray(count);
      for (int repeat = 0; repeat < 50; repeat++) {
        team.forRange(
            count,
            (w, from, to) -> {
              assertEquals(Parallel.shareStart(count, team.activeWorkers(count), w), from);
              for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
                owner.set(i, w);
              }
            });
      }
      for (int i = 0; i < count; i++) {
        assertEquals(50, hits.get(i), "index " + i + " of " + count);
        assertEquals(i < count / 2 || count == 1 ? 0 : 1, owner.get(i), "owner of " + i);
      }
    }
  }

  @Test
  void nestedLoopsRunOnTheCallingWorker() {
    Parallel team = Parallel.team(2);
    AtomicIntegerArray hits = new AtomicIntegerArray(16);
    team.forRange(
        2,
        (w, from, to) ->
            team.forRange(
                8,
                (inner, f, t) -> {
                  assertEquals(0, inner);
                  for (int i = f; i < t; i++) {
                    hits.incrementAndGet(w * 8 + i);
                  }
                }));
    for (int i = 0; i < 16; i++) {
      assertEquals(1, hits.get(i));
    }
  }

  @Test
  void failuresReachTheCaller() {
    Parallel team = Parallel.team(2);
    IllegalStateException e = new IllegalStateException("boom");
    assertSame(
        e,
        assertThrows(
            IllegalStateException.class,
            () ->
                team.forRange(
                    2,
                    (w, from, to) -> {
                      if (w == 1) {
                        throw e;
                      }
                    })));
    int[] ran = new int[1];
    team.forRange(1, (w, from, to) -> ran[0]++);
    assertEquals(1, ran[0]);
  }

  @Test
  void teamsAreSharedPerThreadCount() {
    assertSame(Parallel.team(2), Parallel.team(2));
    assertEquals(3, Parallel.team(3).threads());
    assertThrows(IllegalArgumentException.class, () -> Parallel.team(0));
  }
}
