package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hands vector code its species as a compile-time constant. The JIT only turns Vector API calls
 * into machine instructions when it can see the species as a constant; a species read from a field
 * makes every vector operation fall back to allocating Java code, some hundred times slower.
 *
 * <p>Vector code therefore starts each hot method with {@code lanes.species()}: as long as one JVM
 * uses a single subclass, that call is monomorphic, gets inlined and yields the subclass's {@code
 * static final} species. Mixing two species in one JVM makes those calls polymorphic and the code
 * slow (still correct), which is why tests run the non-preferred species in a separate JVM.
 */
abstract sealed class Lanes permits Lanes.Bits512, Lanes.Bits256, Lanes.Bits128 {

  abstract VectorSpecies<Float> species();

  /** The int species with as many lanes as {@link #species()}. */
  abstract VectorSpecies<Integer> ints();

  /** The lanes for {@code species}; 128, 256 and 512-bit float species are supported. */
  static Lanes of(VectorSpecies<Float> species) {
    if (species == FloatVector.SPECIES_512) {
      return new Bits512();
    }
    if (species == FloatVector.SPECIES_256) {
      return new Bits256();
    }
    if (species == FloatVector.SPECIES_128) {
      return new Bits128();
    }
    throw new IllegalArgumentException(
        "Vector species " + species + " is not supported; expected 128, 256 or 512 bits of float.");
  }

  static final class Bits512 extends Lanes {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;

    @Override
    VectorSpecies<Float> species() {
      return SPECIES;
    }

    @Override
    VectorSpecies<Integer> ints() {
      return INTS;
    }
  }

  static final class Bits256 extends Lanes {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;

    @Override
    VectorSpecies<Float> species() {
      return SPECIES;
    }

    @Override
    VectorSpecies<Integer> ints() {
      return INTS;
    }
  }

  static final class Bits128 extends Lanes {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_128;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_128;

    @Override
    VectorSpecies<Float> species() {
      return SPECIES;
    }

    @Override
    VectorSpecies<Integer> ints() {
      return INTS;
    }
  }
}
