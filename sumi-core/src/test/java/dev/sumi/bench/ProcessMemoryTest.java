package dev.sumi.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void peakResidentMemoryIsReportedOnLinux() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc on this system");
    long bytes = ProcessMemory.peakResidentBytes().orElseThrow();
    assertTrue(bytes > 1 << 20, bytes + " bytes"); // any JVM holds more than a megabyte
  }
}
