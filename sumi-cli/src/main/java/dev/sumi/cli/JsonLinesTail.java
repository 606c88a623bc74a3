package dev.sumi.cli;

import dev.sumi.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows a JSON-lines file another process appends to, such as a run's metrics.jsonl: each call
 * returns the objects of the lines completed since the last call. A missing file has no lines yet.
 */
final class JsonLinesTail {
  private final Path file;
  private long consumed;

  JsonLinesTail(Path file) {
    this.file = file;
  }

  List<Map<String, Object>> newObjects() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    int start = (int) consumed;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
        if (!line.isEmpty()) {
          objects.add(object(line));
        }
        start = i + 1;
      }
    }
    consumed = start;
    return objects;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> object(String line) {
    if (!(Json.parse(line) instanceof Map<?, ?> map)) {
      throw new IllegalStateException("A line of " + file + " is not a JSON object: " + line);
    }
    return (Map<String, Object>) map;
  }
}
