package dev.sumi.track.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/** The UI's pages, scripts and styles from the classpath, and ECharts from its WebJar. */
final class StaticFiles {
  private static final String ROOT = "/dev/sumi/track/web/static/";
  private static final String ECHARTS =
      "/META-INF/resources/webjars/echarts/%s/dist/echarts.min.js";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private StaticFiles() {}

  /** Answers {@code /}, {@code /static/NAME} and {@code /vendor/echarts.min.js}. */
  static void handle(Request r) throws IOException {
    if (!r.method.equals("GET")) {
      throw new Api.MethodNotAllowed("GET");
    }
    var s = r.segments;
    if (s.isEmpty()) {
      serve(r, ROOT + "index.html");
    } else if (s.size() == 2
        && s.get(0).equals("static")
        && s.get(1).matches("[a-z0-9-]+\\.[a-z]+")) {
      serve(r, ROOT + s.get(1));
    } else if (s.size() == 2 && s.get(0).equals("vendor") && s.get(1).equals("echarts.min.js")) {
      serve(r, ECHARTS.formatted(echartsVersion()));
    } else {
      throw new Request.NotFound("No page /" + String.join("/", s) + ".");
    }
  }

  private static void serve(Request r, String resource) throws IOException {
    byte[] body;
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new Request.NotFound(
            "No page " + resource.substring(resource.lastIndexOf('/')) + ".");
      }
      body = in.readAllBytes();
    }
    String ext = resource.substring(resource.lastIndexOf('.') + 1);
    r.send(200, TYPES.getOrDefault(ext, "application/octet-stream"), body);
  }

  private static String echartsVersion() throws IOException {
    var props = new Properties();
    try (InputStream in =
        StaticFiles.class.getResourceAsStream(
            "/META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      if (in == null) {
        throw new Request.NotFound("ECharts is not on the classpath.");
      }
      props.load(in);
    }
    return props.getProperty("version");
  }
}
