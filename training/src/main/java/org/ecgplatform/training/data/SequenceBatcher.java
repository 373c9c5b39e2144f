package org.ecgplatform.training.data;

import java.util.List;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.SequenceInputs;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns sequences of consecutive beats into DL4J {@link MultiDataSet}s for {@code SequenceNetwork}:
 * features {@code wave} [n, leads·windowSamples, T] and {@code rr} [n, rrFeatures, T] (NCW,
 * normalised), one-hot labels [n, classes, T], and masks [n, T] (1 for a beat, 0 for padding) on
 * both inputs and on the labels, {@code T} the longest sequence of the batch.
 */
public final class SequenceBatcher {
  private SequenceBatcher() {}

  /**
   * A batch of training chunks.
   *
   * @param windows each chunk's windows to use (its own, or augmented ones)
   */
  public static MultiDataSet toMultiDataSet(List<Chunk> chunks, List<float[][]> windows, Normalizer norm, int classCount) {
    int n = chunks.size();
    float[][][] rr = new float[n][][];
    int[][] labels = new int[n][];
    for (int i = 0; i < n; i++) {
      rr[i] = chunks.get(i).rr();
      labels[i] = chunks.get(i).labels();
    }
    SequenceInputs f = SequenceInputs.of(windows, java.util.Arrays.asList(rr), norm);
    int t = f.steps();
    float[] onehot = new float[n * classCount * t];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < labels[i].length; s++) {
        int l = labels[i][s];
        if (l < 0 || l >= classCount) {
          throw new IllegalArgumentException("Cannot batch chunk " + chunks.get(i).record() + ": label " + l
              + " outside 0.." + (classCount - 1));
        }
        onehot[(i * classCount + l) * t + s] = 1f;
      }
    }
    INDArray labelArr = Nd4j.create(onehot, new long[] {n, classCount, t}, 'c');
    return new MultiDataSet(new INDArray[] {f.wave(), f.rr()}, new INDArray[] {labelArr},
        new INDArray[] {f.mask(), f.mask()}, new INDArray[] {f.mask()});
  }
}
