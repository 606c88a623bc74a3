package dev.sumi.cli;

import dev.sumi.data.DataSplits;
import dev.sumi.data.Dataset;
import dev.sumi.data.Datasets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which data set, and where its files are. */
final class DataOptions {
  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description = "mnist, fashion-mnist, kmnist or k49.")
  String dataset;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Folder holding the data set's files (default: $SUMI_DATA/<name>, then"
              + " ~/.cache/sumi/datasets/<name>, downloading when missing).")
  Path dataDir;

  void checkName() {
    Options.require(
        Datasets.names().contains(dataset),
        "Unknown data set '"
            + dataset
            + "'; expected one of "
            + String.join(", ", Datasets.names())
            + ".");
  }

  DataSplits load() {
    checkName();
    return dataDir == null ? Datasets.load(dataset) : Datasets.load(dataset, dataDir);
  }

  Dataset loadTest() {
    checkName();
    return dataDir == null ? Datasets.loadTest(dataset) : Datasets.loadTest(dataset, dataDir);
  }
}
