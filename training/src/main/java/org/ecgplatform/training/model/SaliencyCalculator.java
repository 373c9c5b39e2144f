package org.ecgplatform.training.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.ecgplatform.common.EcgPlatformException;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Computes {@link Saliency} for a {@link BeatModel}'s graph from input gradients.
 *
 * <p>Input gradients: DL4J 1.0.0-M2's {@code ComputationGraph} has no call that returns them (its
 * {@code calculateGradients} came later; in M2 only {@code MultiLayerNetwork} has one). Its backward
 * pass does set each input vertex's gradient as that vertex's epsilon, and clears every vertex when
 * it ends; a training listener's {@code onBackwardPass} runs in between and copies them. So a
 * private copy of the graph is made once, with
 *
 * <ul>
 *   <li>workspaces off (the epsilons are then plain arrays that can be copied) and the capturing
 *       listener;
 *   <li>an unweighted cross-entropy loss (training's class weights would scale the gradient). With
 *       a softmax output, the loss of a one-hot label on class {@code c} is {@code -log p(c)}, so the
 *       captured gradient is {@code -∂ log p(c) / ∂ input};
 *   <li>no dropout ({@code training.dropout}, {@code training.sequence.dropout}): the backward
 *       pass runs the forward pass in training mode, which would drop inputs at random; the network
 *       explained is the one that scores, without it;
 * </ul>
 *
 * and each explained beat goes through these steps:
 *
 * <ol>
 *   <li>its inputs are normalised as for scoring: the beat alone for the per-beat model ({@code wave}
 *       [k, C, W], {@code rr} [k, R]); its whole sequence for the beat-sequence model ({@code wave}
 *       [k, C·W, T], {@code rr} [k, R, T], masks [k, T]), the label mask holding only the explained
 *       beat, so the gradient is that of its output alone;
 *   <li>a forward pass gives the probabilities and the predicted class {@code c};
 *   <li>{@link SaliencyMethod#GRADIENT}: one backward pass at the input; values are brought back to
 *       physical units through the normaliser (divided by each lead's standard deviation);
 *   <li>{@link SaliencyMethod#INTEGRATED_GRADIENTS}: {@code k = steps} copies of the input scaled by
 *       {@code α = (i - ½) / k} (the midpoint rule on the path from the zero baseline, i.e. the
 *       training means) go through one batched backward pass; the mean gradient times the normalised
 *       input is the attribution; a forward pass at the baseline gives {@code log p(c | baseline)}.
 * </ol>
 *
 * <p>Not thread-safe (the caller, {@link BeatModel}, synchronises).
 */
final class SaliencyCalculator {
  private final ComputationGraph graph;
  private final ModelMetadata metadata;
  private final InputGradientCapture capture = new InputGradientCapture();

  SaliencyCalculator(ComputationGraph trained, ModelMetadata metadata) {
    this.metadata = metadata;
    this.graph = trained.clone();
    graph.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
    graph.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
    graph.setListeners(capture);
    org.deeplearning4j.nn.conf.layers.Layer out = graph.getOutputLayer(0).conf().getLayer();
    if (!(out instanceof BaseOutputLayer o) || !(o.getActivationFn() instanceof ActivationSoftmax)) {
      throw new EcgPlatformException("Cannot compute saliency: the model's output layer is not a softmax output layer ("
          + out.getClass().getSimpleName() + ")");
    }
    o.setLossFn(new LossMCXENT());
    for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
      layer.conf().getLayer().setIDropout(null);
      if (layer.conf().getLayer() instanceof InputGradientSetting conv) {
        conv.setInputGradient(true);
      }
    }
  }

  /**
   * One normalised sequence: [beat][value] for the window and the encoded RR inputs, and [beat][channel]
   * the factor each raw channel was scaled by before normalising ({@link RecordAmplitude}).
   */
  private record Example(float[][] wave, float[][] rr, int target, float[][] scale) {
    int beats() {
      return wave.length;
    }
  }

  /** What one batched pass returns for each scaled copy: the target's probabilities and the input gradients. */
  private record Pass(float[][] probabilities, float[][][] wave, float[][][] rr) {}

  /** One {@link Saliency} per sequence, explaining beat {@code targets[s]} of sequence {@code s}. */
  List<Saliency> compute(List<float[][]> windows, List<float[][]> rr, int[] targets, SaliencyMethod method, int steps) {
    if (windows.size() != rr.size() || windows.size() != targets.length) {
      throw new IllegalArgumentException("Cannot compute saliency: " + windows.size() + " window sequences, " + rr.size()
          + " RR sequences, " + targets.length + " targets");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("Cannot compute saliency: " + steps + " integration steps (at least 1)");
    }
    List<Saliency> out = new ArrayList<>(targets.length);
    for (int s = 0; s < targets.length; s++) {
      Example e = normalise(windows.get(s), rr.get(s), targets[s], s);
      out.add(method == SaliencyMethod.GRADIENT ? gradient(e) : integrated(e, steps));
    }
    return out;
  }

  private Example normalise(float[][] windows, float[][] rr, int target, int s) {
    int width = metadata.leadCount() * metadata.windowSamples();
    if (windows.length != rr.length) {
      throw new IllegalArgumentException(
          "Cannot compute saliency: sequence " + s + " has " + windows.length + " windows but " + rr.length + " RR rows");
    }
    if (target < 0 || target >= windows.length) {
      throw new IllegalArgumentException("Cannot compute saliency: target beat " + target + " of sequence " + s
          + " outside its " + windows.length + " beats");
    }
    Normalizer norm = metadata.normalizer();
    float[][] wave = new float[windows.length][width];
    float[][] rrNorm = new float[windows.length][norm.rrMean().length];
    float[][] scale = new float[windows.length][];
    for (int t = 0; t < windows.length; t++) {
      if (windows[t].length != width) {
        throw new IllegalArgumentException("Cannot compute saliency: a window has " + windows[t].length
            + " values, the model expects " + metadata.leadCount() + " leads x " + metadata.windowSamples() + " samples");
      }
      norm.normalizeWindow(windows[t], rr[t], wave[t], 0);
      norm.normalizeRr(windows[t], rr[t], rrNorm[t], 0);
      scale[t] = norm.recordAmplitude().factors(windows[t], metadata.leadCount());
    }
    return new Example(wave, rrNorm, target, scale);
  }

  private Saliency gradient(Example e) {
    float[] p = pass(e, new float[] {1f}, -1).probabilities()[0];
    int c = Probabilities.argMax(p);
    Pass g = pass(e, new float[] {1f}, c);
    int beats = e.beats();
    float[] beatWindow = new float[beats];
    float[] beatRr = new float[beats];
    float[][] perMv = new float[beats][];
    for (int t = 0; t < beats; t++) {
      perMv[t] = toPerMillivolt(g.wave()[0][t], e.scale()[t]);
      beatWindow[t] = sumAbs(perMv[t]);
      beatRr[t] = sumAbs(g.rr()[0][t]);
    }
    return new Saliency(SaliencyMethod.GRADIENT, e.target(), c, p, Double.NaN, channels(perMv[e.target()]),
        g.rr()[0][e.target()].clone(), rrFeatureNames(), beatWindow, beatRr);
  }

  private Saliency integrated(Example e, int steps) {
    float[] p = pass(e, new float[] {1f}, -1).probabilities()[0];
    int c = Probabilities.argMax(p);
    float baseline = pass(e, new float[] {0f}, -1).probabilities()[0][c];
    float[] alphas = new float[steps];
    for (int i = 0; i < steps; i++) {
      alphas[i] = (i + 0.5f) / steps;
    }
    Pass g = pass(e, alphas, c);
    int beats = e.beats();
    float[][] wave = new float[beats][e.wave()[0].length];
    float[][] rr = new float[beats][e.rr()[0].length];
    float[] beatWindow = new float[beats];
    float[] beatRr = new float[beats];
    for (int t = 0; t < beats; t++) {
      beatWindow[t] = attribute(g.wave(), t, e.wave()[t], wave[t]);
      beatRr[t] = attribute(g.rr(), t, e.rr()[t], rr[t]);
    }
    return new Saliency(SaliencyMethod.INTEGRATED_GRADIENTS, e.target(), c, p, Math.log(baseline),
        channels(wave[e.target()]), rr[e.target()], rrFeatureNames(), beatWindow, beatRr);
  }

  /** Input × mean gradient over the path for beat {@code t} into {@code out}; returns their sum. */
  private static float attribute(float[][][] gradients, int t, float[] input, float[] out) {
    double sum = 0;
    for (int i = 0; i < input.length; i++) {
      double mean = 0;
      for (float[][] copy : gradients) {
        mean += copy[t][i];
      }
      out[i] = (float) (input[i] * mean / gradients.length);
      sum += out[i];
    }
    return (float) sum;
  }

  /**
   * The example scaled by each {@code alphas[k]}, in one batch: the target beat's probabilities for
   * each copy and, when {@code explained >= 0}, the gradients of {@code log p(explained)} with
   * respect to the normalised inputs, [copy][beat][value].
   */
  private Pass pass(Example e, float[] alphas, int explained) {
    // DL4J refuses a [1, 1] mask (one sequence of one beat): such a pass runs the copy twice.
    boolean lone = alphas.length == 1 && e.beats() == 1 && kind() == ModelKind.SEQUENCE;
    float[] a = lone ? new float[] {alphas[0], alphas[0]} : alphas;
    INDArray[] inputs = kind() == ModelKind.SEQUENCE ? sequenceInputs(e, a) : beatInputs(e, a);
    INDArray[] masks = kind() == ModelKind.SEQUENCE ? new INDArray[] {Nd4j.ones(DataType.FLOAT, a.length, e.beats()),
        Nd4j.ones(DataType.FLOAT, a.length, e.beats())} : null;
    float[] out = flat(graph.output(false, inputs, masks)[0]);
    int classes = metadata.classes().size();
    int steps = kind() == ModelKind.SEQUENCE ? e.beats() : 1;
    int target = kind() == ModelKind.SEQUENCE ? e.target() : 0;
    float[][] probabilities = new float[alphas.length][classes];
    for (int k = 0; k < alphas.length; k++) {
      for (int c = 0; c < classes; c++) {
        probabilities[k][c] = out[(k * classes + c) * steps + target];
      }
    }
    if (explained < 0) {
      return new Pass(probabilities, null, null);
    }
    INDArray[] grads = backward(inputs, labels(a.length, classes, steps, target, explained), masks,
        kind() == ModelKind.SEQUENCE ? labelMask(a.length, steps, target) : null);
    return new Pass(probabilities, unpack(flat(grads[0]), alphas.length, e, e.wave()[0].length),
        unpack(flat(grads[1]), alphas.length, e, e.rr()[0].length));
  }

  private ModelKind kind() {
    return metadata.network().kind();
  }

  /** Per-beat model: the target beat of each scaled copy, {@code wave} [k, C, W] and {@code rr} [k, R]. */
  private INDArray[] beatInputs(Example e, float[] alphas) {
    int width = e.wave()[0].length;
    int features = e.rr()[0].length;
    float[] wave = new float[alphas.length * width];
    float[] rr = new float[alphas.length * features];
    for (int k = 0; k < alphas.length; k++) {
      for (int i = 0; i < width; i++) {
        wave[k * width + i] = alphas[k] * e.wave()[e.target()][i];
      }
      for (int f = 0; f < features; f++) {
        rr[k * features + f] = alphas[k] * e.rr()[e.target()][f];
      }
    }
    return new INDArray[] {
        Nd4j.create(wave, new long[] {alphas.length, metadata.leadCount(), metadata.windowSamples()}, 'c'),
        Nd4j.create(rr, new long[] {alphas.length, features}, 'c')};
  }

  /** Beat-sequence model: every beat of each scaled copy, {@code wave} [k, C·W, T] and {@code rr} [k, R, T]. */
  private static INDArray[] sequenceInputs(Example e, float[] alphas) {
    int t = e.beats();
    int width = e.wave()[0].length;
    int features = e.rr()[0].length;
    float[] wave = new float[alphas.length * width * t];
    float[] rr = new float[alphas.length * features * t];
    for (int k = 0; k < alphas.length; k++) {
      for (int s = 0; s < t; s++) {
        for (int i = 0; i < width; i++) {
          wave[(k * width + i) * t + s] = alphas[k] * e.wave()[s][i];
        }
        for (int f = 0; f < features; f++) {
          rr[(k * features + f) * t + s] = alphas[k] * e.rr()[s][f];
        }
      }
    }
    return new INDArray[] {Nd4j.create(wave, new long[] {alphas.length, width, t}, 'c'),
        Nd4j.create(rr, new long[] {alphas.length, features, t}, 'c')};
  }

  /** Gradients in the network's layout back to [copy][beat][value]; the per-beat model's land on the target beat. */
  private float[][][] unpack(float[] flat, int copies, Example e, int width) {
    float[][][] out = new float[copies][e.beats()][width];
    if (kind() == ModelKind.SEQUENCE) {
      int t = e.beats();
      for (int k = 0; k < copies; k++) {
        for (int s = 0; s < t; s++) {
          for (int i = 0; i < width; i++) {
            out[k][s][i] = -flat[(k * width + i) * t + s];
          }
        }
      }
    } else {
      for (int k = 0; k < copies; k++) {
        for (int i = 0; i < width; i++) {
          out[k][e.target()][i] = -flat[k * width + i];
        }
      }
    }
    return out;
  }

  /** One-hot labels on class {@code c} of the target beat: [k, K, T] for the beat-sequence model, [k, K] otherwise. */
  private INDArray labels(int copies, int classes, int steps, int target, int c) {
    float[] labels = new float[copies * classes * steps];
    for (int k = 0; k < copies; k++) {
      labels[(k * classes + c) * steps + target] = 1f;
    }
    long[] shape = kind() == ModelKind.SEQUENCE ? new long[] {copies, classes, steps} : new long[] {copies, classes};
    return Nd4j.create(labels, shape, 'c');
  }

  private static INDArray labelMask(int copies, int steps, int target) {
    float[] mask = new float[copies * steps];
    for (int k = 0; k < copies; k++) {
      mask[k * steps + target] = 1f;
    }
    return Nd4j.create(mask, new long[] {copies, steps}, 'c');
  }

  /** One backward pass; the gradients of the loss with respect to the {@code wave} and {@code rr} inputs. */
  private INDArray[] backward(INDArray[] inputs, INDArray labels, INDArray[] featureMasks, INDArray labelMask) {
    try {
      graph.setInputs(inputs);
      graph.setLabels(labels);
      graph.setLayerMaskArrays(featureMasks, labelMask == null ? null : new INDArray[] {labelMask});
      capture.gradients = null;
      graph.computeGradientAndScore();
      if (capture.gradients == null) {
        throw new EcgPlatformException("Cannot compute saliency: the backward pass left no gradient at the model's inputs");
      }
      return capture.gradients;
    } finally {
      graph.clearLayerMaskArrays();
      graph.clear();
    }
  }

  /** Copies the input vertices' epsilons between the end of the backward pass and DL4J's clean-up. */
  private static final class InputGradientCapture extends BaseTrainingListener {
    private INDArray[] gradients;

    @Override
    public void onBackwardPass(Model model) {
      ComputationGraph g = (ComputationGraph) model;
      INDArray wave = g.getVertex(BeatNetwork.WAVE).getEpsilon();
      INDArray rr = g.getVertex(BeatNetwork.RR).getEpsilon();
      gradients = wave == null || rr == null ? null
          : new INDArray[] {wave.castTo(DataType.FLOAT).dup('c'), rr.castTo(DataType.FLOAT).dup('c')};
    }
  }

  /**
   * A normalised-input gradient of one beat's window, lead-major, as per mV of each lead, for a window
   * whose channels were multiplied by {@code scale} before normalising ({@link RecordAmplitude}; the
   * factor is held fixed, so a template sample's own part in its range is left out).
   */
  private float[] toPerMillivolt(float[] gradient, float[] scale) {
    Normalizer norm = metadata.normalizer();
    int w = metadata.windowSamples();
    float[] out = new float[gradient.length];
    for (int i = 0; i < gradient.length; i++) {
      double std = norm.leadStd()[i / w];
      out[i] = (float) (gradient[i] * scale[i / w] / (std < Normalizer.MIN_STD ? 1.0 : std));
    }
    return out;
  }

  /** A lead-major window as [channel][sample]. */
  private float[][] channels(float[] window) {
    int w = metadata.windowSamples();
    float[][] out = new float[metadata.leadCount()][];
    for (int c = 0; c < out.length; c++) {
      out[c] = java.util.Arrays.copyOfRange(window, c * w, (c + 1) * w);
    }
    return out;
  }

  private List<String> rrFeatureNames() {
    return metadata.normalizer().rrFeatureNames(metadata.rrFeatures());
  }

  private static float[] flat(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  private static float sumAbs(float[] a) {
    double s = 0;
    for (float v : a) {
      s += Math.abs(v);
    }
    return (float) s;
  }
}
