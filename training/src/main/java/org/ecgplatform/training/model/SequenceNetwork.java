package org.ecgplatform.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The beat-sequence classifier: a CNN that encodes every beat window with shared weights, and an
 * LSTM that runs across the consecutive beats of one record, with each beat's RR features as a
 * per-step input; one softmax per beat. Bidirectional for offline analysis, or causal (each beat
 * sees only the beats before it) for streaming use.
 *
 * <p>Shapes ({@code n} sequences of {@code T} beats, {@code C} channels, {@code W} window samples,
 * {@code s} first stride, {@code p} pool size, {@code W' = W/(s·p²)}). The CNN runs on every
 * beat, so it is where the time goes: a stride of 2 halves it, and loses nothing for windows at
 * 360 Hz low-passed at 40 Hz:
 *
 * <pre>
 * wave [n, C·W, T] ─ beats (BeatImages)          → [n·T, C, 1, W]   one "image" per beat
 *                  ─ conv1 (1×k1, stride s, Same, ReLU) → [n·T, F1, 1, W/s]
 *                  ─ pool1 (max 1×p)             → [n·T, F1, 1, W/(sp)]
 *                  ─ conv2 (1×k2, Same, ReLU)    → [n·T, F2, 1, W/(sp)]
 *                  ─ pool2 (max 1×p)             → [n·T, F2, 1, W']       (beat encoder flat, the default)
 *       or         ─ encoder (WindowSteps, LSTM H over the W' steps, last state) → [n·T, H]
 *                                                                          (beat encoder lstm)
 * rr   [n, R, T]   ─ merge(codes, rr) (BeatRows) → [n·T, F2·W' + R or H + R]  one row per beat
 *                  ─ embed (dense D per beat, ReLU; inputs dropped with p) → [n·T, D] → [n, D, T]
 *                  ─ lstm (H; bidirectional: 2H) → [n, H or 2H, T]   (FusedLstm or DL4J's LSTM: cfg.lstm())
 *                  ─ out (softmax per beat, weighted MCXENT; inputs dropped with p) → [n, K, T]
 * </pre>
 *
 * <p>conv1 and conv2 are {@link RowConvolution}s: DL4J's {@code ConvolutionLayer} computed by matrix
 * products over the kernel's taps (conv1 without the gradient at the data). pool1 and pool2 are
 * {@link RowMaxPooling}s: DL4J's {@code SubsamplingLayer} computed by Java loops ({@link MaxPooling}).
 *
 * <p>{@code cfg.beatEncoder()} ({@code training.sequence.beat-encoder}) says how a beat becomes the
 * vector the LSTM across beats reads: {@code flat} feeds the convolutions' output to the embedding;
 * {@code lstm} first runs an LSTM along the window, as the per-beat model ({@link BeatNetwork})
 * does, so each beat is encoded by the per-beat model's encoder.
 *
 * <p>Sequences of different lengths in one minibatch are padded at the end and masked (feature mask
 * of both inputs and label mask, [n, T]); the masks travel through the reshaping pre-processors,
 * except through the window LSTM, whose steps are all real: the merge ({@link BeatRowsVertex})
 * hands on the RR input's mask.
 *
 * <p>Rows of beats are time-major ({@code t·n + s}), as DL4J's reshaping pre-processors order
 * them. Models written before {@link BeatImagesPreProcessor} and {@link BeatRowsVertex} hold DL4J's
 * {@code RnnToCnnPreProcessor} at conv1, and a {@code steps} vertex ({@code CnnToRnnPreProcessor},
 * or {@code FeedForwardToRnnPreProcessor} after the window LSTM) and a merge ({@code MergeVertex}
 * or {@link SequenceMergeVertex}) in NCW before the embedding. They compute the same function with
 * the same parameters in the same order; {@link BeatModel} rewires them on loading ({@link
 * #beatRows}).
 *
 * <p>The LSTM is computed by {@link FusedLstm} ({@code training.network.lstm = fused}, the default)
 * or by DL4J's {@code LSTM} ({@code dl4j}); same parameters either way. Causal: the layer itself.
 * Bidirectional: DL4J's {@code Bidirectional(CONCAT, ·)} wrapper around it, so both halves are fused
 * (the wrapper feeds its backward half the time-reversed input and mask). One difference on padded
 * minibatches: DL4J's LSTM inside a graph never receives the mask, so the backward half of the
 * {@code dl4j} bidirectional layer starts its recurrence inside the padding of a shorter sequence;
 * the fused one starts at the sequence's last beat, as when the sequence is scored alone
 * ({@code SequenceLstmTest}). Causal models compute the same either way.
 */
public final class SequenceNetwork {
  private SequenceNetwork() {}

  /** Builds and initialises the graph. */
  public static ComputationGraph build(NetworkConfig cfg, double[] classWeights) {
    ComputationGraph graph = new ComputationGraph(configuration(cfg, classWeights));
    graph.init();
    return graph;
  }

  /**
   * A copy of {@code conf} rewired to {@link BeatImagesPreProcessor} and {@link BeatRowsVertex} if
   * it is a beat-sequence graph written before them (DL4J's {@code RnnToCnnPreProcessor} at conv1,
   * a {@code steps} vertex and a merge before the embedding): the same parameters in the same
   * order, so the same function (see the class comment), computed faster. Null for any other graph
   * (not copied then). {@link BeatModel#upToDate} applies it on loading.
   */
  static ComputationGraphConfiguration beatRows(ComputationGraphConfiguration conf) {
    Map<String, GraphVertex> vertices = conf.getVertices();
    Map<String, List<String>> inputs = conf.getVertexInputs();
    List<String> steps = inputs.get("steps");
    if (!(vertices.get("steps") instanceof PreprocessorVertex) || steps == null || steps.size() != 1
        || !(vertices.get("merge") instanceof MergeVertex) || !List.of("steps", BeatNetwork.RR).equals(inputs.get("merge"))
        || !(vertices.get("conv1") instanceof LayerVertex conv1) || !(conv1.getPreProcessor() instanceof RnnToCnnPreProcessor images)
        || images.getInputHeight() != 1 || images.getRnnDataFormat() != RNNFormat.NCW
        || !(vertices.get("embed") instanceof LayerVertex embed)
        || !(embed.getPreProcessor() instanceof RnnToFeedForwardPreProcessor toRows) || toRows.getRnnDataFormat() != RNNFormat.NCW) {
      return null;
    }
    ComputationGraphConfiguration c = conf.clone();
    ((LayerVertex) c.getVertices().get("conv1")).setPreProcessor(new BeatImagesPreProcessor(images.getNumChannels(), images.getInputWidth()));
    ((LayerVertex) c.getVertices().get("embed")).setPreProcessor(null);
    c.getVertices().remove("steps");
    c.getVertexInputs().remove("steps");
    c.getVertices().put("merge", new BeatRowsVertex());
    c.getVertexInputs().put("merge", new ArrayList<>(List.of(steps.get(0), BeatNetwork.RR)));
    c.setTopologicalOrder(null);
    c.setTopologicalOrderStr(null);
    return c;
  }

  /**
   * A graph of configuration {@code conf} with {@code graph}'s parameters (no updater state, so for
   * scoring), or {@code graph} itself when {@code conf} is null: how {@link BeatModel#upToDate}
   * builds a model written before from its rewired configuration.
   */
  static ComputationGraph rebuilt(ComputationGraph graph, ComputationGraphConfiguration conf) {
    if (conf == null) {
      return graph;
    }
    ComputationGraph rewired = new ComputationGraph(conf);
    rewired.init(graph.params(), true);
    return rewired;
  }

  /** The graph configuration. */
  public static ComputationGraphConfiguration configuration(NetworkConfig cfg, double[] classWeights) {
    double[] weights = BeatNetwork.weightsOrOnes(cfg, classWeights);
    int c = cfg.leadCount();
    int w = cfg.windowSamples();
    int p = cfg.poolSize();
    LSTM lstm = BeatNetwork.lstm(cfg);
    boolean bidirectional = cfg.direction() == SequenceDirection.BIDIRECTIONAL;
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .seed(cfg.seed())
        .updater(new Adam(cfg.learningRate()))
        .weightInit(WeightInit.XAVIER)
        .l2(cfg.l2())
        .graphBuilder()
        .addInputs(BeatNetwork.WAVE, BeatNetwork.RR)
        .setInputTypes(InputType.recurrent((long) c * w), InputType.recurrent(cfg.rrFeatureCount()))
        // [n, C·W, T] -> [n·T, C, 1, W] -> [n·T, F1, 1, W]
        .addLayer("conv1", RowConvolution.of(new ConvolutionLayer.Builder(new int[] {1, cfg.conv1Kernel()}, new int[] {1, cfg.conv1Stride()})
            .nOut(cfg.conv1Filters()).convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build())
            .withInputGradient(false), new BeatImagesPreProcessor(c, w), BeatNetwork.WAVE)
        // -> [n·T, F1, 1, W/p]
        .addLayer("pool1", RowMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
            .kernelSize(1, p).stride(1, p).build()), "conv1")
        // -> [n·T, F2, 1, W/p]
        .addLayer("conv2", RowConvolution.of(new ConvolutionLayer.Builder(1, cfg.conv2Kernel())
            .nOut(cfg.conv2Filters()).convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build()), "pool1")
        // -> [n·T, F2, 1, W']
        .addLayer("pool2", RowMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
            .kernelSize(1, p).stride(1, p).build()), "conv2");
    String codes = "pool2";
    if (cfg.beatEncoder() == BeatEncoder.LSTM) {
      // -> [n·T, F2, W'] -> [n·T, H] (the window LSTM's last state)
      b.addLayer("encoder", new LastTimeStep(BeatNetwork.lstm(cfg)), new WindowStepsPreProcessor(), "pool2");
      codes = "encoder";
    }
    // -> [n·T, F2·W' + R or H + R], one row per beat
    return b.addVertex("merge", new BeatRowsVertex(), codes, BeatNetwork.RR)
        // -> [n·T, D] -> [n, D, T]
        .addLayer("embed", BeatNetwork.dropout(new DenseLayer.Builder().nOut(cfg.denseUnits()).activation(Activation.RELU), cfg)
            .build(), "merge")
        // -> [n, H or 2H, T]
        .addLayer("lstm", bidirectional ? new Bidirectional(Bidirectional.Mode.CONCAT, lstm) : lstm, "embed")
        // -> [n, K, T]
        .addLayer(BeatNetwork.OUTPUT, BeatNetwork.dropout(new RnnOutputLayer.Builder(new LossMCXENT(Nd4j.create(weights).castTo(DataType.FLOAT)))
            .nOut(cfg.classCount()).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW), cfg).build(), "lstm")
        .setOutputs(BeatNetwork.OUTPUT)
        .build();
  }
}
