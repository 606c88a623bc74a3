package dev.sumi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.track.NewRun;
import dev.sumi.track.RunStore;
import dev.sumi.track.RunStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardCommandTest {
  @TempDir Path dir;

  /** Starts the command in a thread, waits for its URL, and returns the thread and the output. */
  private static String serveUntilUrl(Thread[] thread, AtomicInteger code, String... args)
      throws InterruptedException {
    StringWriter out = new StringWriter();
    thread[0] =
        new Thread(
            () ->
                code.set(
                    Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args)));
    thread[0].start();
    for (int i = 0; i < 200 && !out.toString().contains("Ctrl-C"); i++) {
      Thread.sleep(25);
    }
    return out.toString();
  }

  @Test
  void servesTheStoreAndStopsWhenInterrupted() throws Exception {
    Thread[] thread = new Thread[1];
    AtomicInteger code = new AtomicInteger(-1);
    String store = dir.resolve("team.db").toString();
    String id;
    try (RunStore runs = RunStores.open(store)) {
      id = runs.createRun(NewRun.of("mnist", "lenet5", Map.of("lr", 0.001)));
    }
    String out = serveUntilUrl(thread, code, "dashboard", "--store", store, "--port", "0");
    Matcher m = Pattern.compile("at (http://localhost:\\d+/)").matcher(out);
    assertTrue(m.find(), out);
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(m.group(1) + "api/runs")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("\"id\":\"" + id + "\""), response.body());
    thread[0].interrupt();
    thread[0].join(5_000);
    assertEquals(0, code.get());
  }

  @Test
  void bindingBeyondLoopbackPrintsAGeneratedToken() throws Exception {
    Thread[] thread = new Thread[1];
    AtomicInteger code = new AtomicInteger(-1);
    String out =
        serveUntilUrl(
            thread,
            code,
            "dashboard",
            "--store",
            dir.resolve("runs.db").toString(),
            "--bind",
            "0.0.0.0",
            "--port",
            "0");
    Matcher m = Pattern.compile("Access token [^:]*: ([A-Za-z0-9_-]{43})").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(out.contains("?token=" + m.group(1)), out);
    thread[0].interrupt();
    thread[0].join(5_000);
    assertEquals(0, code.get());
  }

  @Test
  void rejectsABadPortAndAShortToken() {
    Cli port = Cli.run("dashboard", "--port", "70000");
    assertEquals(2, port.exitCode(), port.toString());
    assertEquals("sumi: --port must be between 0 and 65535, not 70000.", port.errorLine());
    Cli token = Cli.run("dashboard", "--port", "0", "--token", "short");
    assertEquals(2, token.exitCode(), token.toString());
    assertEquals(
        "sumi: The token must be at least 16 letters, digits, '-', '_', '.' or '~'.",
        token.errorLine());
  }

  @Test
  void anUnknownStoreIsAUsageError() {
    Cli cli = Cli.run("dashboard", "--store", "mysql://db/runs", "--port", "0");
    assertEquals(2, cli.exitCode(), cli.toString());
    assertTrue(cli.errorLine().contains("mysql://db/runs"), cli.errorLine());
  }
}
