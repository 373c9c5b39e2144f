package org.ecgplatform.training.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.dataset.DatasetSchema;

/**
 * Ends a beat's window before the next beat begins ({@code training.window-cut-before-next-s}).
 *
 * <p>The dataset's window runs a fixed time after the beat's fiducial point (0.46 s by default). When
 * the next beat comes sooner, the window also holds the start of that beat, and the network sees two
 * beats: a normal beat before a premature ventricular beat carries the next beat's QRS. With a cut,
 * every sample from {@code beforeNextS} seconds before the next beat's fiducial point to the end of
 * the window holds the last value before that point, in every channel (the record template's
 * channels too, so that the beat and its template stay comparable). The next beat's place comes
 * from the beat's own {@code rr_next_s} column: the same information the network already receives
 * as an RR feature, and known wherever the window is (a streaming scorer waits for the window's end,
 * by which time the next beat has been detected).
 *
 * <p>The cut is placed from the window's nominal fiducial point ({@code samplesBefore}); a training
 * copy that the ETL's shift augmentation moved by a few samples is cut at the same place.
 *
 * <p>Pure function of one beat's raw window and RR columns; stored in the model's {@link Normalizer}
 * so that training, evaluation and saliency apply the same cut.
 *
 * @param beforeNextS seconds before the next beat's fiducial point where the window ends; negative:
 *     no cut ({@link #OFF})
 * @param fsHz sampling rate of the windows
 * @param samplesBefore window samples before the beat's fiducial point
 * @param rrNextColumn index of {@code rr_next_s} among the dataset's RR columns
 */
public record WindowCut(double beforeNextS, int fsHz, int samplesBefore, int rrNextColumn) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No cut: windows are used as the dataset holds them. */
  public static final WindowCut OFF = new WindowCut(-1, 0, 0, -1);

  public WindowCut {
    if (beforeNextS >= 0 && (fsHz <= 0 || samplesBefore < 0 || rrNextColumn < 0)) {
      throw new IllegalArgumentException("Cannot build window cut: fsHz " + fsHz + ", samplesBefore " + samplesBefore
          + ", rrNextColumn " + rrNextColumn);
    }
  }

  /**
   * The cut a training configuration asks for, placed in a dataset's windows.
   *
   * @param beforeNextS the setting; negative: {@link #OFF}
   * @param rrColumns the dataset's RR columns, which must hold {@code rr_next_s} when cutting
   * @param source the dataset, named in the error
   * @throws ConfigException when cutting and the dataset has no {@code rr_next_s} column
   */
  public static WindowCut of(double beforeNextS, int fsHz, int samplesBefore, List<String> rrColumns, String source) {
    if (beforeNextS < 0) {
      return OFF;
    }
    int column = rrColumns.indexOf(DatasetSchema.RR_NEXT);
    if (column < 0) {
      throw new ConfigException("Cannot use training.window-cut-before-next-s with " + source
          + ": it needs the RR column " + DatasetSchema.RR_NEXT + ", the dataset has " + rrColumns);
    }
    return new WindowCut(beforeNextS, fsHz, samplesBefore, column);
  }

  /** Whether windows are cut at all. */
  public boolean enabled() {
    return beforeNextS >= 0;
  }

  /**
   * First sample of each channel that is replaced, for a window of {@code samples} per channel and
   * this beat's RR columns; {@code samples} when nothing is (no cut, the next beat lies beyond the
   * window, or its interval is not a positive number).
   */
  public int cutIndex(int samples, float[] rrColumns) {
    if (!enabled()) {
      return samples;
    }
    double next = rrColumns[rrNextColumn];
    if (!(next > 0)) {
      return samples;
    }
    long index = samplesBefore + Math.round((next - beforeNextS) * fsHz);
    // Keep at least the fiducial point itself.
    return (int) Math.max(samplesBefore + 1, Math.min(samples, index));
  }

  /**
   * The window with the cut applied: {@code window} itself when nothing is cut, else a copy in
   * which each channel's samples from {@link #cutIndex} on hold the value just before it.
   *
   * @param window lead-major window of {@code channels} channels
   */
  public float[] apply(float[] window, int channels, float[] rrColumns) {
    int samples = window.length / channels;
    int cut = cutIndex(samples, rrColumns);
    if (cut >= samples) {
      return window;
    }
    float[] out = window.clone();
    for (int c = 0; c < channels; c++) {
      int base = c * samples;
      Arrays.fill(out, base + cut, base + samples, window[base + cut - 1]);
    }
    return out;
  }
}
