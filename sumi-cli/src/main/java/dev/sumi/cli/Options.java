package dev.sumi.cli;

import dev.sumi.model.Zoo;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Usage checks that end in exit code 2 with one sentence. */
final class Options {
  private Options() {}

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new UsageException(message);
    }
  }

  /** Checks that {@code model} names a zoo model, listing the known ones when not. */
  static void requireZooModel(String model) {
    require(
        Zoo.names().contains(model),
        "Unknown model '" + model + "'; expected one of " + String.join(", ", Zoo.names()) + ".");
  }

  /** Runs a parse of user input, reporting its IllegalArgumentException as a usage error. */
  static <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A usage error detected after picocli parsed the arguments. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static int exitCodeOf(Throwable e) {
    return e instanceof UsageException ? CommandLine.ExitCode.USAGE : 1;
  }
}
