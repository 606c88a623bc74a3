package dev.sumi.cli;

import dev.sumi.track.Environment;
import dev.sumi.track.NewRun;
import dev.sumi.track.Tracking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where {@code sumi train} records its run: the run store options. */
final class TrackingOptions {
  @Option(
      names = "--store",
      paramLabel = "URI",
      description =
          "Run store to record the run in: a SQLite file path (or sqlite:PATH) or"
              + " postgresql://[user[:password]@]host[:port]/database (default: runs.db beside the"
              + " runs folder, that is ./runs.db for the default run folder runs/<name>, and"
              + " beside DIR for --out DIR).")
  String store;

  @Option(names = "--no-track", description = "Do not record the run in a run store.")
  boolean noTrack;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Name of the run in the store (default: the run folder's name).")
  String name;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "A tag for the run in the store; repeat for more.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--sweep-id",
      paramLabel = "ID",
      description = "The sweep this run is a trial of (set by sumi sweep).")
  String sweepId;

  /** The store URI for a run in {@code runDir}; {@code defaultRunDir} says it is runs/<name>. */
  String storeUri(Path runDir, boolean defaultRunDir) {
    if (store != null) {
      return store;
    }
    Path dir = runDir.toAbsolutePath().normalize().getParent();
    if (defaultRunDir && dir.getParent() != null) {
      dir = dir.getParent();
    }
    return dir.resolve("runs.db").toString();
  }

  /** Opens the store, or returns null with {@code --no-track}. */
  Tracking open(Path runDir, boolean defaultRunDir) {
    Options.require(
        !(noTrack && (store != null || sweepId != null)),
        "--no-track cannot be combined with --store or --sweep-id.");
    if (noTrack) {
      return null;
    }
    String uri = storeUri(runDir, defaultRunDir);
    return Options.parse(() -> Tracking.open(uri));
  }

  NewRun newRun(Path runDir, String dataset, String model, Map<String, Object> config) {
    Path dir = runDir.toAbsolutePath().normalize();
    return new NewRun(name, dataset, model, dir, sweepId, config, Environment.capture(dir), tags);
  }
}
