package dev.cnnspec.runtime.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The native objects a fast-path helper keeps per input shape (oneDNN primitives made once per
 * shape): a few per layer — training, a smaller last batch, inference batches — the least recently
 * used freed and dropped past the limit (more shapes would be a network fed ever-changing batch sizes).
 */
final class ShapeCache<K, V> {
  private final int limit;
  private final Consumer<V> free;
  private final Map<K, V> entries = new LinkedHashMap<>(8, 0.75f, true);

  ShapeCache(int limit, Consumer<V> free) {
    this.limit = limit;
    this.free = free;
  }

  /** The entry for {@code key}, made by {@code make} when absent (after freeing the eldest if full). */
  V get(K key, Function<K, V> make) {
    V value = entries.get(key);
    if (value == null) {
      if (entries.size() >= limit) {
        var eldest = entries.entrySet().iterator().next();
        free.accept(eldest.getValue());
        entries.remove(eldest.getKey());
      }
      value = make.apply(key);
      entries.put(key, value);
    }
    return value;
  }

  /** Whether {@code value} is still held (not freed by an eviction). */
  boolean holds(V value) {
    return value != null && entries.containsValue(value);
  }
}
