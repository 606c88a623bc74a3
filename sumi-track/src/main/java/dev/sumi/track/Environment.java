package dev.sumi.track;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a run ran on: JVM, processors, OS, sumi version and the git commit of the folder. */
public final class Environment {
  private Environment() {}

  /** The environment of this JVM, with the git commit of {@code folder} (null when none). */
  public static Map<String, Object> capture(Path folder) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("java_vendor", System.getProperty("java.vendor"));
    e.put("java_version", Runtime.version().toString());
    e.put("processors", Runtime.getRuntime().availableProcessors());
    e.put("os_name", System.getProperty("os.name"));
    e.put("os_arch", System.getProperty("os.arch"));
    e.put("sumi_version", sumiVersion());
    e.put("git_commit", gitCommit(folder));
    return e;
  }

  /** The version in the jar's manifest, or {@code dev} when run from classes. */
  public static String sumiVersion() {
    String v = Environment.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** {@code git rev-parse HEAD} in {@code folder}, or null when it fails or takes over 2 s. */
  static String gitCommit(Path folder) {
    Process p;
    try {
      p =
          new ProcessBuilder("git", "rev-parse", "HEAD")
              .directory(folder.toAbsolutePath().toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    try {
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0 && out.matches("[0-9a-f]{40,64}") ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return null;
    }
  }
}
