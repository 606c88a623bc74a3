package dev.sumi.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KernelSelectorTest {

  @Test
  void picksVectorKernelsWhenTheModuleIsLoaded() {
    // The build starts test JVMs with --add-modules jdk.incubator.vector.
    assertEquals(true, KernelSelector.vectorApiPresent());
    Kernels k = Kernels.best(2);
    assertInstanceOf(VectorKernels.class, k);
    assertEquals(2, k.threads());
  }

  @Test
  void rejectsNonPositiveThreadCounts() {
    assertThrows(IllegalArgumentException.class, () -> Kernels.best(0));
  }
}
