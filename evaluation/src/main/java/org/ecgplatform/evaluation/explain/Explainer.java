package org.ecgplatform.evaluation.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.rhythm.AfGate;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.Saliency;
import org.ecgplatform.training.model.SaliencyMethod;

/**
 * Runs the model on each beat's context and computes the saliency of its decision; checks that the
 * model decides as the evaluation recorded (the same model on the same inputs gives the same
 * probabilities), so a wrong {@code --model} or {@code --dataset} is an error, not a misleading
 * picture.
 */
public final class Explainer {
  /** Largest difference allowed between a recomputed and a recorded probability. */
  public static final float PROBABILITY_TOLERANCE = 0.01f;

  private Explainer() {}

  public static List<Explanation> explain(BeatModel model, List<BeatContext> contexts, SaliencyMethod method, int steps) {
    List<float[][]> windows = new ArrayList<>(contexts.size());
    List<float[][]> rr = new ArrayList<>(contexts.size());
    int[] targets = new int[contexts.size()];
    for (int i = 0; i < contexts.size(); i++) {
      BeatContext c = contexts.get(i);
      float[][] w = new float[c.sequence().size()][];
      float[][] r = new float[c.sequence().size()][];
      for (int b = 0; b < w.length; b++) {
        w[b] = c.sequence().get(b).window();
        r[b] = c.sequence().get(b).rr();
      }
      windows.add(w);
      rr.add(r);
      targets[i] = c.target();
    }
    List<Saliency> saliency = model.saliency(windows, rr, targets, method, steps);
    List<Explanation> out = new ArrayList<>(contexts.size());
    for (int i = 0; i < contexts.size(); i++) {
      Explanation e = new Explanation(contexts.get(i), saliency.get(i));
      check(e);
      out.add(e);
    }
    return out;
  }

  /**
   * The recomputed probabilities must be the evaluation's: the model's own, or, for a beat the
   * irregular-rhythm gate placed in an irregular rhythm, the same with S's probability moved to N
   * ({@link AfGate#suppress}).
   */
  static void check(Explanation e) {
    float[] recorded = e.error().probabilities();
    float[] now = e.saliency().probabilities();
    boolean same = now.length == recorded.length
        && (maxDifference(recorded, now) <= PROBABILITY_TOLERANCE || maxDifference(recorded,
            AfGate.suppress(now, AamiClass.S.ordinal(), AamiClass.N.ordinal())) <= PROBABILITY_TOLERANCE);
    if (!same) {
      throw new EcgPlatformException("Cannot explain " + e.error().where() + ": the model gives " + probabilities(now)
          + " (or, where the AF gate moved S to N, that with S at 0) but the evaluation recorded " + probabilities(recorded)
          + " (is --model the model that was evaluated, and --dataset the dataset it scored?)");
    }
  }

  private static float maxDifference(float[] a, float[] b) {
    float worst = 0;
    for (int c = 0; c < a.length; c++) {
      worst = Math.max(worst, Math.abs(a[c] - b[c]));
    }
    return worst;
  }

  /** {@code N 0.81, S 0.12, ...}. */
  public static String probabilities(float[] p) {
    List<String> parts = new ArrayList<>();
    for (int c = 0; c < p.length; c++) {
      parts.add(AamiClass.ofIndex(c) + " " + String.format(Locale.ROOT, "%.3f", p[c]));
    }
    return String.join(", ", parts);
  }
}
