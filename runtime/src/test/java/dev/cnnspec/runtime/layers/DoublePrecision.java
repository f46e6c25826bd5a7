package dev.cnnspec.runtime.layers;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a test class with ND4J's default data types set to double, as numerical gradient checks
 * need, and restores the previous ones afterwards: {@code @ExtendWith(DoublePrecision.class)}.
 */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {
  private DataType savedDefault;
  private DataType savedFloating;

  @Override
  public void beforeAll(ExtensionContext context) {
    savedDefault = Nd4j.dataType();
    savedFloating = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Nd4j.setDefaultDataTypes(savedDefault, savedFloating);
  }
}
