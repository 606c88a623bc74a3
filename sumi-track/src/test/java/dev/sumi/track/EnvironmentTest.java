package dev.sumi.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
  @Test
  void capturesTheJvmMachineAndVersion(@TempDir Path dir) {
    Map<String, Object> e = Environment.capture(dir);
    assertEquals(Runtime.version().toString(), e.get("java_version"));
    assertEquals(Runtime.getRuntime().availableProcessors(), e.get("processors"));
    assertEquals(System.getProperty("os.arch"), e.get("os_arch"));
    assertTrue(e.containsKey("sumi_version"));
    assertNull(e.get("git_commit"), "a folder outside any repository has no commit");
  }

  @Test
  void gitCommitIsTheHeadOfTheRepositoryHoldingTheFolder() {
    Path here = Path.of("").toAbsolutePath();
    boolean inRepository = false;
    for (Path p = here; p != null; p = p.getParent()) {
      inRepository |= Files.exists(p.resolve(".git"));
    }
    String commit = Environment.gitCommit(here);
    if (inRepository) {
      assertTrue(commit != null && commit.matches("[0-9a-f]{40,64}"), String.valueOf(commit));
    } else {
      assertNull(commit);
    }
  }
}
