/**
 * The network model shared by both front ends and all back ends. {@link dev.cnnspec.model.NetworkGraph}
 * is the elaborated, unchecked graph; {@link dev.cnnspec.model.NetworkModel} is the checked one
 * with shapes and parameter counts. Everything here is immutable.
 */
package dev.cnnspec.model;
