/**
 * The checking stage: {@link dev.cnnspec.check.NetworkChecker} turns an elaborated
 * {@link dev.cnnspec.model.NetworkGraph} into a {@link dev.cnnspec.model.NetworkModel} with every
 * shape inferred and every parameter and multiply-add counted, or reports why it cannot (codes
 * E0209, E0210, E0213, E0219, E0221, E04xx, E0502). Shape rules follow Keras (height × width × channels,
 * {@code same}/{@code valid} padding) and are pure functions returning a result, so that only the
 * checker decides where and whether to report. Counting is arithmetic on longs: no weights exist here.
 * {@link dev.cnnspec.check.ShapeProbe} runs the same rules over a graph still being elaborated, for
 * the language's shape expressions; it reports nothing.
 */
package dev.cnnspec.check;
