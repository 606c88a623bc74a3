package dev.sumi.track.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.track.InMemoryRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Run files are served from the run's folder and from nowhere else. */
class DashboardFilesTest {
  static final String SECRET = "the secret outside every run folder";

  @TempDir Path root;
  InMemoryRunStore store;
  Dashboard dashboard;
  Http http;
  String id;

  @BeforeEach
  void start() throws Exception {
    store = new InMemoryRunStore();
    var run = Fixtures.newRun(root, "files", "mnist", "lenet", Map.of());
    id = store.createRun(run);
    Files.writeString(root.resolve("secret.txt"), SECRET);
    Files.writeString(root.resolve("runs").resolve("secret.txt"), SECRET);
    Files.createDirectories(run.runDir().resolve("sub"));
    Files.writeString(run.runDir().resolve("sub/ok.txt"), "inside");
    Files.createSymbolicLink(run.runDir().resolve("escape.txt"), root.resolve("secret.txt"));
    Files.createSymbolicLink(run.runDir().resolve("escape-dir"), root);
    dashboard = Dashboard.start(store, "127.0.0.1", 0, null);
    http = new Http(dashboard);
  }

  @AfterEach
  void stop() {
    dashboard.close();
  }

  @Test
  void servesAFileInsideTheRunFolder() throws Exception {
    var r = http.get("/api/runs/" + id + "/file?path=sub/ok.txt");
    assertEquals(200, r.statusCode());
    assertEquals("inside", r.body());
    assertEquals(200, http.get("/api/runs/" + id + "/file?path=sub%2Fok.txt").statusCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../secret.txt",
        "../../secret.txt",
        "sub/../../secret.txt",
        "./sub/ok.txt",
        "%2e%2e/secret.txt",
        "%2E%2E%2Fsecret.txt",
        "..%2F..%2Fsecret.txt",
        "%252e%252e%252fsecret.txt",
        "..%252fsecret.txt",
        "%25252e%25252e%25252fsecret.txt",
        "..%5Csecret.txt",
        "..\\\\secret.txt",
        "/etc/passwd",
        "%2Fetc%2Fpasswd",
        "%2F%2Fetc%2Fpasswd",
        "C:%5Cwindows%5Cwin.ini",
        "sub%00/ok.txt",
        "escape.txt",
        "escape-dir/secret.txt",
        "escape-dir/runs/secret.txt",
        "sub",
        "missing.txt",
        ""
      })
  void refusesEveryPathThatLeavesTheFolderOrIsNoFile(String path) throws Exception {
    var r = http.get("/api/runs/" + id + "/file?path=" + path.replace("\\\\", "%5C"));
    assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " gave " + r.statusCode());
    assertFalse(r.body().contains(SECRET), path);
    assertTrue(r.body().startsWith("{\"error\":"), r.body());
  }

  @Test
  void refusesTraversalInTheUrlPathToo() throws Exception {
    String request =
        "GET /api/runs/"
            + id
            + "/file/../../../secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    String response = Http.raw(dashboard, request);
    assertFalse(response.contains(SECRET));
    assertTrue(response.startsWith("HTTP/1.1 4"), response);
  }

  @Test
  void saysWhatIsWrongWithAPath() throws Exception {
    var r = http.get("/api/runs/" + id + "/file?path=../secret.txt");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("must not contain '.' or '..' segments"), r.body());
    String malformed =
        Http.raw(
            dashboard,
            "GET /api/runs/"
                + id
                + "/file?path=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertTrue(malformed.startsWith("HTTP/1.1 400"), malformed);
  }
}
