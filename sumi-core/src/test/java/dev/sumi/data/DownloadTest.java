package dev.sumi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against an HTTP server on 127.0.0.1 started by the test. */
class DownloadTest {
  /** What the server answers for one path; unknown paths get 404. */
  private record Reply(int status, byte[] body, long declaredLength, String location) {
    static Reply ok(byte[] body) {
      return new Reply(200, body, body.length, null);
    }
  }

  @TempDir Path tmp;

  private final TinySet tiny = new TinySet(5, 3);
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      Reply reply = replies.get(exchange.getRequestURI().getPath());
      if (reply == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (reply.location() != null) {
        exchange.getResponseHeaders().add("Location", reply.location());
      }
      exchange.sendResponseHeaders(
          reply.status(), reply.body() == null ? -1 : reply.declaredLength());
      if (reply.body() != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
          out.flush(); // so that a body shorter than declared still goes out before closing
        }
      }
    }
  }

  private URI mirror(String name) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
  }

  /** Serves every file of the tiny set gzip-compressed under {@code /<mirror>/}. */
  private void serveGood(String mirror) {
    tiny.files.forEach(
        (file, raw) ->
            replies.put("/" + mirror + "/" + file + ".gz", Reply.ok(IdxFiles.gzip(raw))));
  }

  private DatasetLoader loader(URI... mirrors) {
    DatasetSpec spec = tiny.spec("tiny", List.of(mirrors));
    return new DatasetLoader(
        DatasetCatalog.of(spec),
        new DataLocator(Map.of(), tmp.resolve("home"), Map.of()),
        new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(10)));
  }

  private Path cache() {
    return tmp.resolve("home/.cache/sumi/datasets/tiny");
  }

  private List<String> filesIn(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void goodFilesAreDownloadedVerifiedAndThenReadFromTheCache() throws IOException {
    serveGood("good");
    DatasetLoader loader = loader(mirror("good"));
    DataSplits splits = loader.load("tiny", null);
    assertEquals(5, splits.train().size());
    assertEquals(3, splits.test().size());
    assertEquals(
        List.of(
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz"),
        filesIn(cache()));
    assertEquals(4, requests.get());

    assertEquals(5, loader.load("tiny", null).train().size());
    assertEquals(4, requests.get(), "the second load must not download again");
  }

  @Test
  void corruptedFileFailsWithTheChecksumsAndLeavesNothing() throws IOException {
    byte[] other = IdxFiles.images(3, 4, 4);
    other[20] ^= 1;
    serveGood("bad");
    replies.put("/bad/t10k-images-idx3-ubyte.gz", Reply.ok(IdxFiles.gzip(other)));
    Path dir = tmp.resolve("explicit");
    DataException e =
        assertThrows(
            DataException.class, () -> loader(mirror("bad")).load("tiny", Split.TEST, dir));
    String m = e.getMessage();
    assertTrue(m.contains("t10k-images-idx3-ubyte"), m);
    assertTrue(m.contains("the MD5 of the uncompressed content is " + IdxFiles.md5(other)), m);
    assertTrue(m.contains("expected " + IdxFiles.md5(tiny.files.get("t10k-images-idx3-ubyte"))), m);
    assertTrue(m.contains(dir.toString()), m);
    assertEquals(List.of(), filesIn(dir));
  }

  @Test
  void truncatedGzipFailsAndLeavesNothing() throws IOException {
    serveGood("short");
    byte[] packed = IdxFiles.gzip(tiny.files.get("t10k-images-idx3-ubyte"));
    replies.put(
        "/short/t10k-images-idx3-ubyte.gz", Reply.ok(Arrays.copyOf(packed, packed.length / 2)));
    DataException e =
        assertThrows(
            DataException.class, () -> loader(mirror("short")).load("tiny", Split.TEST, null));
    String m = e.getMessage();
    assertTrue(m.contains("t10k-images-idx3-ubyte"), m);
    assertTrue(m.contains("truncated"), m);
    assertTrue(m.contains("was found complete in none of [" + cache() + "]"), m);
    assertEquals(List.of(), filesIn(cache()));
  }

  @Test
  void transferCutShortFailsAndLeavesNothing() throws IOException {
    serveGood("cut");
    byte[] packed = IdxFiles.gzip(tiny.files.get("t10k-images-idx3-ubyte"));
    // Announces the full length but sends only half, as a dropped connection would.
    replies.put(
        "/cut/t10k-images-idx3-ubyte.gz",
        new Reply(200, Arrays.copyOf(packed, packed.length / 2), packed.length, null));
    DataException e =
        assertThrows(
            DataException.class, () -> loader(mirror("cut")).load("tiny", Split.TEST, null));
    String m = e.getMessage();
    assertTrue(
        m.contains(mirror("cut") + "t10k-images-idx3-ubyte.gz: the transfer broke off after"), m);
    assertEquals(List.of(), filesIn(cache()));
  }

  @Test
  void notFoundOnTheFirstMirrorThenFoundOnTheSecond() throws IOException {
    serveGood("second");
    Dataset test = loader(mirror("first"), mirror("second")).load("tiny", Split.TEST, null);
    assertEquals(3, test.size());
    assertEquals(4, requests.get());
    assertEquals(
        List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), filesIn(cache()));
  }

  @Test
  void everyMirrorFailingNamesEachOne() throws IOException {
    DataException e =
        assertThrows(
            DataException.class,
            () -> loader(mirror("a"), mirror("b")).load("tiny", Split.TEST, null));
    String m = e.getMessage();
    assertTrue(m.contains(mirror("a") + "t10k-images-idx3-ubyte.gz: HTTP status 404"), m);
    assertTrue(m.contains(mirror("b") + "t10k-images-idx3-ubyte.gz: HTTP status 404"), m);
  }

  @Test
  void redirectsAreFollowed() throws IOException {
    serveGood("real");
    tiny.files
        .keySet()
        .forEach(
            file ->
                replies.put(
                    "/moved/" + file + ".gz",
                    new Reply(302, null, -1, mirror("real") + file + ".gz")));
    assertEquals(3, loader(mirror("moved")).load("tiny", Split.TEST, null).size());
  }

  @Test
  void anUncompressedCopyIsSavedUnderTheUncompressedName() throws IOException {
    tiny.files.forEach((file, raw) -> replies.put("/raw/" + file + ".gz", Reply.ok(raw)));
    assertEquals(3, loader(mirror("raw")).load("tiny", Split.TEST, null).size());
    assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), filesIn(cache()));
  }

  @Test
  void numPyArchivesAreFetchedAndSavedUnderTheirOwnNames() throws IOException {
    Map<String, byte[]> npz = tiny.npzFiles("tiny", true);
    Map<String, Checksum> checksums = new java.util.HashMap<>();
    npz.forEach(
        (file, content) -> {
          replies.put("/npz/" + file, Reply.ok(content));
          checksums.put(file, Checksum.of(IdxFiles.md5(content)));
        });
    DatasetSpec spec =
        new DatasetSpec(
            "tiny",
            List.of("zero", "one", "two"),
            0.5f,
            0.5f,
            List.of(mirror("npz")),
            checksums,
            List.of(DataFiles.npz("tiny")));
    DatasetLoader loader =
        new DatasetLoader(
            DatasetCatalog.of(spec),
            new DataLocator(Map.of(), tmp.resolve("home"), Map.of()),
            new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    DataSplits splits = loader.load("tiny", null);
    assertEquals(5, splits.train().size());
    assertEquals(3, splits.test().size());
    assertEquals(
        List.of(
            "tiny-test-imgs.npz",
            "tiny-test-labels.npz",
            "tiny-train-imgs.npz",
            "tiny-train-labels.npz"),
        filesIn(cache()));

    replies.put("/npz/tiny-test-imgs.npz", Reply.ok(npz.get("tiny-train-imgs.npz")));
    Files.delete(cache().resolve("tiny-test-imgs.npz"));
    DataException e =
        assertThrows(DataException.class, () -> loader.load("tiny", Split.TEST, null));
    assertTrue(e.getMessage().contains("tiny-test-imgs.npz: the MD5"), e.getMessage());
  }
}
