/**
 * Diagnostics shared by every stage and front end: a 1-based {@link dev.cnnspec.diag.Location},
 * a stable {@link dev.cnnspec.diag.DiagnosticCode} catalog, a collector that lets each stage report
 * and go on, and a renderer that quotes the source line with a caret.
 */
package dev.cnnspec.diag;
