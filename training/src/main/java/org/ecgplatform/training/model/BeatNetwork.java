package org.ecgplatform.training.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The beat classifier: a small CNN+LSTM over the beat window, merged with the RR-interval features.
 * The same graph is trained in one JVM and with Spark parameter averaging, and mirrors the PyTorch
 * reference network {@code shared/bench/torch_ref_bench.py}.
 *
 * <p>Shapes ({@code n} examples, {@code C} leads, {@code W} window samples, {@code p} pool size):
 *
 * <pre>
 * wave [n, C, W] (NCW) ─ conv1 (k1, Same, ReLU)   → [n, F1, W]
 *                      ─ pool1 (max p, stride p)  → [n, F1, W/p]
 *                      ─ conv2 (k2, Same, ReLU)   → [n, F2, W/p]
 *                      ─ pool2 (max p, stride p)  → [n, F2, W/p²]
 *                      ─ lstm (H, tanh)           → [n, H, W/p²]   (DL4J's LSTM, or FusedLstm: cfg.lstm())
 *                      ─ last (last time step)    → [n, H]
 * rr   [n, R]          ─ merge(last, rr)          → [n, H + R]
 *                      ─ dense (D, ReLU)          → [n, D]
 *                      ─ out (softmax, weighted MCXENT) → [n, K]
 * </pre>
 *
 * <p>With {@code cfg.dropout() > 0} the inputs of dense and out are dropped at that rate while
 * training ({@code training.dropout}); scoring uses every input.
 *
 * <p>The two convolutions are DL4J's {@code Convolution1DLayer} with a cheaper backward pass
 * ({@link ReusingConvolution1D}; conv1 does not compute the gradient at the data), the two
 * poolings DL4J's {@code Subsampling1DLayer} computed by Java loops ({@link SeriesMaxPooling}).
 */
public final class BeatNetwork {
  /** Input name of the beat windows. */
  public static final String WAVE = "wave";
  /** Input name of the RR-interval features. */
  public static final String RR = "rr";
  /** Name of the softmax output layer. */
  public static final String OUTPUT = "out";

  private BeatNetwork() {}

  /**
   * Builds and initialises the graph.
   *
   * @param cfg sizes and optimiser settings
   * @param classWeights loss weight per class (length {@code cfg.classCount()}), or null for equal weights
   */
  public static ComputationGraph build(NetworkConfig cfg, double[] classWeights) {
    ComputationGraph graph = new ComputationGraph(configuration(cfg, classWeights));
    graph.init();
    return graph;
  }

  /** The graph configuration, for tests and for inspection. */
  public static ComputationGraphConfiguration configuration(NetworkConfig cfg, double[] classWeights) {
    double[] weights = weightsOrOnes(cfg, classWeights);
    return new NeuralNetConfiguration.Builder()
        .seed(cfg.seed())
        .updater(new Adam(cfg.learningRate()))
        .weightInit(WeightInit.XAVIER)
        .l2(cfg.l2())
        .graphBuilder()
        .addInputs(WAVE, RR)
        .setInputTypes(
            InputType.recurrent(cfg.leadCount(), cfg.windowSamples(), RNNFormat.NCW),
            InputType.feedForward(cfg.rrFeatureCount()))
        // [n, C, W] -> [n, F1, W]
        .addLayer("conv1", ReusingConvolution1D.of(new Convolution1DLayer.Builder(cfg.conv1Kernel())
            .nOut(cfg.conv1Filters()).convolutionMode(ConvolutionMode.Same)
            .rnnDataFormat(RNNFormat.NCW).activation(Activation.RELU).build()).withInputGradient(false), WAVE)
        // [n, F1, W] -> [n, F1, W/p]
        .addLayer("pool1", SeriesMaxPooling.of(new Subsampling1DLayer.Builder(PoolingType.MAX)
            .kernelSize(cfg.poolSize()).stride(cfg.poolSize()).build()), "conv1")
        // [n, F1, W/p] -> [n, F2, W/p]
        .addLayer("conv2", ReusingConvolution1D.of(new Convolution1DLayer.Builder(cfg.conv2Kernel())
            .nOut(cfg.conv2Filters()).convolutionMode(ConvolutionMode.Same)
            .rnnDataFormat(RNNFormat.NCW).activation(Activation.RELU).build()), "pool1")
        // [n, F2, W/p] -> [n, F2, W/p²]
        .addLayer("pool2", SeriesMaxPooling.of(new Subsampling1DLayer.Builder(PoolingType.MAX)
            .kernelSize(cfg.poolSize()).stride(cfg.poolSize()).build()), "conv2")
        // [n, F2, W/p²] -> [n, H, W/p²]
        .addLayer("lstm", lstm(cfg), "pool2")
        // [n, H, W/p²] -> [n, H]
        .addVertex("last", new LastTimeStepVertex(WAVE), "lstm")
        // [n, H] + [n, R] -> [n, H + R]
        .addVertex("merge", new MergeVertex(), "last", RR)
        // [n, H + R] -> [n, D]
        .addLayer("dense", dropout(new DenseLayer.Builder().nOut(cfg.denseUnits()).activation(Activation.RELU), cfg)
            .build(), "merge")
        // [n, D] -> [n, K]
        .addLayer(OUTPUT, dropout(new OutputLayer.Builder(new LossMCXENT(Nd4j.create(weights).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)))
            .nOut(cfg.classCount()).activation(Activation.SOFTMAX), cfg).build(), "dense")
        .setOutputs(OUTPUT)
        .build();
  }

  /**
   * Dropout of a layer's inputs while training, for either model kind (DL4J's argument is the
   * probability of keeping one).
   */
  static <B extends org.deeplearning4j.nn.conf.layers.Layer.Builder<B>> B dropout(B builder, NetworkConfig cfg) {
    return cfg.dropout() > 0 ? builder.dropOut(1 - cfg.dropout()) : builder;
  }

  /**
   * The LSTM layer of either model kind: DL4J's, or the same layer computed by the fused op (same
   * parameters either way), as {@code cfg.lstm()} says.
   */
  static LSTM lstm(NetworkConfig cfg) {
    LSTM lstm = new LSTM.Builder().nOut(cfg.lstmUnits()).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build();
    return cfg.lstm() == LstmImplementation.FUSED ? FusedLstm.of(lstm) : lstm;
  }

  /** {@code classWeights}, or all ones when null; checked against the class count. */
  static double[] weightsOrOnes(NetworkConfig cfg, double[] classWeights) {
    double[] weights = classWeights;
    if (weights == null) {
      weights = new double[cfg.classCount()];
      Arrays.fill(weights, 1.0);
    }
    if (weights.length != cfg.classCount()) {
      throw new IllegalArgumentException(
          "Cannot build network: " + weights.length + " class weights for " + cfg.classCount() + " classes");
    }
    return weights;
  }

  /**
   * Parameter count of the graph for {@code cfg}, computed from the layer formulas (conv: C·F·k + F;
   * LSTM: 4H(I + H + 1); dense: I·O + O). A test compares it with DL4J's own count.
   */
  public static long expectedParameterCount(NetworkConfig cfg) {
    long conv1 = (long) cfg.leadCount() * cfg.conv1Filters() * cfg.conv1Kernel() + cfg.conv1Filters();
    long conv2 = (long) cfg.conv1Filters() * cfg.conv2Filters() * cfg.conv2Kernel() + cfg.conv2Filters();
    long h = cfg.lstmUnits();
    long lstm = 4 * h * (cfg.conv2Filters() + h + 1);
    long dense = (h + cfg.rrFeatureCount()) * cfg.denseUnits() + cfg.denseUnits();
    long out = (long) cfg.denseUnits() * cfg.classCount() + cfg.classCount();
    return conv1 + conv2 + lstm + dense + out;
  }
}
