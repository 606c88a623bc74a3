package dev.sumi.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} file: a zip archive of {@code .npy} arrays, stored or deflated, as written
 * by {@code numpy.savez} and {@code numpy.savez_compressed} (the Kuzushiji data sets ship this
 * way). Only uint8 arrays in C order are supported; {@code .npy} format versions 1.0, 2.0 and 3.0
 * are read. Every member is checked against the CRC32 recorded in the archive.
 */
public final class Npz {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER = 1 << 20;
  private static final Pattern DESCR =
      Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
  private static final Pattern FORTRAN =
      Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

  private final Path file;
  private final Map<String, NpyArray> arrays;

  private Npz(Path file, Map<String, NpyArray> arrays) {
    this.file = file;
    this.arrays = Collections.unmodifiableMap(arrays);
  }

  /**
   * Reads every array of an {@code .npz} file.
   *
   * @throws DataException naming the file (and array) if the file is missing, not a zip archive,
   *     truncated or corrupt, or holds an array that is not a C-order uint8 {@code .npy} array
   */
  public static Npz read(Path file) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<? extends ZipEntry> entries = Collections.list(zip.entries());
      for (ZipEntry entry : entries) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        if (name.endsWith(".npy")) {
          name = name.substring(0, name.length() - 4);
        }
        arrays.put(name, readMember(file, name, zip, entry));
      }
    } catch (NoSuchFileException e) {
      throw new DataException("NPZ file " + file + " does not exist.", e);
    } catch (ZipException e) {
      throw new DataException(
          "NPZ file "
              + file
              + " is not a readable zip archive ("
              + e.getMessage()
              + "); expected the output of numpy.savez or numpy.savez_compressed.",
          e);
    } catch (IOException e) {
      if (!file.toFile().exists()) {
        throw new DataException("NPZ file " + file + " does not exist.", e);
      }
      throw new DataException("Could not read NPZ file " + file + ": " + e + ".", e);
    }
    if (arrays.isEmpty()) {
      throw new DataException("NPZ file " + file + " holds no arrays; expected at least one.");
    }
    return new Npz(file, arrays);
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** The names of the arrays, in archive order (without the {@code .npy} suffix). */
  public List<String> names() {
    return new ArrayList<>(arrays.keySet());
  }

  /** The array called {@code name}, e.g. {@code arr_0}. */
  public NpyArray array(String name) {
    NpyArray array = arrays.get(name);
    if (array == null) {
      throw new DataException(
          "NPZ file "
              + file
              + " has no array '"
              + name
              + "'; it holds "
              + String.join(", ", arrays.keySet())
              + ".");
    }
    return array;
  }

  /** The only array of a file that holds one, as the Kuzushiji files do. */
  public NpyArray single() {
    if (arrays.size() != 1) {
      throw new DataException(
          "NPZ file "
              + file
              + " holds "
              + arrays.size()
              + " arrays ("
              + String.join(", ", arrays.keySet())
              + "); expected exactly one.");
    }
    return arrays.values().iterator().next();
  }

  private static NpyArray readMember(Path file, String name, ZipFile zip, ZipEntry entry)
      throws IOException {
    String what = "array '" + name + "' of NPZ file " + file;
    CRC32 crc = new CRC32();
    try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
      int[] dims = readHeader(what, in);
      long count = elementCount(what, dims);
      byte[] data = new byte[(int) count];
      int n = Idx.readFully(in, data);
      if (n < data.length) {
        throw new DataException(
            "The "
                + what
                + " is truncated: it holds "
                + n
                + " data bytes but its shape "
                + shape(dims)
                + " needs "
                + data.length
                + ".");
      }
      if (in.read() != -1) {
        throw new DataException(
            "The "
                + what
                + " has bytes after its "
                + data.length
                + " data bytes; expected exactly the product of its shape "
                + shape(dims)
                + ".");
      }
      if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
        throw new DataException(
            "The "
                + what
                + " is corrupt: its CRC32 is "
                + Long.toHexString(crc.getValue())
                + " but the archive records "
                + Long.toHexString(entry.getCrc())
                + ".");
      }
      return new NpyArray(file, name, dims, data);
    } catch (ZipException e) {
      throw new DataException(
          "The " + what + " is corrupt (" + e.getMessage() + "); expected a valid zip member.", e);
    } catch (EOFException e) {
      throw new DataException(
          "The " + what + " is truncated (" + e.getMessage() + "); expected a whole zip member.",
          e);
    }
  }

  /** Reads the magic, version and header dict of a {@code .npy} stream; returns the shape. */
  private static int[] readHeader(String what, InputStream in) throws IOException {
    byte[] start = new byte[MAGIC.length + 2];
    int n = Idx.readFully(in, start);
    if (n < start.length || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
      throw new DataException(
          "The " + what + " does not start with the .npy magic string; expected \\x93NUMPY.");
    }
    int major = start[MAGIC.length] & 0xff;
    int minor = start[MAGIC.length + 1] & 0xff;
    int lengthBytes =
        switch (major) {
          case 1 -> 2;
          case 2, 3 -> 4;
          default ->
              throw new DataException(
                  "The "
                      + what
                      + " has .npy format version "
                      + major
                      + "."
                      + minor
                      + "; expected 1.0, 2.0 or 3.0.");
        };
    byte[] lengthField = new byte[lengthBytes];
    if (Idx.readFully(in, lengthField) < lengthBytes) {
      throw new DataException("The " + what + " ends inside its .npy header.");
    }
    long length = 0;
    for (int i = lengthBytes - 1; i >= 0; i--) {
      length = length << 8 | (lengthField[i] & 0xff);
    }
    if (length > MAX_HEADER) {
      throw new DataException(
          "The "
              + what
              + " declares a .npy header of "
              + length
              + " bytes; expected at most "
              + MAX_HEADER
              + ".");
    }
    byte[] headerBytes = new byte[(int) length];
    if (Idx.readFully(in, headerBytes) < headerBytes.length) {
      throw new DataException("The " + what + " ends inside its .npy header.");
    }
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return parseHeader(what, header.strip());
  }

  private static int[] parseHeader(String what, String header) {
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!header.startsWith("{") || !descr.find() || !fortran.find() || !shape.find()) {
      throw new DataException(
          "The "
              + what
              + " has the .npy header "
              + header
              + "; expected a dict with 'descr', 'fortran_order' and 'shape'.");
    }
    String dtype = descr.group(1);
    if (!(dtype.length() == 3 && "|<>=".indexOf(dtype.charAt(0)) >= 0 && dtype.endsWith("u1"))) {
      throw new DataException(
          "The " + what + " has dtype '" + dtype + "'; expected uint8 ('|u1'), the only one read.");
    }
    if (fortran.group(1).equals("True")) {
      throw new DataException(
          "The " + what + " is stored in Fortran order; expected C order (fortran_order False).");
    }
    String[] parts = shape.group(1).split(",");
    List<Integer> dims = new ArrayList<>();
    for (String part : parts) {
      String p = part.strip();
      if (p.endsWith("L")) {
        p = p.substring(0, p.length() - 1); // Python 2 longs
      }
      if (p.isEmpty()) {
        continue;
      }
      int d;
      try {
        d = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        d = -1;
      }
      if (d < 0) {
        throw new DataException(
            "The "
                + what
                + " has shape ("
                + shape.group(1)
                + "); expected non-negative integer dimensions below 2^31.");
      }
      dims.add(d);
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long elementCount(String what, int[] dims) {
    long count = 1;
    for (int d : dims) {
      count *= d;
      if (count > Integer.MAX_VALUE - 8) {
        throw new DataException(
            "The "
                + what
                + " has shape "
                + shape(dims)
                + "; expected at most 2^31 - 9 elements in all.");
      }
    }
    return count;
  }

  /** A shape written as NumPy does, e.g. {@code (10000, 28, 28)} or {@code (5,)}. */
  static String shape(int[] dims) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return b.append(dims.length == 1 ? ",)" : ")").toString();
  }
}
