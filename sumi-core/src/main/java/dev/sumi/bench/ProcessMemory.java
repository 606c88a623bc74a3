package dev.sumi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory figures of this process, from Linux's {@code /proc}; empty on other systems. */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** The peak resident set size in bytes ({@code VmHWM}), if the system reports it. */
  public static OptionalLong peakResidentBytes() {
    return statusKilobytes("VmHWM:");
  }

  private static OptionalLong statusKilobytes(String field) {
    if (!Files.isReadable(STATUS)) {
      return OptionalLong.empty();
    }
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          // e.g. "VmHWM:	  123456 kB"
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
