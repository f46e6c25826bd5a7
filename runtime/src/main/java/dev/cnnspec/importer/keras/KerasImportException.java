package dev.cnnspec.importer.keras;

/**
 * A Keras file the importer cannot turn into a spec: corrupt, of a kind it does not read, with a
 * layer the language lacks, or with weights for another model. The message names the file and,
 * where there is one, the layer, and says what to do; the CLI prints it as a user error.
 */
public final class KerasImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KerasImportException(String message) {
    super(message);
  }

  public KerasImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
