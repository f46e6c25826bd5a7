/**
 * Human-readable reports of a checked {@link dev.cnnspec.model.NetworkModel}: the
 * {@link dev.cnnspec.report.SummaryTable} that the CLI prints and generated classes quote in
 * their Javadoc. Reports read only the model, like every other back end.
 */
package dev.cnnspec.report;
