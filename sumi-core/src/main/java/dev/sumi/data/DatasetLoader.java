package dev.sumi.data;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads data sets of a {@link DatasetCatalog}: finds the folder that holds a data set's files (see
 * {@link DataLocator}), downloads the files it lacks, and reads them. {@link Datasets} is the short
 * form with the standard catalogue, locator and downloader.
 */
public final class DatasetLoader {
  private static final System.Logger LOG = System.getLogger(DatasetLoader.class.getName());

  private final DatasetCatalog catalog;
  private final DataLocator locator;
  private final Downloader downloader;

  public DatasetLoader(DatasetCatalog catalog, DataLocator locator, Downloader downloader) {
    this.catalog = catalog;
    this.locator = locator;
    this.downloader = downloader;
  }

  public static DatasetLoader standard() {
    return new DatasetLoader(
        DatasetCatalog.standard(), DataLocator.system(), Downloader.standard());
  }

  public DatasetCatalog catalog() {
    return catalog;
  }

  /**
   * Loads both splits of data set {@code name}.
   *
   * @param dataDir the folder that directly holds the files (missing ones are downloaded into it),
   *     or null to search the locator's folders and download into its cache folder
   */
  public DataSplits load(String name, Path dataDir) {
    DatasetSpec spec = catalog.spec(name);
    Location location = locate(spec, List.of(Split.TRAIN, Split.TEST), dataDir);
    return new DataSplits(read(spec, Split.TRAIN, location), read(spec, Split.TEST, location));
  }

  /** Loads one split of data set {@code name}; {@code dataDir} as for {@link #load}. */
  public Dataset load(String name, Split split, Path dataDir) {
    DatasetSpec spec = catalog.spec(name);
    return read(spec, split, locate(spec, List.of(split), dataDir));
  }

  /**
   * The folder to read from and download into, and the folders searched to choose it (none when it
   * was given).
   */
  private record Location(Path folder, List<Path> searched) {}

  /**
   * The explicit folder if given, else the first candidate that holds every file of the splits,
   * else the cache folder, where the missing files will be downloaded.
   */
  private Location locate(DatasetSpec spec, List<Split> splits, Path dataDir) {
    if (dataDir != null) {
      return new Location(dataDir, List.of());
    }
    List<String> files = new ArrayList<>();
    for (Split split : splits) {
      files.add(split.imagesFile());
      files.add(split.labelsFile());
    }
    List<Path> candidates = locator.candidates(spec.name());
    for (Path folder : candidates) {
      if (files.stream().allMatch(f -> existing(folder, f).isPresent())) {
        return new Location(folder, candidates);
      }
    }
    Path cache = locator.cacheFolder(spec.name());
    LOG.log(
        Level.INFO,
        () ->
            "No folder among "
                + candidates
                + " holds all files of "
                + spec.name()
                + "; downloading the missing ones into "
                + cache
                + ".");
    return new Location(cache, candidates);
  }

  private Dataset read(DatasetSpec spec, Split split, Location location) {
    Idx images = Idx.read(obtain(spec, split.imagesFile(), location));
    Idx labels = Idx.read(obtain(spec, split.labelsFile(), location));
    return Dataset.fromIdx(spec.name(), images, labels, spec.classNames(), spec.mean(), spec.std());
  }

  private Path obtain(DatasetSpec spec, String file, Location location) {
    Path folder = location.folder();
    Optional<Path> local = existing(folder, file);
    if (local.isPresent()) {
      return local.get();
    }
    if (spec.mirrors().isEmpty()) {
      throw new DataException(
          "Data set "
              + spec.name()
              + " has no "
              + file
              + ".gz or "
              + file
              + " in "
              + folder
              + ", and no download mirror is configured.");
    }
    try {
      return downloader.download(file, spec.checksum(file), spec.mirrors(), folder);
    } catch (DataException e) {
      if (location.searched().isEmpty()) {
        throw e;
      }
      // Say where else the files could have been put, e.g. for a machine without network.
      throw new DataException(
          "Data set "
              + spec.name()
              + " was found in none of "
              + location.searched()
              + " (set "
              + DataLocator.ENV
              + " or pass its folder), and the download failed: "
              + e.getMessage(),
          e);
    }
  }

  /** The file in {@code folder}, gzip-compressed ({@code name.gz}) or not. */
  private static Optional<Path> existing(Path folder, String file) {
    for (String name : List.of(file + ".gz", file)) {
      Path path = folder.resolve(name);
      if (Files.isRegularFile(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }
}
