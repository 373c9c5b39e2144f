package org.ecgplatform.training.spark;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Turns one minibatch of training examples into the network's input, on the workers. {@code seed}
 * is unique per minibatch and epoch, for augmentation drawn at batch time.
 *
 * @param <T> the example type of a model kind (a beat, or a sequence of beats)
 */
@FunctionalInterface
interface Batcher<T> extends Serializable {
  MultiDataSet toMultiDataSet(List<T> examples, long seed);
}
