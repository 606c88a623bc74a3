package dev.sumi.track;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Opens run stores by URI: a plain path or {@code sqlite:PATH} is a SQLite file (created when
 * missing), {@code postgresql://[user[:password]@]host[:port]/database} a PostgreSQL database.
 */
public final class RunStores {
  private static final String EXPECTED =
      "expected a file path, sqlite:PATH or postgresql://[user[:password]@]host[:port]/database.";

  private RunStores() {}

  public static RunStore open(String uri) {
    return JdbcRunStore.open(dialect(uri));
  }

  public static RunStore open(Path sqliteFile) {
    return open("sqlite:" + sqliteFile);
  }

  static Dialect dialect(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("The run store URI is empty; " + EXPECTED);
    }
    if (uri.startsWith("postgresql://") || uri.startsWith("postgres://")) {
      return postgres(uri);
    }
    if (uri.startsWith("sqlite:")) {
      String path = uri.substring("sqlite:".length());
      if (path.startsWith("//")) {
        path = path.substring(2);
      }
      if (path.isBlank()) {
        throw new IllegalArgumentException(
            "The run store URI '" + uri + "' names no file; " + EXPECTED);
      }
      return new Dialect.Sqlite(path);
    }
    if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !uri.matches("^[A-Za-z]:[\\\\/].*")) {
      throw new IllegalArgumentException(
          "The run store URI '" + uri + "' has a scheme sumi does not know; " + EXPECTED);
    }
    return new Dialect.Sqlite(uri);
  }

  private static Dialect postgres(String uri) {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "The run store URI '" + redact(uri) + "' is not a valid URI; " + EXPECTED, e);
    }
    String db = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
    if (u.getHost() == null || db.isEmpty()) {
      throw new IllegalArgumentException(
          "The run store URI '" + redact(uri) + "' needs a host and a database; " + EXPECTED);
    }
    String user = null;
    String password = null;
    if (u.getUserInfo() != null) {
      String[] parts = u.getUserInfo().split(":", 2);
      user = parts[0];
      password = parts.length > 1 ? parts[1] : null;
    }
    int port = u.getPort() == -1 ? 5432 : u.getPort();
    String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
    String jdbc = "jdbc:postgresql://" + u.getHost() + ":" + port + "/" + db + query;
    return new Dialect.Postgres(redact(uri), jdbc, user, password);
  }

  /** The URI with any password replaced by ***, for messages. */
  public static String redact(String uri) {
    return uri.replaceFirst("^(\\w+://[^:/@]+):[^@/]*@", "$1:***@");
  }
}
