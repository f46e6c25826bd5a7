package dev.cnnspec.cli;

/** A mistake the user can fix (a missing file, an unknown network); printed as its message, exit status 2. */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
