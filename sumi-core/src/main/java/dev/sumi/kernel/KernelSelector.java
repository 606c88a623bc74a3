package dev.sumi.kernel;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the fastest {@link Kernels} this JVM can run: {@link VectorKernels} when the module {@code
 * jdk.incubator.vector} is in the boot layer (the JVM was started with {@code --add-modules
 * jdk.incubator.vector}), otherwise {@link ScalarKernels}. VectorKernels is loaded by name so that
 * no Vector API class is linked when the module is absent.
 */
final class KernelSelector {
  private static final String VECTOR_KERNELS = "dev.sumi.kernel.VectorKernels";
  private static final System.Logger LOG = System.getLogger(KernelSelector.class.getName());
  private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private KernelSelector() {}

  static Kernels best(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("Thread count " + threads + " is invalid; expected >= 1.");
    }
    Kernels kernels = vectorApiPresent() ? vectorKernels(threads) : Kernels.scalar();
    if (ANNOUNCED.add(kernels.name())) {
      LOG.log(Level.INFO, "Using {0} kernels", kernels.name());
    }
    return kernels;
  }

  static boolean vectorApiPresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  private static Kernels vectorKernels(int threads) {
    try {
      return (Kernels) Class.forName(VECTOR_KERNELS).getConstructor(int.class).newInstance(threads);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + VECTOR_KERNELS, e);
    }
  }
}
