/**
 * Test helpers others can reuse: {@link dev.cnnspec.testing.GraphSketch} writes graphs as chains
 * (named and located as the elaborator would), {@link dev.cnnspec.testing.Ops} builds ops with the
 * language's defaults, {@link dev.cnnspec.testing.ZooGraphs} has LeNet-5, VGG, ResNet, a Light CNN
 * and synthetic chains, and {@link dev.cnnspec.testing.Checks} runs the checker asserting its
 * all-or-nothing contract. Other modules can use them through a {@code test-jar} of grammar.
 */
package dev.cnnspec.testing;
