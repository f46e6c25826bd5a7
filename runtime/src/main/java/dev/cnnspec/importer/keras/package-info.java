/**
 * {@code cnn import keras}: a Keras model file becomes a {@code .cnn} spec a person would write, and
 * its weights a DL4J model zip the runtime loads. Stages, each a class:
 * {@link dev.cnnspec.importer.keras.KerasFiles} (a {@code .keras} archive, a legacy HDF5 file or a
 * {@code to_json()} config, read within limits) → {@link dev.cnnspec.importer.keras.KerasConfig}
 * (the config as a graph of {@link dev.cnnspec.importer.keras.KerasLayer}s, Keras 2 and 3 forms) →
 * {@link dev.cnnspec.importer.keras.LayerMappings} (one entry per Keras layer class: spec text and
 * which weights it has) → {@link dev.cnnspec.importer.keras.SpecWriter} (the spec text, with the
 * place of every layer) → the real compiler ({@code CnnCompiler}) → {@link
 * dev.cnnspec.importer.keras.WeightTransfer} (Keras layouts converted into the graph the interpreter
 * builds from the checked spec). {@link dev.cnnspec.importer.keras.KerasImporter} runs them.
 *
 * <p>Everything wrong with the input is a {@link dev.cnnspec.importer.keras.KerasImportException}
 * naming the file, the layer (name, class, position) and what to do.
 */
package dev.cnnspec.importer.keras;
