package org.ecgplatform.training.model;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Training buffers that outlive a layer instance: one set per thread and layer position, handed to
 * whichever instance of that layer trains in the thread.
 *
 * <p>Parameter averaging builds each worker's network anew every round (DL4J's worker rebuilds it
 * from the broadcast configuration and parameters), so a layer that kept its training buffers per
 * instance allocated them again every round: several megabytes of off-heap arrays per layer, whose
 * first touch costs page faults. In a profile of the sequence model's {@code local[2]} row those
 * allocations took 6 % of the executor threads' samples. The buffers here stay with the thread
 * (an executor's task thread, or the one thread of a local fit) and are replaced when the shapes
 * change. They are released with the thread (Spark's idle task threads end after a minute): a few
 * megabytes per trained layer, kept meanwhile.
 *
 * <p>Ownership: a layer claims the buffers at its training forward pass and may read what that
 * pass left in them only while it still holds them ({@link #holds}). Another instance of the same
 * layer position claiming them in between (a second network trained in the same thread) takes them
 * over, and the first instance then recomputes instead of reading another network's values.
 */
final class ThreadBuffers {
  private static final ThreadLocal<Map<String, Held>> HELD = ThreadLocal.withInitial(HashMap::new);
  /** Buffers made, over every thread of this JVM (tests). */
  static final AtomicLong MADE = new AtomicLong();

  private static final class Held {
    Object buffers;
    /** Weak, so that the map does not keep a finished round's network alive. */
    WeakReference<Object> owner = new WeakReference<>(null);
  }

  /** What {@link #claim} handed over. */
  record Claim<B>(B buffers, boolean kept) {}

  private ThreadBuffers() {}

  /**
   * The buffers at {@code key} in this thread, made by {@code make} when there are none or {@code
   * fits} rejects them; {@code owner} holds them afterwards. {@link Claim#kept()} is true when
   * {@code owner} already held these same buffers, so that what it left in them is still there.
   */
  @SuppressWarnings("unchecked")
  static <B> Claim<B> claim(String key, Object owner, Predicate<B> fits, Supplier<B> make) {
    Held h = HELD.get().computeIfAbsent(key, k -> new Held());
    boolean fit = h.buffers != null && fits.test((B) h.buffers);
    boolean kept = fit && h.owner.get() == owner;
    if (!fit) {
      h.buffers = make.get();
      MADE.incrementAndGet();
    }
    if (!kept) {
      h.owner = new WeakReference<>(owner);
    }
    return new Claim<>((B) h.buffers, kept);
  }

  /** Whether {@code owner} still holds {@code buffers} at {@code key} in this thread. */
  static boolean holds(String key, Object owner, Object buffers) {
    Held h = HELD.get().get(key);
    return h != null && buffers != null && h.buffers == buffers && h.owner.get() == owner;
  }

  /**
   * The key of a layer position: its runtime class, its index in the network and where its
   * parameters start in the network's parameter vector (which tells the two halves of a
   * {@code Bidirectional} layer apart: they share the index and the name).
   */
  static String keyOf(org.deeplearning4j.nn.api.Layer layer) {
    org.nd4j.linalg.api.ndarray.INDArray params = layer.params();
    return layer.getClass().getName() + '#' + layer.getIndex() + '#' + (params == null ? -1 : params.offset());
  }
}
