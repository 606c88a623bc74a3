package dev.sumi.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Independent chains of vector fused multiply-adds, enough of them to keep the FMA units busy in
 * spite of their latency. Only loaded when the Vector API is present (see {@link FmaPeak}).
 */
final class FmaChains {
  /** The species the vector kernels use by default, as a constant so that the JIT intrinsifies. */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** Sixteen chains cover a four-cycle latency on two FMA pipes twice over. */
  static final int CHAINS = 16;

  private FmaChains() {}

  static int lanes() {
    return SPECIES.length();
  }

  /**
   * Runs {@code rounds} rounds of one FMA on each chain; returns a value that depends on all of
   * them, so that the JIT cannot drop the work. Each chain converges to 1 without denormals.
   */
  static float run(int rounds) {
    FloatVector a = FloatVector.broadcast(SPECIES, 0.999f);
    FloatVector b = FloatVector.broadcast(SPECIES, 0.001f);
    // Distinct starting values, or the JIT would see sixteen identical chains and merge them.
    FloatVector c0 = FloatVector.broadcast(SPECIES, 0.00f);
    FloatVector c1 = FloatVector.broadcast(SPECIES, 0.01f);
    FloatVector c2 = FloatVector.broadcast(SPECIES, 0.02f);
    FloatVector c3 = FloatVector.broadcast(SPECIES, 0.03f);
    FloatVector c4 = FloatVector.broadcast(SPECIES, 0.04f);
    FloatVector c5 = FloatVector.broadcast(SPECIES, 0.05f);
    FloatVector c6 = FloatVector.broadcast(SPECIES, 0.06f);
    FloatVector c7 = FloatVector.broadcast(SPECIES, 0.07f);
    FloatVector c8 = FloatVector.broadcast(SPECIES, 0.08f);
    FloatVector c9 = FloatVector.broadcast(SPECIES, 0.09f);
    FloatVector c10 = FloatVector.broadcast(SPECIES, 0.10f);
    FloatVector c11 = FloatVector.broadcast(SPECIES, 0.11f);
    FloatVector c12 = FloatVector.broadcast(SPECIES, 0.12f);
    FloatVector c13 = FloatVector.broadcast(SPECIES, 0.13f);
    FloatVector c14 = FloatVector.broadcast(SPECIES, 0.14f);
    FloatVector c15 = FloatVector.broadcast(SPECIES, 0.15f);
    for (int i = 0; i < rounds; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
      c12 = c12.fma(a, b);
      c13 = c13.fma(a, b);
      c14 = c14.fma(a, b);
      c15 = c15.fma(a, b);
    }
    FloatVector sum =
        c0.add(c1)
            .add(c2)
            .add(c3)
            .add(c4)
            .add(c5)
            .add(c6)
            .add(c7)
            .add(c8)
            .add(c9)
            .add(c10)
            .add(c11)
            .add(c12)
            .add(c13)
            .add(c14)
            .add(c15);
    return sum.reduceLanes(VectorOperators.ADD);
  }
}
