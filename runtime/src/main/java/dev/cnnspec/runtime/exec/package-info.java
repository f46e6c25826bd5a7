/**
 * Execution-path selection: which natives and which DL4J layer implementations run a model.
 *
 * <p>Plain DL4J 1.0.0-M2.1 on the CPU runs convolutions through its own im2col code with the
 * generic libnd4j build, 5–8× slower than PyTorch. Two switches, both off by default in M2.1,
 * make it much faster, and both must be thrown before the work starts:
 * <ol>
 *   <li>the oneDNN build of libnd4j ({@code nd4j-native} classifier
 *       {@code linux-x86_64-onednn-avx2}), selected by the JavaCPP property
 *       {@code org.bytedeco.javacpp.platform.extension=-onednn-avx2} before ND4J loads its natives;</li>
 *   <li>DL4J's oneDNN layer helpers (convolution, pooling, batch norm), which M2.1 disables with
 *       {@code org.eclipse.deeplearning4j.helpers.disable=true} and, even when enabled, rejects
 *       because its availability check looks up a class that moved (see
 *       {@code org.nd4j.nativeblas.Nd4jCpu}, the shim at the old name).</li>
 * </ol>
 * {@link dev.cnnspec.runtime.exec.FastPath} decides and sets both. It runs automatically: ND4J's
 * backend discovery instantiates every {@code Nd4jBackend} service before it loads any native code,
 * and {@link dev.cnnspec.runtime.exec.NativeSelectionHook} is one, so any program with the runtime
 * on its class path gets the fast path without calling anything. Where the fast path cannot run
 * (no AVX2, oneDNN natives absent, {@code -Dcnnspec.exec=plain}) DL4J runs as shipped; there the
 * extension is set to empty, because JavaCPP otherwise loads the oneDNN natives whenever their jar
 * is on the class path. With the CUDA backend nothing is touched.
 *
 * <p>{@link dev.cnnspec.runtime.exec.FastPath#optimise} then tunes an initialised graph in ways its
 * configuration cannot express (convolutions and batch norm on oneDNN 2.5.2 called directly, pooling off oneDNN, max
 * pooling that keeps each window's winner for backprop, one-GEMM dense layers, cached convolution
 * pre-activations, an updater that makes no arrays per step); code that builds a
 * {@code ComputationGraph} should call it after {@code init()}.
 * {@code FastPathEquivalenceTest} keeps all of this numerically equal to the plain path.
 */
package dev.cnnspec.runtime.exec;
