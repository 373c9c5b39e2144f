package org.ecgplatform.training.bench;

import java.io.IOException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.ecgplatform.training.model.ReusingConvolution1D;
import org.ecgplatform.training.model.RowConvolution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One lever on its own: a training step's forward and backward pass through each convolution of
 * the per-beat network (2 → 16 channels, kernel 7, 256 samples; 16 → 32, kernel 5, 128 samples;
 * batch 128), with DL4J's {@code Convolution1DLayer} and with {@link ReusingConvolution1D} (with the
 * input gradient, as conv2 runs, and without, as conv1 runs), on the same tensors, interleaved rounds;
 * then the sequence network's two 1 × k convolutions over every beat window (2 → 16 channels, kernel
 * 7, stride 2, 256 samples; 16 → 32, kernel 5, 64 samples; 128 beats) with DL4J's
 * {@code ConvolutionLayer} and with {@link RowConvolution}, a training step and a scoring pass.
 * Prints milliseconds per step and the largest difference of the weight and input gradients from
 * DL4J's; writes {@code training/target/bench/convolution-backward.txt}. Not a test. Run with
 * {@code OMP_NUM_THREADS=1}:
 *
 * <pre>
 * java -cp ... org.ecgplatform.training.bench.ConvolutionBackwardBenchmark [steps per round] [rounds] [batch]
 * </pre>
 */
public final class ConvolutionBackwardBenchmark {
  private ConvolutionBackwardBenchmark() {}

  public static void main(String[] args) throws IOException {
    int steps = BenchReport.intArg(args, 0, 40);
    int rounds = BenchReport.intArg(args, 1, 3);
    int batch = BenchReport.intArg(args, 2, 128);
    BenchReport report = new BenchReport();
    report.line("ConvolutionBackwardBenchmark: batch %d, %d steps per round, %d rounds; OMP_NUM_THREADS=%s;"
        + " load average %.1f", batch, steps, rounds, System.getenv("OMP_NUM_THREADS"), BenchReport.load());
    // the per-beat network's layers: {in, out, kernel, samples}
    for (int[] s : new int[][] {{2, 16, 7, 256}, {16, 32, 5, 128}}) {
      Convolution1DLayer plain = new Convolution1DLayer.Builder(s[2]).nIn(s[0]).nOut(s[1])
          .convolutionMode(ConvolutionMode.Same).rnnDataFormat(RNNFormat.NCW).activation(Activation.RELU).build();
      Layer[] layers = {layer(plain), layer(ReusingConvolution1D.of(plain)),
          layer(ReusingConvolution1D.of(plain).withInputGradient(false))};
      compare(report, String.format("layer %d -> %d channels, kernel %d, %d samples", s[0], s[1], s[2], s[3]),
          new String[] {"DL4J Convolution1DLayer", "ReusingConvolution1D", "ReusingConvolution1D, no input gradient"},
          layers, new long[] {batch, s[0], s[3]}, new long[] {batch, s[1], s[3]}, steps, rounds, false);
    }
    // the sequence network's layers over every beat window: {in, out, kernel, stride, samples}
    for (int[] s : new int[][] {{2, 16, 7, 2, 256}, {16, 32, 5, 1, 64}}) {
      ConvolutionLayer plain = new ConvolutionLayer.Builder(new int[] {1, s[2]}, new int[] {1, s[3]}).nIn(s[0]).nOut(s[1])
          .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build();
      Layer[] layers = {rowLayer(plain, s[0], s[4]), rowLayer(RowConvolution.of(plain), s[0], s[4]),
          rowLayer(RowConvolution.of(plain).withInputGradient(false), s[0], s[4])};
      compare(report, String.format("row convolution %d -> %d channels, 1 x %d kernel, stride %d, %d samples", s[0], s[1],
          s[2], s[3], s[4]), new String[] {"DL4J ConvolutionLayer", "RowConvolution", "RowConvolution, no input gradient"},
          layers, new long[] {batch, s[0], 1, s[4]}, new long[] {batch, s[1], 1, (s[4] + s[3] - 1) / s[3]}, steps, rounds,
          true);
    }
    report.write("convolution-backward.txt");
  }

  /**
   * DL4J's layer ({@code layers[0]}) against the others on the same tensors: the largest gradient
   * differences, then per round a training step of each and, with {@code scoring}, a scoring pass of
   * the first two.
   */
  private static void compare(BenchReport report, String label, String[] kinds, Layer[] layers, long[] inShape,
      long[] outShape, int steps, int rounds, boolean scoring) {
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.randn(DataType.FLOAT, inShape);
    INDArray eps = Nd4j.randn(DataType.FLOAT, outShape);
    INDArray[] weightGrad = new INDArray[layers.length];
    INDArray[] inputGrad = new INDArray[layers.length];
    for (int k = 0; k < layers.length; k++) {
      INDArray[] g = step(layers[k], x, eps);
      weightGrad[k] = g[0].dup();
      inputGrad[k] = g[1].dup();
    }
    report.line("%s: largest difference from DL4J's gradients: weights %.2g, input %.2g (of %.2g)", label,
        diff(weightGrad[1], weightGrad[0]), diff(inputGrad[1], inputGrad[0]), inputGrad[0].amaxNumber().doubleValue());
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    for (int r = 1; r <= rounds; r++) {
      for (int k = 0; k < layers.length; k++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          step(layers[k], x, eps);
        }
        report.line("  round %d %-40s %7.2f ms per step (forward and backward)  load %.1f", r, kinds[k],
            (System.nanoTime() - t0) / 1e6 / steps, BenchReport.load());
      }
      for (int k = 0; scoring && k < 2; k++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          layers[k].activate(x, false, none);
        }
        report.line("  round %d %-40s %7.2f ms per scoring pass", r, kinds[k], (System.nanoTime() - t0) / 1e6 / steps);
      }
    }
  }

  /**
   * A 1 × k layer on [n, channels, 1, length] input inside a one-layer graph (for its parameters and
   * gradient arrays), seeded alike.
   */
  public static Layer rowLayer(ConvolutionLayer conf, long channels, long length) {
    ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
        .addInputs("in").setInputTypes(InputType.convolutional(1, length, channels)).addLayer("conv", conf, "in")
        .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "conv")
        .setOutputs("out").build());
    g.init();
    g.initGradientsView();
    return g.getLayer("conv");
  }

  /** The layer inside a one-layer graph (for its parameters and gradient arrays), seeded alike. */
  private static Layer layer(Convolution1DLayer conf) {
    ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
        .addInputs("in").addLayer("conv", conf, "in")
        .addLayer("out", new RnnOutputLayer.Builder().nIn(conf.getNOut()).nOut(2).activation(Activation.SOFTMAX).build(),
            "conv")
        .setOutputs("out").build());
    g.init();
    g.initGradientsView();
    return g.getLayer("conv");
  }

  /** One training step's pass through the layer: the weight gradient and the input gradient. */
  private static INDArray[] step(Layer layer, INDArray x, INDArray eps) {
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    layer.activate(x, true, none);
    var r = layer.backpropGradient(eps, none);
    return new INDArray[] {r.getFirst().getGradientFor("W"), r.getSecond()};
  }

  private static double diff(INDArray a, INDArray b) {
    return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
  }
}
