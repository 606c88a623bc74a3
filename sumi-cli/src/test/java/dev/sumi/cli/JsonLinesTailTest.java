package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTailTest {
  @TempDir Path dir;

  @Test
  void returnsEachCompletedLineOnceAndWaitsForHalfWrittenOnes() throws Exception {
    Path file = dir.resolve("metrics.jsonl");
    JsonLinesTail tail = new JsonLinesTail(file);
    assertEquals(List.of(), tail.newObjects(), "no file yet");
    Files.writeString(file, "{\"epoch\":1}\n{\"epoch\":2,\"val_");
    assertEquals(List.of(Map.of("epoch", 1L)), tail.newObjects());
    assertEquals(List.of(), tail.newObjects());
    Files.writeString(file, "accuracy\":0.5}\n\n", StandardOpenOption.APPEND);
    assertEquals(List.of(Map.of("epoch", 2L, "val_accuracy", 0.5)), tail.newObjects());
    Files.writeString(file, "[1]\n", StandardOpenOption.APPEND);
    assertThrows(IllegalStateException.class, tail::newObjects);
  }
}
