/**
 * Diagrams of checked networks: {@link dev.cnnspec.diagram.NetworkDiagram} turns a
 * {@link dev.cnnspec.model.NetworkModel} into a deterministic SVG drawing. Three stages, each a
 * small class: {@link dev.cnnspec.diagram.DiagramGraph} decides what to draw (one box per layer,
 * block instances as nested groups or, below the chosen depth, one box each; edges labelled with
 * tensor shapes), {@link dev.cnnspec.diagram.ElkLayout} places it with ELK's layered algorithm, and
 * {@link dev.cnnspec.diagram.SvgWriter} writes the placed drawing. Nothing here runs a network or
 * needs DL4J: every number comes from the model the checker built.
 */
package dev.cnnspec.diagram;
