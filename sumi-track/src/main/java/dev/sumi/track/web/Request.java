package dev.sumi.track.web;

import com.sun.net.httpserver.HttpExchange;
import dev.sumi.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request with its query parameters, and the ways to answer it. */
final class Request {
  private static final int MAX_BODY_BYTES = 1 << 20;

  final HttpExchange exchange;
  final String method;

  /** The path split at '/', each segment decoded once, without empty segments. */
  final List<String> segments;

  private final Map<String, String> query;

  Request(HttpExchange exchange) {
    this.exchange = exchange;
    this.method = exchange.getRequestMethod();
    this.segments = new ArrayList<>();
    for (String s : exchange.getRequestURI().getRawPath().split("/")) {
      if (!s.isEmpty()) {
        segments.add(decode(s));
      }
    }
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      q.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return q;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("The URL has a malformed percent escape in \"" + s + "\".");
    }
  }

  /** A query parameter, or null when absent or empty. */
  String param(String name) {
    String v = query.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  long longParam(String name, long fallback) {
    String v = param(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new BadRequest("Parameter " + name + " must be a whole number, not \"" + v + "\".");
    }
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The body parsed as a JSON object. */
  Map<String, Object> jsonBody() throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new BadRequest("The request body is larger than 1 MiB.");
    }
    Object parsed;
    try {
      parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new BadRequest("The request body must be JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new BadRequest("The request body must be a JSON object.");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) map;
    return object;
  }

  void sendJson(int status, Object value) throws IOException {
    send(
        status,
        "application/json; charset=utf-8",
        Json.write(value).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends JSON tagged with a hash of its bytes, or 304 without a body when the request's {@code
   * If-None-Match} names that tag: a client polling for changes then gets nothing to parse.
   */
  void sendJsonTagged(Object value) throws IOException {
    byte[] body = Json.write(value).getBytes(StandardCharsets.UTF_8);
    String tag;
    try {
      tag =
          '"'
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16)
              + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    exchange.getResponseHeaders().set("ETag", tag);
    if (tag.equals(header("If-None-Match"))) {
      send(304, "application/json; charset=utf-8", new byte[0]);
    } else {
      send(200, "application/json; charset=utf-8", body);
    }
  }

  void sendError(int status, String message) throws IOException {
    sendJson(status, Map.of("error", message));
  }

  void send(int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A client mistake; answered with 400 and the message. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  /** Something asked for that does not exist; answered with 404 and the message. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }
}
