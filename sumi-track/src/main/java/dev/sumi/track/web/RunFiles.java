package dev.sumi.track.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resolves a path a client asks for to a file inside a run's folder, refusing anything that could
 * leave the folder: parent segments, absolute paths, encoded separators left after decoding, and
 * symbolic links that point outside.
 */
final class RunFiles {
  private RunFiles() {}

  /**
   * The real path of {@code relative} inside {@code runDir}.
   *
   * @throws Request.BadRequest if the path is not a plain relative path
   * @throws Request.NotFound if no regular file is there, or it lies outside the folder
   */
  static Path resolve(Path runDir, String relative) throws IOException {
    if (relative == null || relative.isEmpty()) {
      throw new Request.BadRequest("Parameter path must name a file in the run's folder.");
    }
    // The query was decoded once; a '%' left means a second encoding, which is never legitimate.
    if (relative.indexOf('%') >= 0
        || relative.indexOf('\\') >= 0
        || relative.indexOf('\0') >= 0
        || relative.startsWith("/")
        || relative.matches("^[A-Za-z]:.*")) {
      throw new Request.BadRequest(
          "Parameter path must be a plain path relative to the run's folder, not \""
              + relative
              + "\".");
    }
    for (String segment : relative.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new Request.BadRequest(
            "Parameter path must not contain '.' or '..' segments, as in \"" + relative + "\".");
      }
    }
    if (runDir == null || !Files.isDirectory(runDir)) {
      throw new Request.NotFound("The run's folder does not exist on this machine.");
    }
    Path root = runDir.toRealPath();
    Path target;
    try {
      target = root.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      throw new Request.BadRequest(
          "Parameter path is not a valid file name: \"" + relative + "\".");
    }
    if (!target.startsWith(root) || !Files.exists(target)) {
      throw new Request.NotFound("No file " + relative + " in the run's folder.");
    }
    Path real = target.toRealPath();
    if (!real.startsWith(root) || !Files.isRegularFile(real)) {
      throw new Request.NotFound("No file " + relative + " in the run's folder.");
    }
    return real;
  }

  /** The content type to serve a run file with; unknown kinds download as bytes. */
  static String contentType(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return "image/png";
    } else if (name.endsWith(".json")) {
      return "application/json; charset=utf-8";
    } else if (name.endsWith(".jsonl") || name.endsWith(".txt") || name.endsWith(".csv")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }
}
