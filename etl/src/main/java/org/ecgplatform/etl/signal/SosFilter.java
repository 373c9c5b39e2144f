package org.ecgplatform.etl.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An IIR filter as a cascade of second-order sections ("biquads"), each normalised so that
 * {@code a0 = 1}, run in transposed direct form II. First-order sections are stored as biquads with
 * {@code b2 = a2 = 0}.
 *
 * <p>Instances are immutable; {@link #filter} is causal (it delays the signal), {@link
 * ZeroPhase#filtfilt} runs it forward and backward for zero phase.
 */
public final class SosFilter {
  /** One section {@code (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)}. */
  public record Section(double b0, double b1, double b2, double a1, double a2) {
    /** Gain at 0 Hz, {@code B(1)/A(1)}. */
    public double dcGain() {
      return (b0 + b1 + b2) / (1.0 + a1 + a2);
    }
  }

  private final List<Section> sections;

  public SosFilter(List<Section> sections) {
    if (sections.isEmpty()) {
      throw new IllegalArgumentException("Cannot build IIR filter: no sections (give at least one)");
    }
    this.sections = List.copyOf(sections);
  }

  /** Cascade of this filter followed by {@code next}. */
  public SosFilter then(SosFilter next) {
    List<Section> all = new ArrayList<>(sections);
    all.addAll(next.sections);
    return new SosFilter(all);
  }

  public List<Section> sections() {
    return sections;
  }

  /** Number of poles of the whole cascade (2 per biquad, 1 per first-order section). */
  public int order() {
    int order = 0;
    for (Section s : sections) {
      order += s.a2() != 0.0 || s.b2() != 0.0 ? 2 : 1;
    }
    return order;
  }

  /**
   * Filters {@code x} in place, causally. With {@code steadyStateStart} the sections' state starts
   * as if {@code x[0]} had been applied forever (SciPy's {@code lfilter_zi} scaled by {@code x[0]}),
   * which removes the start-up transient of a signal with a DC offset.
   */
  public void filterInPlace(double[] x, boolean steadyStateStart) {
    if (x.length == 0) {
      return;
    }
    double level = x[0];
    for (Section s : sections) {
      double z1 = 0.0;
      double z2 = 0.0;
      if (steadyStateStart) {
        double g = s.dcGain();
        z2 = (s.b2() - s.a2() * g) * level;
        z1 = (s.b1() + s.b2() - (s.a1() + s.a2()) * g) * level;
        level *= g;
      }
      double b0 = s.b0();
      double b1 = s.b1();
      double b2 = s.b2();
      double a1 = s.a1();
      double a2 = s.a2();
      for (int i = 0; i < x.length; i++) {
        double in = x[i];
        double out = b0 * in + z1;
        z1 = b1 * in - a1 * out + z2;
        z2 = b2 * in - a2 * out;
        x[i] = out;
      }
    }
  }

  /** A filtered copy of {@code x}, starting from zero state (pure causal response). */
  public double[] filter(double[] x) {
    double[] y = Arrays.copyOf(x, x.length);
    filterInPlace(y, false);
    return y;
  }

  /** Magnitude of the frequency response at {@code freqHz} for sampling rate {@code fsHz}. */
  public double magnitudeAt(double freqHz, double fsHz) {
    double w = 2.0 * Math.PI * freqHz / fsHz;
    double c1 = Math.cos(w);
    double s1 = Math.sin(w);
    double c2 = Math.cos(2 * w);
    double s2 = Math.sin(2 * w);
    double mag = 1.0;
    for (Section s : sections) {
      double nr = s.b0() + s.b1() * c1 + s.b2() * c2;
      double ni = -(s.b1() * s1 + s.b2() * s2);
      double dr = 1.0 + s.a1() * c1 + s.a2() * c2;
      double di = -(s.a1() * s1 + s.a2() * s2);
      mag *= Math.hypot(nr, ni) / Math.hypot(dr, di);
    }
    return mag;
  }
}
