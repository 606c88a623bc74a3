package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --time-limit}: parsing, the recipe's limit, and a run that the limit shortens. */
class TimeLimitCliTest {

  @Test
  void durationsAreReadAsWritten() {
    DurationConverter c = new DurationConverter();
    assertEquals(Duration.ofMinutes(28), c.convert("28m"));
    assertEquals(Duration.ofSeconds(90), c.convert("90s"));
    assertEquals(Duration.ofMinutes(90), c.convert("1h30m"));
    assertEquals(Duration.ZERO, c.convert("0"));
  }

  @Test
  void badDurationGetsOneSentence() {
    Cli cli = Cli.run("train", "--dataset", "mnist", "--time-limit", "28 minutes");
    assertEquals(2, cli.exitCode(), cli.toString());
    assertTrue(cli.err().contains("'28 minutes' is not a duration"), cli.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void limitShortensTheRunAndIsRecorded(@TempDir Path dir) throws IOException {
    Path mnist = TestData.require("mnist");
    Path out = dir.resolve("run");
    Cli cli =
        Cli.trainSeedMinimal(
            mnist,
            "--epochs",
            "1000",
            "--limit",
            "1000",
            "--time-limit",
            "2s",
            "--threads",
            "2",
            "--out",
            out.toString());
    assertEquals(0, cli.exitCode(), cli.toString());
    assertTrue(cli.err().contains("time limit: now planning"), cli.toString());
    Map<String, Object> config =
        (Map<String, Object>) Json.parse(Files.readString(out.resolve("config.json")));
    assertEquals(2L, config.get("time_limit_seconds"));
    Map<String, Object> summary =
        (Map<String, Object>) Json.parse(Files.readString(out.resolve("summary.json")));
    long epochs = (Long) summary.get("epochs");
    assertTrue(epochs >= 1 && epochs < 1000, "epochs " + epochs);
  }
}
