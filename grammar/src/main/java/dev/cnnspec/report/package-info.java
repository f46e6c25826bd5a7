/**
 * Human-readable reports of a checked {@link dev.cnnspec.model.NetworkModel}: the
 * {@link dev.cnnspec.report.SummaryTable} that the CLI prints and generated classes quote in
 * their Javadoc, its rows ({@link dev.cnnspec.report.SummaryRow}, which fold block instances below
 * a depth into one), the memory a batch needs ({@link dev.cnnspec.report.MemoryEstimate}, whose
 * training figure models DL4J's workspaces from what each layer's implementation allocates on each
 * execution path: {@link dev.cnnspec.report.Dl4jKernel}, {@link dev.cnnspec.report.FastPathRules})
 * and every layer's receptive field ({@link dev.cnnspec.report.ReceptiveField}). Reports read only the
 * model, like every other back end, and allocate no weights.
 */
package dev.cnnspec.report;
