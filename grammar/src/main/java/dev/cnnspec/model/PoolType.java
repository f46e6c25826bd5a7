package dev.cnnspec.model;

/** Pooling reductions. */
public enum PoolType {
  MAX,
  AVG
}
