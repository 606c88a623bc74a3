package dev.sumi.track.web;

import dev.sumi.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A small HTTP client for the dashboard's tests. */
final class Http {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String base;

  Http(Dashboard dashboard) {
    this.base = "http://127.0.0.1:" + dashboard.port();
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), headers);
  }

  HttpResponse<String> put(String path, Object json, String... headers) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .PUT(HttpRequest.BodyPublishers.ofString(Json.write(json)))
            .header("Content-Type", "application/json"),
        headers);
  }

  private HttpResponse<String> send(HttpRequest.Builder builder, String... headers)
      throws Exception {
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request exactly as written (for headers HttpClient will not set) and returns it. */
  static String raw(Dashboard dashboard, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", dashboard.port())) {
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Object json(HttpResponse<String> response) {
    return Json.parse(response.body());
  }
}
