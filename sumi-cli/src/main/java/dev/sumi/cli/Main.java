package dev.sumi.cli;

/** Entry point of the {@code sumi} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("sumi");
  }
}
