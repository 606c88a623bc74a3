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
    Path folder = folderFor(spec, List.of(Split.TRAIN, Split.TEST), dataDir);
    return new DataSplits(read(spec, Split.TRAIN, folder), read(spec, Split.TEST, folder));
  }

  /** Loads one split of data set {@code name}; {@code dataDir} as for {@link #load}. */
  public Dataset load(String name, Split split, Path dataDir) {
    DatasetSpec spec = catalog.spec(name);
    return read(spec, split, folderFor(spec, List.of(split), dataDir));
  }

  /**
   * The explicit folder if given, else the first candidate that holds every file of the splits,
   * else the cache folder, where the files will be downloaded.
   */
  private Path folderFor(DatasetSpec spec, List<Split> splits, Path dataDir) {
    if (dataDir != null) {
      return dataDir;
    }
    List<String> files = new ArrayList<>();
    for (Split split : splits) {
      files.add(split.imagesFile());
      files.add(split.labelsFile());
    }
    List<Path> candidates = locator.candidates(spec.name());
    for (Path folder : candidates) {
      if (files.stream().allMatch(f -> existing(folder, f).isPresent())) {
        return folder;
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
    return cache;
  }

  private Dataset read(DatasetSpec spec, Split split, Path folder) {
    Idx images = Idx.read(obtain(spec, split.imagesFile(), folder));
    Idx labels = Idx.read(obtain(spec, split.labelsFile(), folder));
    return Dataset.fromIdx(spec.name(), images, labels, spec.classNames(), spec.mean(), spec.std());
  }

  private Path obtain(DatasetSpec spec, String file, Path folder) {
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
    return downloader.download(file, spec.checksum(file), spec.mirrors(), folder);
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
