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
   * The folder to read from and download into, the layout of its files, the folders searched to
   * choose it (none when it was given) and, for messages, the searched folders that hold only part
   * of the files.
   */
  private record Location(
      Path folder, DataFiles files, List<Path> searched, List<String> partial) {}

  /**
   * The explicit folder if given, else the first candidate that holds every file of the splits in
   * one of the layouts, else the cache folder, where the missing files will be downloaded.
   */
  private Location locate(DatasetSpec spec, List<Split> splits, Path dataDir) {
    if (dataDir != null) {
      return new Location(dataDir, layoutIn(spec, splits, dataDir), List.of(), List.of());
    }
    List<Path> candidates = locator.candidates(spec.name());
    List<String> partial = new ArrayList<>();
    for (Path folder : candidates) {
      for (DataFiles layout : spec.layouts()) {
        List<String> files = layout.of(splits);
        List<String> missing = files.stream().filter(f -> existing(folder, f).isEmpty()).toList();
        if (missing.isEmpty()) {
          return new Location(folder, layout, candidates, List.of());
        }
        if (missing.size() < files.size()) {
          partial.add(
              folder
                  + " lacks "
                  + String.join(", ", missing.stream().map(DatasetLoader::diskNames).toList()));
        }
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
    return new Location(cache, layoutIn(spec, splits, cache), candidates, partial);
  }

  /** The first layout complete in {@code folder}, else the one that is downloaded. */
  private static DataFiles layoutIn(DatasetSpec spec, List<Split> splits, Path folder) {
    for (DataFiles layout : spec.layouts()) {
      if (layout.of(splits).stream().allMatch(f -> existing(folder, f).isPresent())) {
        return layout;
      }
    }
    return spec.files();
  }

  private Dataset read(DatasetSpec spec, Split split, Location location) {
    String imagesFile = location.files().images(split);
    String labelsFile = location.files().labels(split);
    Path images = obtain(spec, imagesFile, location);
    Path labels = obtain(spec, labelsFile, location);
    if (DataFiles.isNpz(imagesFile)) {
      return Dataset.fromNpy(
          spec.name(),
          Npz.read(images).single(),
          Npz.read(labels).single(),
          spec.classNames(),
          spec.mean(),
          spec.std());
    }
    return Dataset.fromIdx(
        spec.name(),
        Idx.read(images),
        Idx.read(labels),
        spec.classNames(),
        spec.mean(),
        spec.std());
  }

  private Path obtain(DatasetSpec spec, String file, Location location) {
    Path folder = location.folder();
    Optional<Path> local = existing(folder, file);
    if (local.isPresent()) {
      return local.get();
    }
    Checksum checksum = spec.checksum(file);
    if (spec.mirrors().isEmpty() || checksum == null) {
      throw new DataException(
          "Data set "
              + spec.name()
              + " has no "
              + diskNames(file)
              + " in "
              + folder
              + searchNote(location)
              + (spec.mirrors().isEmpty()
                  ? ", and no download mirror is configured."
                  : ", and no checksum to verify a download with."));
    }
    try {
      return downloader.download(file, checksum, spec.mirrors(), folder);
    } catch (DataException e) {
      if (location.searched().isEmpty()) {
        throw e;
      }
      // Say where else the files could have been put, e.g. for a machine without network.
      throw new DataException(
          "Data set "
              + spec.name()
              + " was found complete in none of "
              + location.searched()
              + partialNote(location)
              + "; put its files in one of them, set "
              + DataLocator.ENV
              + " or pass its folder. The download failed too: "
              + e.getMessage(),
          e);
    }
  }

  private static String searchNote(Location location) {
    return location.searched().isEmpty()
        ? ""
        : " (searched " + location.searched() + partialNote(location) + ")";
  }

  private static String partialNote(Location location) {
    return location.partial().isEmpty() ? "" : "; " + String.join("; ", location.partial());
  }

  /** The names a file may have on disk, for messages: {@code a.gz or a}. */
  private static String diskNames(String file) {
    return String.join(" or ", DataFiles.onDisk(file));
  }

  /** The file in {@code folder} under one of the names it may have on disk. */
  private static Optional<Path> existing(Path folder, String file) {
    for (String name : DataFiles.onDisk(file)) {
      Path path = folder.resolve(name);
      if (Files.isRegularFile(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }
}
