package io.tierwise.cli;

/** Process exit codes of the {@code tierwise} command; scripts can rely on them. */
public enum ExitCode {
  /** The command did what was asked. */
  OK(0),
  /** An unexpected failure; the message says what failed. */
  FAILURE(1),
  /** The command line is wrong: unknown option, missing value, bad number. */
  USAGE(2),
  /** Input data, configuration or a model file cannot be used; the message names it. */
  BAD_INPUT(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
