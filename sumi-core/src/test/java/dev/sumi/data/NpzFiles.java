package dev.sumi.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small {@code .npy} arrays and {@code .npz} archives for tests, as NumPy writes them. */
final class NpzFiles {
  private NpzFiles() {}

  /** A {@code .npy} array: format version {@code major}.0, the given dtype, C order. */
  static byte[] npy(int major, String dtype, byte[] data, int... dims) {
    return npy(
        major,
        "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + Npz.shape(dims) + ", }",
        data);
  }

  /** A {@code .npy} array with a literal header dict, padded like NumPy's to 64 bytes. */
  static byte[] npy(int major, String dict, byte[] data) {
    int lengthBytes = major == 1 ? 2 : 4;
    int prefix = 8 + lengthBytes;
    StringBuilder header = new StringBuilder(dict);
    while ((prefix + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(major);
    out.write(0);
    for (int i = 0; i < lengthBytes; i++) {
      out.write(h.length >>> (8 * i));
    }
    out.writeBytes(h);
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** A uint8 version-1.0 {@code .npy} array. */
  static byte[] u8(byte[] data, int... dims) {
    return npy(1, "|u1", data, dims);
  }

  /** {@code n} images of {@code rows x cols} whose pixels are {@code (i * 31 + j) mod 256}. */
  static byte[] imagePixels(int n, int rows, int cols) {
    byte[] data = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < rows * cols; j++) {
        data[i * rows * cols + j] = (byte) (i * 31 + j);
      }
    }
    return data;
  }

  static byte[] labelBytes(int... labels) {
    byte[] data = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      data[i] = (byte) labels[i];
    }
    return data;
  }

  /** An archive of one array {@code arr_0}. */
  static byte[] npz(boolean deflate, byte[] npy) {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("arr_0.npy", npy);
    return npz(deflate, members);
  }

  /** An archive of the given members (names with their {@code .npy} suffix). */
  static byte[] npz(boolean deflate, Map<String, byte[]> members) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> member : members.entrySet()) {
        byte[] content = member.getValue();
        ZipEntry entry = new ZipEntry(member.getKey());
        if (deflate) {
          entry.setMethod(ZipEntry.DEFLATED);
        } else {
          CRC32 crc = new CRC32();
          crc.update(content);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(content.length);
          entry.setCompressedSize(content.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }
}
