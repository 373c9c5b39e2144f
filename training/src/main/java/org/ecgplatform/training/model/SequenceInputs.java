package org.ecgplatform.training.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inputs of {@link SequenceNetwork} for a batch of sequences of consecutive beats: {@code wave}
 * [n, leads·windowSamples, T] and {@code rr} [n, rrFeatures, T] (NCW, normalised with the training
 * statistics) and the mask [n, T] (1 for a beat, 0 for padding), {@code T} the longest sequence.
 *
 * @param wave normalised beat windows, one time step per beat
 * @param rr normalised (encoded) RR features, one time step per beat
 * @param mask which time steps hold beats
 * @param steps T
 */
public record SequenceInputs(INDArray wave, INDArray rr, INDArray mask, int steps) {


  /**
   * Normalised inputs for sequences of raw windows and RR rows; shorter sequences are padded with
   * zeros at the end and masked.
   */
  public static SequenceInputs of(List<float[][]> windows, List<float[][]> rr, Normalizer norm) {
    int n = windows.size();
    int t = 0;
    for (float[][] w : windows) {
      t = Math.max(t, w.length);
    }
    int width = -1;
    int features = norm.rrMean().length;
    float[] beat = null;
    float[] rrBeat = new float[features];
    float[] wave = null;
    float[] rrFlat = new float[n * features * t];
    float[] mask = new float[n * t];
    for (int i = 0; i < n; i++) {
      float[][] seq = windows.get(i);
      float[][] seqRr = rr.get(i);
      if (seqRr.length != seq.length) {
        throw new IllegalArgumentException(
            "Cannot batch sequence " + i + ": " + seq.length + " windows but " + seqRr.length + " RR rows");
      }
      for (int s = 0; s < seq.length; s++) {
        if (width < 0) {
          width = seq[s].length;
          beat = new float[width];
          wave = new float[n * width * t];
        } else if (seq[s].length != width) {
          throw new IllegalArgumentException(
              "Cannot batch sequence " + i + ": beat " + s + " has " + seq[s].length + " values, others " + width);
        }
        norm.normalizeWindow(seq[s], seqRr[s], beat, 0);
        int base = i * width * t + s;
        for (int f = 0; f < width; f++) {
          wave[base + f * t] = beat[f];
        }
        norm.normalizeRr(seq[s], seqRr[s], rrBeat, 0);
        int rbase = i * features * t + s;
        for (int f = 0; f < features; f++) {
          rrFlat[rbase + f * t] = rrBeat[f];
        }
        mask[i * t + s] = 1f;
      }
    }
    if (width < 0) {
      throw new IllegalArgumentException("Cannot batch sequences: no beats");
    }
    return new SequenceInputs(Nd4j.create(wave, new long[] {n, width, t}, 'c'),
        Nd4j.create(rrFlat, new long[] {n, features, t}, 'c'), Nd4j.create(mask, new long[] {n, t}, 'c'), t);
  }

  /**
   * The model's output for a batch of sequences ([n, classes, T], NCW) as rows: per sequence, one
   * row of class probabilities for each of its {@code lengths[s]} beats (the padding left out).
   */
  public static float[][][] perBeat(INDArray probs, int[] lengths) {
    int classes = (int) probs.size(1);
    int t = (int) probs.size(2);
    float[] flat = probs.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
    float[][][] out = new float[lengths.length][][];
    for (int s = 0; s < lengths.length; s++) {
      out[s] = new float[lengths[s]][classes];
      for (int i = 0; i < lengths[s]; i++) {
        for (int c = 0; c < classes; c++) {
          out[s][i][c] = flat[(s * classes + c) * t + i];
        }
      }
    }
    return out;
  }
}
