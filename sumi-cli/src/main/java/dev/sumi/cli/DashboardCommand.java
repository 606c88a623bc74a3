package dev.sumi.cli;

import dev.sumi.track.RunStore;
import dev.sumi.track.RunStores;
import dev.sumi.track.web.Dashboard;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sumi dashboard}: serves the web UI over a run store until interrupted. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the experiment dashboard (runs, live curves, leaderboards, sweeps) in a browser.",
      "Example: sumi dashboard --store runs.db --port 8700"
    })
final class DashboardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--store",
      paramLabel = "URI",
      defaultValue = "runs.db",
      description =
          "The run store: a SQLite file or a postgresql:// URI (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "8700",
      description = "The port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs a"
              + " token, generated when not given.")
  String bind;

  @Option(
      names = "--token",
      paramLabel = "T",
      description =
          "The access token every request must carry: at least 16 letters, digits, -, _, . or ~.")
  String token;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new Options.UsageException("--port must be between 0 and 65535, not " + port + ".");
    }
    PrintWriter out = spec.commandLine().getOut();
    String accessToken = token != null || isLoopback(bind) ? token : Dashboard.newToken();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    try (RunStore runs = Options.parse(() -> RunStores.open(store));
        Dashboard dashboard = startDashboard(runs, accessToken)) {
      // On Ctrl-C, let the store close before the JVM halts.
      Thread hook =
          new Thread(
              () -> {
                stopped.countDown();
                try {
                  closed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("sumi dashboard: serving " + store + " at " + dashboard.url());
      if (token == null && accessToken != null) {
        out.println("Access token (anyone with it can read and edit the runs): " + accessToken);
      }
      out.println("Press Ctrl-C to stop.");
      out.flush();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    } finally {
      closed.countDown();
    }
    return 0;
  }

  private Dashboard startDashboard(RunStore runs, String accessToken) {
    try {
      return Dashboard.start(runs, bind, port, accessToken);
    } catch (IllegalArgumentException e) {
      throw new Options.UsageException(e.getMessage());
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new Options.UsageException("--bind " + address + " is not a known host name.");
    }
  }
}
