/**
 * Data sets for training and evaluating cnn-spec models as DL4J {@code DataSetIterator}s.
 *
 * <p>The pipeline, one class per step:
 * <ol>
 *   <li><b>load</b> into an {@link dev.cnnspec.runtime.data.ImageSet} (labelled images as bytes,
 *       channel-major): {@link dev.cnnspec.runtime.data.IdxFormat} / {@link dev.cnnspec.runtime.data.MnistFiles}
 *       (MNIST, Fashion-MNIST), {@link dev.cnnspec.runtime.data.Cifar10Format},
 *       {@link dev.cnnspec.runtime.data.ImageFolderFormat} (DataVec ImageRecordReader),
 *       {@link dev.cnnspec.runtime.data.CsvPixelFormat} (DataVec CSVRecordReader);
 *   <li><b>fit</b> to the model's input shape: {@link dev.cnnspec.runtime.data.InputFitter};
 *   <li><b>split</b> off validation data: {@link dev.cnnspec.runtime.data.ValidationSplit};
 *   <li><b>normalize</b>: {@link dev.cnnspec.runtime.data.PixelNormalizer};
 *   <li><b>iterate</b> in batches, shuffled per epoch: {@link dev.cnnspec.runtime.data.ImageSetIterator},
 *       augmented by {@link dev.cnnspec.runtime.data.Augmentation}, prefetched by DL4J's
 *       {@code AsyncDataSetIterator};
 *   <li><b>look</b> at images and mistakes: {@link dev.cnnspec.runtime.data.SampleGrid}.
 * </ol>
 * {@link dev.cnnspec.runtime.data.DataSources#open} runs the whole pipeline from a short source
 * name and {@link dev.cnnspec.runtime.data.DataOptions}, returning
 * {@link dev.cnnspec.runtime.data.DataSplits}. Damaged files raise
 * {@link dev.cnnspec.runtime.data.DataFormatException} (an {@code IOException}) naming the file and
 * byte offset or line; shapes that cannot fit raise {@code IllegalArgumentException}; both carry
 * messages meant for the user.
 *
 * <p>Files are untrusted input: no size read from a file is allocated before it is checked against
 * the file ({@code BinaryInput.readDeclared}), what gzip can expand to, and {@code MemoryBudget}
 * (a quarter of the heap); no image is decoded before its header's size is checked
 * ({@code ImageHeaders}); no loop runs to a bound taken from a file (CSV labels are bounded by the
 * class count). The data-file fuzzer in this package's tests ({@code DataFileFuzzRunner},
 * {@code bench/fuzz-data}) holds the loaders to it.
 */
package dev.cnnspec.runtime.data;
