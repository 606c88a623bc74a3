package dev.sumi.track.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sumi.io.Json;
import dev.sumi.track.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dashboard's web server: the UI, its JSON API and live metric updates over a {@link RunStore}.
 * Close it to stop serving; the store stays open.
 */
public final class Dashboard implements AutoCloseable {
  /** Defence in depth against injected markup: only the dashboard's own scripts run. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'";

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicBoolean serving = new AtomicBoolean(true);
  private final String token;

  private Dashboard(HttpServer server, ExecutorService executor, String token) {
    this.server = server;
    this.executor = executor;
    this.token = token;
  }

  /**
   * Starts serving.
   *
   * @param bind the address to listen on; anything but a loopback address needs a token
   * @param port the port, or 0 for any free one
   * @param token the access token every request must carry, or null for none (loopback only)
   * @throws IllegalArgumentException if {@code bind} is not a loopback address and there is no
   *     token, or it is not an address of this machine
   */
  public static Dashboard start(RunStore store, String bind, int port, String token) {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Bind address " + bind + " is not a known host name.", e);
    }
    if (token == null && !address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "Binding to "
              + bind
              + " makes the dashboard reachable from other machines: give it a token.");
    }
    // Tokens travel in URLs, cookies and headers as they are, so they keep to URL-safe characters.
    if (token != null && !token.matches("[A-Za-z0-9._~-]{16,}")) {
      throw new IllegalArgumentException(
          "The token must be at least 16 letters, digits, '-', '_', '.' or '~'.");
    }
    // Without TCP_NODELAY a response written as headers then body waits for a delayed ACK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on " + bind + " port " + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Dashboard dashboard = new Dashboard(server, executor, token);
    Access access = new Access(token);
    Api api = new Api(store);
    LiveStream live = new LiveStream(store, dashboard.serving::get);
    server.createContext("/", exchange -> dashboard.answer(exchange, access, api, live));
    server.setExecutor(executor);
    server.start();
    return dashboard;
  }

  /** A fresh random access token. */
  public static String newToken() {
    return Access.newToken();
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address to open in a browser, with the token when there is one. */
  public String url() {
    InetAddress a = server.getAddress().getAddress();
    String host =
        a.isAnyLocalAddress()
            ? hostName()
            : a.isLoopbackAddress() ? "localhost" : a.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private void answer(HttpExchange exchange, Access access, Api api, LiveStream live)
      throws IOException {
    try (exchange) {
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "no-referrer");
      Request request = null;
      try {
        request = new Request(exchange);
        if (!access.admit(request)) {
          return;
        }
        var s = request.segments;
        if (s.size() == 2 && s.get(0).equals("api") && s.get(1).equals("live")) {
          live.handle(request);
        } else if (!s.isEmpty() && s.get(0).equals("api")) {
          api.handle(request);
        } else {
          StaticFiles.handle(request);
        }
      } catch (Request.BadRequest e) {
        fail(exchange, 400, e.getMessage());
      } catch (Request.NotFound e) {
        fail(exchange, 404, e.getMessage());
      } catch (Api.MethodNotAllowed e) {
        fail(exchange, 405, e.getMessage());
      } catch (IllegalArgumentException e) {
        fail(exchange, 400, e.getMessage());
      } catch (RuntimeException e) {
        fail(exchange, 500, "The dashboard failed: " + e);
      }
    }
  }

  private static void fail(HttpExchange exchange, int status, String message) throws IOException {
    if (exchange.getResponseCode() != -1) {
      return; // already answered; the connection is closed with the exchange
    }
    String body = Json.write(Map.of("error", String.valueOf(message)));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    serving.set(false);
    server.stop(0);
    executor.shutdownNow();
  }
}
