package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hands vector code its species as a compile-time constant. The JIT only turns Vector API calls
 * into machine instructions when it can see the species as a constant; a species it cannot see
 * makes every vector operation fall back to allocating Java code, some hundred times slower.
 *
 * <p>So the species is fixed once per JVM, in a {@code static final} field of this final class: the
 * preferred one (at most 512 bits), or the width given at startup by the system property {@code
 * sumi.vector.bits} (512, 256 or 128). Vector code starts each hot method with {@code
 * lanes.species()}, which always inlines to that constant. (A class per species, chosen at run
 * time, left the call to the JIT's type profile: where a method was recompiled from a thin profile,
 * the call stayed virtual and its vectors were allocated on every step.)
 */
final class Lanes {
  /** The system property that sets the vector width in bits for the whole JVM. */
  static final String BITS_PROPERTY = "sumi.vector.bits";

  private static final VectorSpecies<Float> SPECIES = select();
  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, SPECIES.vectorShape());
  private static final Lanes INSTANCE = new Lanes();

  private Lanes() {}

  VectorSpecies<Float> species() {
    return SPECIES;
  }

  /** The int species with as many lanes as {@link #species()}. */
  VectorSpecies<Integer> ints() {
    return INTS;
  }

  /** This JVM's float species. */
  static VectorSpecies<Float> jvmSpecies() {
    return SPECIES;
  }

  /**
   * The lanes for {@code species}, which must be this JVM's species.
   *
   * @throws IllegalArgumentException naming the species to use and how to change it
   */
  static Lanes of(VectorSpecies<Float> species) {
    if (species != SPECIES) {
      throw new IllegalArgumentException(
          "Vector species "
              + species
              + " is not this JVM's "
              + SPECIES
              + "; start the JVM with -D"
              + BITS_PROPERTY
              + "="
              + species.vectorBitSize()
              + " to use it.");
    }
    return INSTANCE;
  }

  private static VectorSpecies<Float> select() {
    String property = System.getProperty(BITS_PROPERTY);
    int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    if (property != null) {
      try {
        bits = Integer.parseInt(property.trim());
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits != 512 && bits != 256 && bits != 128) {
        throw new IllegalArgumentException(
            "System property "
                + BITS_PROPERTY
                + " is '"
                + property
                + "'; expected 512, 256 or 128.");
      }
    }
    return bits >= 512
        ? FloatVector.SPECIES_512
        : bits >= 256 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
  }
}
