package org.ecgplatform.training.spark;

import org.apache.spark.util.KnownSizeEstimation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * A minibatch that tells Spark's memory store its size instead of letting it be measured.
 *
 * <p>Parameter averaging caches each round's minibatches as objects ({@code
 * training.spark.storage-level}, {@code MEMORY_ONLY} by default). Spark's memory store sizes the
 * objects it caches by walking their object graphs ({@code SizeEstimator}), and with a round's
 * handful of minibatches per partition it walks nearly every one, through each array's ND4J
 * buffers, pointers and deallocators. In a profile of the sequence model's {@code local[2]} row
 * that walk took 6 % of the executor threads' samples during the epoch. {@link
 * KnownSizeEstimation} is the interface Spark's own broadcast and cached values use to skip it:
 * {@code SizeEstimator} returns {@link #estimatedSize()} for any object implementing it. Spark
 * declares it {@code private[spark]} in Scala, which the JVM does not enforce (it is a public
 * interface in Spark's jar), so a Spark upgrade that removes it fails this class's compilation, not
 * a job.
 *
 * <p>The size counted is what the arrays hold (length × element width, features, labels and masks)
 * plus a fixed allowance per array for the Java objects around it. The arrays' data lives off the
 * JVM heap, which {@code SizeEstimator} never saw; counting it makes Spark's accounting of cached
 * rounds larger than before, by a few megabytes per round.
 */
final class SizedMultiDataSet extends MultiDataSet implements KnownSizeEstimation {
  private static final long serialVersionUID = 1L;
  /** Bytes allowed per array for its Java objects (INDArray, shape information, data buffer, pointer). */
  static final long PER_ARRAY_BYTES = 512;

  private SizedMultiDataSet(org.nd4j.linalg.dataset.api.MultiDataSet m) {
    super(m.getFeatures(), m.getLabels(), m.getFeaturesMaskArrays(), m.getLabelsMaskArrays());
  }

  /** {@code m}'s arrays (not copied) as a minibatch that knows its size. */
  static SizedMultiDataSet of(org.nd4j.linalg.dataset.api.MultiDataSet m) {
    return m instanceof SizedMultiDataSet s ? s : new SizedMultiDataSet(m);
  }

  @Override
  public long estimatedSize() {
    return bytes(getFeatures()) + bytes(getLabels()) + bytes(getFeaturesMaskArrays()) + bytes(getLabelsMaskArrays());
  }

  private static long bytes(INDArray[] arrays) {
    long sum = 0;
    if (arrays != null) {
      for (INDArray a : arrays) {
        if (a != null) {
          sum += PER_ARRAY_BYTES + a.length() * a.dataType().width();
        }
      }
    }
    return sum;
  }
}
