package org.ecgplatform.training.data;

import java.util.List;
import org.ecgplatform.training.model.Normalizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns beats into DL4J {@link MultiDataSet}s for {@code BeatNetwork}: features {@code wave}
 * [n, leads, windowSamples] (NCW) and {@code rr} [n, rrFeatures], both normalised, and one-hot
 * labels [n, classes] in AAMI label-index order.
 *
 * <p>With a {@link RecordBalance}, a beat's one-hot label holds its loss weight instead of 1. The
 * network's loss ({@code LossMCXENT} with a class-weight vector, which {@code BeatNetwork} always
 * passes) is linear in the labels, score and gradient alike, so the beat's loss term is scaled by
 * the weight. A label mask would not do: DL4J also multiplies the output layer's pre-activations
 * by a mask, which for a value other than 0 or 1 rescales the logits.
 */
public final class BeatBatcher {
  private BeatBatcher() {}

  public static MultiDataSet toMultiDataSet(List<Beat> beats, Normalizer norm, int windowSamples, int classCount) {
    return toMultiDataSet(beats, norm, windowSamples, classCount, RecordBalance.OFF);
  }

  /** Like {@link #toMultiDataSet(List, Normalizer, int, int)}, every beat weighed by {@code balance}. */
  public static MultiDataSet toMultiDataSet(List<Beat> beats, Normalizer norm, int windowSamples, int classCount,
      RecordBalance balance) {
    int n = beats.size();
    int leads = norm.leadCount();
    int features = norm.rrMean().length;
    int width = leads * windowSamples;
    float[] wave = new float[n * width];
    float[] rr = new float[n * features];
    float[] labels = new float[n * classCount];
    for (int i = 0; i < n; i++) {
      Beat b = beats.get(i);
      if (b.window().length != width) {
        throw new IllegalArgumentException(
            "Cannot batch beat: window has " + b.window().length + " values, expected " + leads + " x " + windowSamples);
      }
      if (b.label() < 0 || b.label() >= classCount) {
        throw new IllegalArgumentException("Cannot batch beat: label " + b.label() + " outside 0.." + (classCount - 1));
      }
      norm.normalizeWindow(b.window(), b.rr(), wave, i * width);
      norm.normalizeRr(b.window(), b.rr(), rr, i * features);
      labels[i * classCount + b.label()] = balance.weight(b.record(), b.label());
    }
    INDArray waveArr = Nd4j.create(wave, new long[] {n, leads, windowSamples}, 'c');
    INDArray rrArr = Nd4j.create(rr, new long[] {n, features}, 'c');
    INDArray labelArr = Nd4j.create(labels, new long[] {n, classCount}, 'c');
    return new MultiDataSet(new INDArray[] {waveArr, rrArr}, new INDArray[] {labelArr});
  }
}
