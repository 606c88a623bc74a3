package dev.sumi.cli;

import picocli.CommandLine;

/** The version printed by {@code sumi --version}. */
final class Version implements CommandLine.IVersionProvider {
  static String get() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "sumi " + get(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
