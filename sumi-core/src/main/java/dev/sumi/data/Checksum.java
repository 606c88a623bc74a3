package dev.sumi.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Expected MD5s of one data file. {@code md5} is of the uncompressed IDX content, which does not
 * change when a copy is recompressed (as some mirrors and distributions do); {@code gzMd5} is of
 * the published {@code .gz} download, accepted as well when known, or null.
 */
public record Checksum(String md5, String gzMd5) {
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

  public Checksum {
    if (!MD5.matcher(md5).matches() || (gzMd5 != null && !MD5.matcher(gzMd5).matches())) {
      throw new IllegalArgumentException(
          "Checksum " + md5 + " / " + gzMd5 + " is not an MD5; expected 32 lower-case hex digits.");
    }
  }

  public static Checksum of(String md5) {
    return new Checksum(md5, null);
  }

  /** Empty if {@code file} matches, else why not, e.g. which MD5 was found and which expected. */
  Optional<String> check(Path file) throws IOException {
    if (gzMd5 != null) {
      try (InputStream in = Files.newInputStream(file)) {
        if (md5(in).equals(gzMd5)) {
          return Optional.empty();
        }
      }
    }
    String actual;
    try (InputStream in = Idx.openContent(file)) {
      actual = md5(in);
    } catch (EOFException e) {
      return Optional.of("the gzip stream is truncated");
    } catch (ZipException e) {
      return Optional.of("the content is not a valid gzip stream (" + e.getMessage() + ")");
    }
    return actual.equals(md5)
        ? Optional.empty()
        : Optional.of("the MD5 of the uncompressed content is " + actual + "; expected " + md5);
  }

  private static String md5(InputStream in) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime must provide MD5.", e);
    }
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) != -1; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
