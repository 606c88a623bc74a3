package dev.sumi.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a data set's files may be, in the order they are tried: {@code $SUMI_DATA/<name>}, then
 * {@code ~/.cache/sumi/datasets/<name>} (also where downloads go), then folders where a system
 * package installs it (Debian's {@code dataset-fashion-mnist}). The environment and home folder are
 * passed in so that tests can control them.
 */
public final class DataLocator {
  /** Environment variable naming a folder with one sub-folder per data set. */
  public static final String ENV = "SUMI_DATA";

  private static final Map<String, List<Path>> SYSTEM_FOLDERS =
      Map.of("fashion-mnist", List.of(Path.of("/usr/share/datasets/fashion-mnist")));

  private final Map<String, String> env;
  private final Path home;
  private final Map<String, List<Path>> systemFolders;

  /**
   * @param env environment variables (only {@value #ENV} is read)
   * @param home the user's home folder, parent of {@code .cache}
   * @param systemFolders extra folders per data set name, tried last
   */
  public DataLocator(Map<String, String> env, Path home, Map<String, List<Path>> systemFolders) {
    this.env = Map.copyOf(env);
    this.home = home;
    this.systemFolders = Map.copyOf(systemFolders);
  }

  /** The locator of this process: its environment, {@code user.home} and the system folders. */
  public static DataLocator system() {
    return new DataLocator(
        System.getenv(), Path.of(System.getProperty("user.home")), SYSTEM_FOLDERS);
  }

  /** The folders that may hold data set {@code name}, in the order they are tried. */
  public List<Path> candidates(String name) {
    List<Path> folders = new ArrayList<>();
    String root = env.get(ENV);
    if (root != null && !root.isBlank()) {
      folders.add(Path.of(root).resolve(name));
    }
    folders.add(cacheFolder(name));
    folders.addAll(systemFolders.getOrDefault(name, List.of()));
    return folders;
  }

  /** Where data set {@code name} is downloaded to when no candidate folder holds its files. */
  public Path cacheFolder(String name) {
    return home.resolve(".cache").resolve("sumi").resolve("datasets").resolve(name);
  }
}
