package dev.sumi.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A uint8 array read from a NumPy {@code .npy} member of an {@code .npz} file, in C (row-major)
 * order.
 *
 * @param file the {@code .npz} file it came from
 * @param name the array's name in that file, e.g. {@code arr_0}
 * @param dims the shape, empty for a scalar
 * @param data the elements; owned by whoever holds the array, not copied
 */
public record NpyArray(Path file, String name, int[] dims, byte[] data) {

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  /** A short description for messages, e.g. {@code array 'arr_0' of k49-test-imgs.npz}. */
  public String describe() {
    return "array '" + name + "' of " + file;
  }

  @Override
  public String toString() {
    return "NPY " + Arrays.toString(dims) + " " + describe();
  }
}
