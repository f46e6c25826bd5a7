package dev.cnnspec.runtime.dl4j;

/**
 * Thrown by {@link MemoryBudget} before a network is allocated when its weights (and, for training,
 * gradients and optimiser state) cannot fit in the memory ND4J may use. A user error, not a bug:
 * the message gives the sizes and how to change them.
 */
public final class NetworkTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public NetworkTooLargeException(String message) {
    super(message);
  }
}
