package org.ecgplatform.training.spark;

import org.apache.spark.broadcast.Broadcast;
import org.ecgplatform.training.model.BeatModel;

/**
 * One rebuilt {@link BeatModel} per executor JVM: tasks that score with the same broadcast share it
 * instead of deserialising the network per partition. Only the latest model is kept.
 */
final class ExecutorModels {
  private static String cachedKey;
  private static BeatModel cached;

  private ExecutorModels() {}

  /** The model for {@code key} (unique per broadcast, e.g. a UUID), rebuilt from {@code bytes} on first use. */
  static synchronized BeatModel get(String key, Broadcast<byte[]> bytes) {
    if (!key.equals(cachedKey) || cached == null) {
      cached = BeatModel.fromBytes(bytes.value());
      cachedKey = key;
    }
    return cached;
  }
}
