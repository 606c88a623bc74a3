package dev.sumi.track.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.track.InMemoryRunStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardSecurityTest {
  static final String TOKEN = "0123456789abcdef-test-token";

  @Test
  void refusesToBindBeyondLoopbackWithoutAToken() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dashboard.start(new InMemoryRunStore(), "0.0.0.0", 0, null));
    assertTrue(e.getMessage().contains("give it a token"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Dashboard.start(new InMemoryRunStore(), "no-such-host.invalid", 0, null));
  }

  @Test
  void generatesLongRandomTokens() {
    String a = Dashboard.newToken();
    assertEquals(43, a.length());
    assertTrue(a.matches("[A-Za-z0-9_-]+"));
    assertNotEquals(a, Dashboard.newToken());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dashboard.start(new InMemoryRunStore(), "127.0.0.1", 0, "with spaces; and more"));
    assertTrue(e.getMessage().startsWith("The token must be at least 16 letters"), e.getMessage());
  }

  @Test
  void aTokenIsNeededForEveryRequest() throws Exception {
    try (Dashboard d = Dashboard.start(new InMemoryRunStore(), "0.0.0.0", 0, TOKEN)) {
      Http http = new Http(d);
      assertEquals(401, http.get("/api/runs").statusCode());
      assertEquals(401, http.get("/").statusCode());
      assertEquals(401, http.get("/vendor/echarts.min.js").statusCode());
      assertTrue(http.get("/api/runs").body().contains("needs its access token"));
      assertEquals(401, http.get("/api/runs?token=wrong").statusCode());
      assertEquals(401, http.get("/api/runs", "Authorization", "Bearer wrong").statusCode());
      assertEquals(401, http.get("/api/runs", "Cookie", "sumi_token=wrong").statusCode());
      assertEquals(200, http.get("/api/runs", "Authorization", "Bearer " + TOKEN).statusCode());
      assertEquals(
          200, http.get("/api/runs", "Cookie", "other=1; sumi_token=" + TOKEN).statusCode());
      assertTrue(d.url().endsWith("/?token=" + TOKEN), d.url());
    }
  }

  @Test
  void theTokenInTheAddressBecomesACookie() throws Exception {
    try (Dashboard d = Dashboard.start(new InMemoryRunStore(), "127.0.0.1", 0, TOKEN)) {
      var r = new Http(d).get("/?token=" + TOKEN);
      assertEquals(303, r.statusCode());
      assertEquals("/", r.headers().firstValue("Location").orElseThrow());
      String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.startsWith("sumi_token=" + TOKEN + ";"), cookie);
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      assertEquals(200, new Http(d).get("/api/runs?token=" + TOKEN).statusCode());
    }
  }

  @Test
  void withoutATokenOnlyLocalhostHostNamesAreServed() throws Exception {
    try (Dashboard d = Dashboard.start(new InMemoryRunStore(), "127.0.0.1", 0, null)) {
      String rebound =
          Http.raw(
              d, "GET /api/runs HTTP/1.1\r\nHost: evil.example:8700\r\nConnection: close\r\n\r\n");
      assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
      String local =
          Http.raw(
              d, "GET /api/runs HTTP/1.1\r\nHost: localhost:8700\r\nConnection: close\r\n\r\n");
      assertTrue(local.startsWith("HTTP/1.1 200"), local);
    }
  }

  @Test
  void changesFromAnotherSitesPageAreRefused() throws Exception {
    InMemoryRunStore store = new InMemoryRunStore();
    String id =
        store.createRun(
            new dev.sumi.track.NewRun(
                "r", "mnist", "m", null, null, Map.of(), Map.of(), java.util.List.of()));
    try (Dashboard d = Dashboard.start(store, "127.0.0.1", 0, null)) {
      Http http = new Http(d);
      var r =
          http.put(
              "/api/runs/" + id + "/notes", Map.of("notes", "x"), "Origin", "http://evil.example");
      assertEquals(403, r.statusCode());
      assertEquals("", store.run(id).orElseThrow().notes());
      var same =
          http.put(
              "/api/runs/" + id + "/notes",
              Map.of("notes", "y"),
              "Origin",
              "http://127.0.0.1:" + d.port());
      assertEquals(200, same.statusCode(), same.body());
      assertEquals("y", store.run(id).orElseThrow().notes());
    }
  }

  @Test
  void answersCarrySecurityHeaders() throws Exception {
    try (Dashboard d = Dashboard.start(new InMemoryRunStore(), "127.0.0.1", 0, null)) {
      var r = new Http(d).get("/api/runs");
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertTrue(
          r.headers()
              .firstValue("Content-Security-Policy")
              .orElseThrow()
              .contains("object-src 'none'"));
    }
  }
}
