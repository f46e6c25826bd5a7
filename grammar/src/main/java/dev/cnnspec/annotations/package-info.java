/**
 * The Java front end: annotations with which a network is written as a Java interface instead of
 * a {@code .cnn} spec. Each method is a tensor; its parameters name the tensors it reads, by the
 * names of the methods that produce them.
 *
 * <pre>
 * &#64;Network(name = "LeNet5")
 * interface LeNet5Spec {
 *   &#64;Input(height = 32, width = 32, channels = 1) Spatial image();
 *   &#64;Conv(filters = 6, kernel = 5, activation = Activation.RELU) Spatial c1(Spatial image);
 *   &#64;MaxPool Spatial s2(Spatial c1);
 *   &#64;Conv(filters = 16, kernel = 5, activation = Activation.RELU) Spatial c3(Spatial s2);
 *   &#64;MaxPool Spatial s4(Spatial c3);
 *   &#64;Flatten Flat f5(Spatial s4);
 *   &#64;Dense(units = 120, activation = Activation.RELU) Flat f6(Flat f5);
 *   &#64;Dense(units = 84, activation = Activation.RELU) Flat f7(Flat f6);
 *   &#64;Output &#64;Dense(units = 10, activation = Activation.SOFTMAX) Flat probs(Flat f7);
 * }
 * </pre>
 *
 * <p>The design lets javac check what it can: annotation elements are typed (a misspelled element
 * or enum constant, a missing {@code filters}, a string for an int are javac errors), and only
 * methods can carry layers. What javac cannot see, the annotation processor checks and reports on
 * the exact element and annotation value: a parameter naming no tensor, a {@link Flat} parameter
 * reading a method that returns {@link Spatial} (so a dense layer declared on a spatial tensor is
 * rejected before any shape is inferred), and every shape error the checker finds. The processor
 * generates a class named after the network ({@code name}, or the interface's name followed by
 * {@code Net}) next to the interface, exactly as it does for a spec.
 *
 * <p>Enumerated values reuse the model's enums: {@link dev.cnnspec.model.Activation},
 * {@link dev.cnnspec.model.Padding}, {@link dev.cnnspec.model.Loss}. Sizes written as
 * {@code int[]} take one value for a square or two for height and width ({@code kernel = 5},
 * {@code kernel = {3, 1}}).
 */
package dev.cnnspec.annotations;
