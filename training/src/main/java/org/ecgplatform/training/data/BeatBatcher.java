package org.ecgplatform.training.data;

import java.util.List;
import org.ecgplatform.training.model.Normalizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns beats into DL4J {@link MultiDataSet}s for {@code BeatNetwork}: features {@code wave}
 * [n, leads, windowSamples] (NCW) and {@code rr} [n, rrFeatures], both normalised, and one-hot
 * labels [n, classes] in AAMI label-index order; with a {@link RecordBalance}, each beat's loss weight
 * as the labels' mask [n, 1].
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
    float[] weights = balance.enabled() ? new float[n] : null;
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
      labels[i * classCount + b.label()] = 1f;
      if (weights != null) {
        weights[i] = balance.weight(b.record(), b.label());
      }
    }
    INDArray waveArr = Nd4j.create(wave, new long[] {n, leads, windowSamples}, 'c');
    INDArray rrArr = Nd4j.create(rr, new long[] {n, features}, 'c');
    INDArray labelArr = Nd4j.create(labels, new long[] {n, classCount}, 'c');
    INDArray[] labelMasks = weights == null ? null : new INDArray[] {Nd4j.create(weights, new long[] {n, 1}, 'c')};
    return new MultiDataSet(new INDArray[] {waveArr, rrArr}, new INDArray[] {labelArr}, null, labelMasks);
  }
}
