package dev.sumi.data;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What the library knows about an MNIST-style data set: its name, classes and normalisation, the
 * mirrors it can be downloaded from (tried in order), the layouts its files may come in ({@link
 * DataFiles}; the first is the one downloaded, and any other found complete in a folder is read as
 * well) and the checksums of the downloaded files, keyed by file name as in the layout.
 */
public record DatasetSpec(
    String name,
    List<String> classNames,
    float mean,
    float std,
    List<URI> mirrors,
    Map<String, Checksum> checksums,
    List<DataFiles> layouts) {

  public DatasetSpec {
    classNames = List.copyOf(classNames);
    // URI.resolve drops the last path segment of a base without a trailing slash.
    mirrors =
        mirrors.stream().map(m -> m.getPath().endsWith("/") ? m : URI.create(m + "/")).toList();
    checksums = Map.copyOf(checksums);
    layouts = List.copyOf(layouts);
    if (layouts.isEmpty()) {
      throw new IllegalArgumentException("Data set " + name + " needs at least one file layout.");
    }
    for (String file : layouts.get(0).all()) {
      if (!checksums.containsKey(file)) {
        throw new IllegalArgumentException(
            "Data set " + name + " has no checksum for " + file + "; expected one per file.");
      }
    }
  }

  /** A data set in the MNIST layout of four IDX files ({@link DataFiles#idx()}). */
  public DatasetSpec(
      String name,
      List<String> classNames,
      float mean,
      float std,
      List<URI> mirrors,
      Map<String, Checksum> checksums) {
    this(name, classNames, mean, std, mirrors, checksums, List.of(DataFiles.idx()));
  }

  /** The layout that is downloaded. */
  public DataFiles files() {
    return layouts.get(0);
  }

  public Checksum checksum(String file) {
    return checksums.get(file);
  }

  /** This data set downloaded from other mirrors, e.g. a local copy or a test server. */
  public DatasetSpec withMirrors(List<URI> mirrors) {
    return new DatasetSpec(name, classNames, mean, std, mirrors, checksums, layouts);
  }
}
