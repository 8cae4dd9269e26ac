package dev.flm.cli;

/** A problem with what the user asked for; its message is the whole error line. */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }
}
