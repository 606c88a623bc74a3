package dev.sumi.track.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the dashboard. With a token, every request must carry it: once as the {@code token}
 * query parameter (which sets a cookie), then as that cookie, or as {@code Authorization: Bearer}.
 * Without a token the server is bound to loopback, and requests naming another host are refused so
 * that a web page cannot reach it through DNS rebinding.
 */
final class Access {
  static final String COOKIE = "sumi_token";
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final byte[] token;

  Access(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** A fresh random token: 32 bytes from SecureRandom, URL-safe base64. */
  static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether the request may go on; when not, it has been answered. */
  boolean admit(Request request) throws IOException {
    if (!sameOrigin(request)) {
      request.sendError(403, "Changes are accepted only from the dashboard's own pages.");
      return false;
    }
    if (token == null) {
      String host = hostName(request.header("Host"));
      if (!LOOPBACK_HOSTS.contains(host)) {
        request.sendError(
            403, "This dashboard answers only to localhost, not to host " + host + ".");
        return false;
      }
      return true;
    }
    String fromQuery = request.param("token");
    if (matches(fromQuery)) {
      request
          .exchange
          .getResponseHeaders()
          .add("Set-Cookie", COOKIE + "=" + fromQuery + "; Path=/; HttpOnly; SameSite=Strict");
      if (request.method.equals("GET") && !isApi(request)) {
        // Drop the token from the address bar and history.
        request
            .exchange
            .getResponseHeaders()
            .set("Location", request.exchange.getRequestURI().getRawPath());
        request.send(303, "text/plain; charset=utf-8", new byte[0]);
        return false;
      }
      return true;
    }
    if (matches(bearer(request.header("Authorization")))
        || matches(cookie(request.header("Cookie")))) {
      return true;
    }
    request.sendError(
        401,
        "This dashboard needs its access token: open the URL printed when it started, or send"
            + " Authorization: Bearer TOKEN.");
    return false;
  }

  private static boolean isApi(Request request) {
    return !request.segments.isEmpty() && request.segments.getFirst().equals("api");
  }

  private boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Requests that change something must not come from another site's page. */
  private static boolean sameOrigin(Request request) {
    if (request.method.equals("GET")) {
      return true;
    }
    String origin = request.header("Origin");
    if (origin == null) {
      return true; // not sent by a browser on another site's behalf
    }
    try {
      String host = request.header("Host");
      URI o = URI.create(origin);
      String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return host != null && host.equalsIgnoreCase(originHost);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String hostName(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static String bearer(String header) {
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim()
        : null;
  }

  private static String cookie(String header) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) {
        return p.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }
}
