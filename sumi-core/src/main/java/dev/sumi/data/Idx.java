package dev.sumi.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An array read from an IDX file (the format of MNIST and its relatives), raw or gzip-compressed.
 * Only unsigned-byte elements (type code 0x08) are supported, which covers every image and label
 * file of the data sets here.
 */
public final class Idx {
  private static final int UNSIGNED_BYTE = 0x08;
  private static final int BUFFER = 1 << 16;

  private final Path file;
  private final int[] dims;
  private final byte[] data;

  private Idx(Path file, int[] dims, byte[] data) {
    this.file = file;
    this.dims = dims;
    this.data = data;
  }

  /**
   * Reads a whole IDX file. Gzip compression is recognised by its magic bytes, whatever the name.
   *
   * @throws DataException if the file is missing, unreadable or not a well-formed unsigned-byte IDX
   *     file whose data length is exactly the product of its dimensions
   */
  public static Idx read(Path file) {
    try (InputStream in = openContent(file)) {
      int[] dims = readHeader(file, in);
      byte[] data = new byte[(int) elementCount(file, dims)];
      int n = readFully(in, data);
      if (n < data.length) {
        throw new DataException(
            "IDX file "
                + file
                + " is truncated: it holds "
                + n
                + " data bytes but its dimensions "
                + Arrays.toString(dims)
                + " need "
                + data.length
                + ".");
      }
      if (in.read() != -1) {
        throw new DataException(
            "IDX file "
                + file
                + " has bytes after its "
                + data.length
                + " data bytes; expected exactly the product of its dimensions "
                + Arrays.toString(dims)
                + ".");
      }
      return new Idx(file, dims, data);
    } catch (NoSuchFileException e) {
      throw new DataException("IDX file " + file + " does not exist.", e);
    } catch (ZipException e) {
      throw new DataException(
          "IDX file " + file + " is not a valid gzip stream (" + e.getMessage() + ").", e);
    } catch (IOException e) {
      throw new DataException("Could not read IDX file " + file + ": " + e + ".", e);
    }
  }

  /** The file this array was read from. */
  public Path file() {
    return file;
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** The leading dimension: the number of items (images or labels). */
  public int count() {
    return dims[0];
  }

  /**
   * The elements in row-major order. This is the array itself, not a copy, so that a 47 MB image
   * file can be handed on without duplicating it; the caller owns it from here on.
   */
  public byte[] data() {
    return data;
  }

  @Override
  public String toString() {
    return "IDX " + Arrays.toString(dims) + " from " + file;
  }

  /** Opens a file's content, decompressing it when it starts with the gzip magic bytes 1f 8b. */
  static InputStream openContent(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      return gzip ? new GZIPInputStream(in, BUFFER) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads until {@code into} is full or the stream ends, and returns the number of bytes read. A
   * gzip stream that is cut short ends with an EOFException, which here means the same as a short
   * raw file.
   */
  static int readFully(InputStream in, byte[] into) throws IOException {
    int n = 0;
    try {
      while (n < into.length) {
        int r = in.read(into, n, into.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (EOFException e) {
      // truncated gzip: report how much arrived
    }
    return n;
  }

  private static int[] readHeader(Path file, InputStream in) throws IOException {
    byte[] magic = new byte[4];
    int n = readFully(in, magic);
    if (n < magic.length || magic[0] != 0 || magic[1] != 0) {
      throw new DataException(
          "IDX file "
              + file
              + " does not start with an IDX magic number: its first bytes are ["
              + HexFormat.ofDelimiter(" ").formatHex(magic, 0, n)
              + "]; expected 00 00 08 followed by the rank.");
    }
    int type = magic[2] & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new DataException(
          "IDX file "
              + file
              + " holds elements of type "
              + typeName(type)
              + "; expected type 0x08 (unsigned byte), the only one supported.");
    }
    int rank = magic[3] & 0xff;
    if (rank == 0) {
      throw new DataException("IDX file " + file + " declares rank 0; expected at least 1.");
    }
    byte[] header = new byte[4 * rank];
    n = readFully(in, header);
    if (n < header.length) {
      throw new DataException(
          "IDX file "
              + file
              + " ends inside its header after "
              + (4 + n)
              + " bytes; expected "
              + (4 + header.length)
              + " header bytes for rank "
              + rank
              + ".");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] =
          (header[4 * i] & 0xff) << 24
              | (header[4 * i + 1] & 0xff) << 16
              | (header[4 * i + 2] & 0xff) << 8
              | (header[4 * i + 3] & 0xff);
      if (dims[i] <= 0) {
        throw new DataException(
            "IDX file "
                + file
                + " declares dimension "
                + i
                + " as "
                + dims[i]
                + "; expected a positive size.");
      }
    }
    return dims;
  }

  private static long elementCount(Path file, int[] dims) {
    long count = 1;
    for (int d : dims) {
      count *= d;
      if (count > Integer.MAX_VALUE - 8) {
        throw new DataException(
            "IDX file "
                + file
                + " declares dimensions "
                + Arrays.toString(dims)
                + "; expected at most 2^31 - 9 elements in all.");
      }
    }
    return count;
  }

  private static String typeName(int type) {
    String name =
        switch (type) {
          case 0x09 -> "signed byte";
          case 0x0b -> "short";
          case 0x0c -> "int";
          case 0x0d -> "float";
          case 0x0e -> "double";
          default -> "unknown";
        };
    return String.format("0x%02x (%s)", type, name);
  }
}
