package dev.sumi.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads a data file from the first of several mirrors that serves a copy matching its checksum.
 * A download goes to a temporary file in the target folder and is renamed into place atomically
 * only once verified, so a failed or interrupted download leaves nothing behind. Progress is logged
 * through {@link System.Logger} at level INFO.
 */
public final class Downloader {
  private static final System.Logger LOG = System.getLogger(Downloader.class.getName());
  private static final long MIN_PROGRESS_STEP = 4 << 20;

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private HttpClient client;

  /**
   * @param connectTimeout limit for opening a connection to a mirror
   * @param requestTimeout limit for a mirror to start answering a request
   */
  public Downloader(Duration connectTimeout, Duration requestTimeout) {
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  public static Downloader standard() {
    return new Downloader(Duration.ofSeconds(20), Duration.ofSeconds(60));
  }

  /**
   * Fetches {@code <file>.gz} from each mirror in turn until one copy matches {@code checksum}, and
   * saves it in {@code folder} as {@code <file>.gz}, or as {@code <file>} if the mirror served it
   * uncompressed. A NumPy archive ({@code <file>} ending in {@code .npz}) is fetched and saved
   * under its own name.
   *
   * @param file uncompressed file name, e.g. {@code train-images-idx3-ubyte}
   * @return the saved file
   * @throws DataException naming the file and what each mirror did wrong, if none succeeded
   */
  public Path download(String file, Checksum checksum, List<URI> mirrors, Path folder) {
    if (mirrors.isEmpty()) {
      throw new DataException(
          "Cannot download " + file + " into " + folder + ": no download mirror is configured.");
    }
    List<String> failures = new ArrayList<>();
    Path temp = null;
    try {
      Files.createDirectories(folder);
      temp = Files.createTempFile(folder, "." + file + "-", ".part");
      for (URI mirror : mirrors) {
        boolean npz = DataFiles.isNpz(file);
        URI url = mirror.resolve(npz ? file : file + ".gz");
        Optional<String> problem = fetchVerified(url, temp, checksum);
        if (problem.isEmpty()) {
          Path target = folder.resolve(!npz && isGzip(temp) ? file + ".gz" : file);
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          LOG.log(Level.INFO, () -> "Saved " + target + " (MD5 verified).");
          return target;
        }
        LOG.log(Level.WARNING, () -> "Download of " + url + " failed: " + problem.get() + ".");
        failures.add(url + ": " + problem.get());
      }
    } catch (IOException e) {
      failures.add(folder + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add("interrupted");
    } finally {
      deleteQuietly(temp);
    }
    throw new DataException(
        "Could not download a verified copy of "
            + file
            + " into "
            + folder
            + " ("
            + String.join("; ", failures)
            + ").");
  }

  /** Downloads {@code url} into {@code temp}; empty if it arrived whole and matches. */
  private Optional<String> fetchVerified(URI url, Path temp, Checksum checksum)
      throws InterruptedException {
    try {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout).GET().build();
      HttpResponse<InputStream> response =
          client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return Optional.of("HTTP status " + response.statusCode());
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Optional<String> problem = save(url, body, length, temp);
        if (problem.isPresent()) {
          return problem;
        }
      }
      return checksum.check(temp);
    } catch (IOException e) {
      return Optional.of(e.toString());
    }
  }

  /** Copies the body to {@code temp}, logging progress; empty if all {@code length} arrived. */
  private static Optional<String> save(URI url, InputStream body, long length, Path temp)
      throws IOException {
    LOG.log(
        Level.INFO,
        () -> "Downloading " + url + (length >= 0 ? " (" + megabytes(length) + " MB)" : "") + ".");
    long received = 0;
    long step = Math.max(length / 10, MIN_PROGRESS_STEP);
    long nextReport = step;
    try (OutputStream out = Files.newOutputStream(temp)) {
      byte[] buffer = new byte[1 << 16];
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          return Optional.of("the transfer broke off after " + received + " bytes (" + e + ")");
        }
        if (n == -1) {
          break;
        }
        out.write(buffer, 0, n);
        received += n;
        if (received >= nextReport && received != length) {
          long done = received;
          LOG.log(
              Level.INFO,
              () ->
                  "  "
                      + megabytes(done)
                      + (length > 0 ? " of " + megabytes(length) : "")
                      + " MB of "
                      + url);
          nextReport += step;
        }
      }
    }
    return length >= 0 && received != length
        ? Optional.of("received " + received + " of " + length + " bytes")
        : Optional.empty();
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return client;
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.log(Level.WARNING, () -> "Could not delete the partial download " + file + ".");
      }
    }
  }
}
