package dev.sumi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Runs the sumi command in-process and captures what it printed. */
record Cli(int exitCode, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /**
   * Runs {@code train} of seed-minimal on MNIST from the folder {@code mnist}, with {@code options}
   * (epochs, image limit, run folder and the like) after those.
   */
  static Cli trainSeedMinimal(Path mnist, String... options) {
    return run(
        Stream.concat(
                Stream.of(
                    "train",
                    "--dataset",
                    "mnist",
                    "--data-dir",
                    mnist.toString(),
                    "--model",
                    "seed-minimal"),
                Stream.of(options))
            .toArray(String[]::new));
  }

  /** The last line of stderr: the one-sentence error message. */
  String errorLine() {
    String[] lines = err.strip().split("\n");
    return lines[lines.length - 1];
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
  }
}
