package dev.sumi.data;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What the library knows about an MNIST-style data set: its name, classes and normalisation, the
 * mirrors it can be downloaded from (tried in order) and the checksums of its four IDX files, keyed
 * by uncompressed file name ({@link Split#imagesFile()}, {@link Split#labelsFile()}).
 */
public record DatasetSpec(
    String name,
    List<String> classNames,
    float mean,
    float std,
    List<URI> mirrors,
    Map<String, Checksum> checksums) {

  public DatasetSpec {
    classNames = List.copyOf(classNames);
    // URI.resolve drops the last path segment of a base without a trailing slash.
    mirrors =
        mirrors.stream().map(m -> m.getPath().endsWith("/") ? m : URI.create(m + "/")).toList();
    checksums = Map.copyOf(checksums);
    for (Split split : Split.values()) {
      for (String file : List.of(split.imagesFile(), split.labelsFile())) {
        if (!checksums.containsKey(file)) {
          throw new IllegalArgumentException(
              "Data set " + name + " has no checksum for " + file + "; expected one per file.");
        }
      }
    }
  }

  public Checksum checksum(String file) {
    return checksums.get(file);
  }

  /** This data set downloaded from other mirrors, e.g. a local copy or a test server. */
  public DatasetSpec withMirrors(List<URI> mirrors) {
    return new DatasetSpec(name, classNames, mean, std, mirrors, checksums);
  }
}
