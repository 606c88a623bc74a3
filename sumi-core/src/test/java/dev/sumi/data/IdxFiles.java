package dev.sumi.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files in memory for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** An unsigned-byte IDX file with the given dimensions and data. */
  static byte[] idx(byte[] data, int... dims) {
    return idxOfType(0x08, data, dims);
  }

  static byte[] idxOfType(int type, byte[] data, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  /** {@code n} images of {@code rows x cols} whose pixels are {@code (i * 31 + j) mod 256}. */
  static byte[] images(int n, int rows, int cols) {
    byte[] data = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < rows * cols; j++) {
        data[i * rows * cols + j] = (byte) (i * 31 + j);
      }
    }
    return idx(data, n, rows, cols);
  }

  static byte[] labels(int... labels) {
    byte[] data = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      data[i] = (byte) labels[i];
    }
    return idx(data, labels.length);
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String md5(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
