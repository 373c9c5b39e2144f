package org.ecgplatform.training.model;

import org.ecgplatform.common.ConfigException;

/**
 * Every size and optimiser setting of {@link BeatNetwork} and {@link SequenceNetwork}. Validated on construction.
 *
 * @param leadCount input channels of the {@code wave} input (leads per window)
 * @param windowSamples time steps of the {@code wave} input (samples per lead)
 * @param rrFeatureCount width of the {@code rr} input
 * @param classCount output classes (the AAMI vocabulary)
 * @param conv1Filters filters of the first 1-D convolution
 * @param conv1Kernel kernel width (samples) of the first convolution
 * @param conv2Filters filters of the second 1-D convolution
 * @param conv2Kernel kernel width (samples) of the second convolution
 * @param poolSize width and stride of each max pooling
 * @param lstmUnits LSTM hidden units
 * @param denseUnits units of the dense layer after the merge with {@code rr}
 * @param learningRate Adam learning rate
 * @param l2 L2 weight decay coefficient (0 for none)
 * @param seed weight-initialisation seed
 * @param kind the model kind (absent in models written before there were two: {@link ModelKind#BEAT})
 * @param direction for {@link ModelKind#SEQUENCE}: which beats the LSTM sees (absent: bidirectional)
 * @param sequenceLength for {@link ModelKind#SEQUENCE}: beats per sequence (0 for the per-beat model)
 * @param sequenceOverlap for {@link ModelKind#SEQUENCE}: beats shared by consecutive sequences
 * @param conv1Stride for {@link ModelKind#SEQUENCE}: stride of the first convolution, which runs on
 *     every beat (absent: 1; the per-beat model always uses 1)
 * @param dropout probability of dropping each input of the beat embedding (sequence) or of the
 *     dense layer (per-beat), and of the output layer, while training (0: none; absent in models
 *     written before the per-beat model had it: 0)
 * @param lstm the code that computes the LSTM layer of either kind (same function either way);
 *     absent from the {@code model.json} of models trained before the setting existed, which used
 *     {@link LstmImplementation#DL4J}
 * @param beatEncoder how a beat window becomes the vector the model classifies or runs across:
 *     always {@link BeatEncoder#LSTM} for the per-beat model; for the sequence model absent in
 *     models written before the setting existed, which used {@link BeatEncoder#FLAT}
 */
public record NetworkConfig(
    int leadCount,
    int windowSamples,
    int rrFeatureCount,
    int classCount,
    int conv1Filters,
    int conv1Kernel,
    int conv2Filters,
    int conv2Kernel,
    int poolSize,
    int lstmUnits,
    int denseUnits,
    double learningRate,
    double l2,
    long seed,
    ModelKind kind,
    SequenceDirection direction,
    int sequenceLength,
    int sequenceOverlap,
    int conv1Stride,
    double dropout,
    LstmImplementation lstm,
    BeatEncoder beatEncoder) {

  public NetworkConfig {
    lstm = lstm == null ? LstmImplementation.DL4J : lstm; // model.json written before training.network.lstm existed
    kind = kind == null ? ModelKind.BEAT : kind;
    if (beatEncoder == null) { // model.json written before training.sequence.beat-encoder existed
      beatEncoder = kind == ModelKind.SEQUENCE ? BeatEncoder.FLAT : BeatEncoder.LSTM;
    }
    if (kind == ModelKind.BEAT && beatEncoder != BeatEncoder.LSTM) {
      throw ConfigException.invalid("network.beatEncoder", beatEncoder.name().toLowerCase(java.util.Locale.ROOT),
          "lstm for the per-beat model (training.sequence.beat-encoder applies to the sequence model)");
    }
    direction = direction == null ? SequenceDirection.BIDIRECTIONAL : direction;
    conv1Stride = conv1Stride <= 0 ? 1 : conv1Stride;
    if (!(dropout >= 0 && dropout < 1)) {
      throw ConfigException.invalid(kind == ModelKind.SEQUENCE ? "training.sequence.dropout" : "training.dropout",
          dropout, "a probability in [0, 1)");
    }
    if (kind == ModelKind.SEQUENCE) {
      ChunkGeometry.of(sequenceLength, sequenceOverlap, direction); // validates
    } else if (conv1Stride != 1) {
      throw ConfigException.invalid("network.conv1Stride", conv1Stride, "1 for the per-beat model");
    }
    positive("network.leadCount", leadCount);
    positive("network.windowSamples", windowSamples);
    positive("network.rrFeatureCount", rrFeatureCount);
    if (classCount < 2) {
      throw ConfigException.invalid("network.classCount", classCount, "at least 2");
    }
    positive("network.conv1Filters", conv1Filters);
    positive("network.conv1Kernel", conv1Kernel);
    positive("network.conv2Filters", conv2Filters);
    positive("network.conv2Kernel", conv2Kernel);
    positive("network.poolSize", poolSize);
    positive("network.lstmUnits", lstmUnits);
    positive("network.denseUnits", denseUnits);
    if (!(learningRate > 0 && learningRate < 1)) {
      throw ConfigException.invalid("training.learning-rate", learningRate, "a number in (0, 1)");
    }
    if (!(l2 >= 0)) {
      throw ConfigException.invalid("training.l2", l2, "a number >= 0");
    }
    if (ceilDiv(windowSamples, conv1Stride) / poolSize / poolSize < 1) {
      throw ConfigException.invalid("network.windowSamples", windowSamples,
          "at least conv1Stride x poolSize^2 = " + conv1Stride * poolSize * poolSize + " samples");
    }
  }

  /**
   * The settings with the default LSTM implementation, {@link LstmImplementation#FUSED}, and the
   * default beat encoder of the model kind (see {@code beatEncoder}).
   */
  public NetworkConfig(int leadCount, int windowSamples, int rrFeatureCount, int classCount, int conv1Filters,
      int conv1Kernel, int conv2Filters, int conv2Kernel, int poolSize, int lstmUnits, int denseUnits,
      double learningRate, double l2, long seed, ModelKind kind, SequenceDirection direction, int sequenceLength,
      int sequenceOverlap, int conv1Stride, double dropout) {
    this(leadCount, windowSamples, rrFeatureCount, classCount, conv1Filters, conv1Kernel, conv2Filters, conv2Kernel,
        poolSize, lstmUnits, denseUnits, learningRate, l2, seed, kind, direction, sequenceLength, sequenceOverlap,
        conv1Stride, dropout, LstmImplementation.FUSED, null);
  }

  /** A copy computing its LSTM with {@code implementation}. */
  public NetworkConfig withLstm(LstmImplementation implementation) {
    return new NetworkConfig(leadCount, windowSamples, rrFeatureCount, classCount, conv1Filters, conv1Kernel,
        conv2Filters, conv2Kernel, poolSize, lstmUnits, denseUnits, learningRate, l2, seed, kind, direction,
        sequenceLength, sequenceOverlap, conv1Stride, dropout, implementation, beatEncoder);
  }

  /** A copy whose beats are encoded by {@code encoder} (a sequence model's setting). */
  public NetworkConfig withBeatEncoder(BeatEncoder encoder) {
    return new NetworkConfig(leadCount, windowSamples, rrFeatureCount, classCount, conv1Filters, conv1Kernel,
        conv2Filters, conv2Kernel, poolSize, lstmUnits, denseUnits, learningRate, l2, seed, kind, direction,
        sequenceLength, sequenceOverlap, conv1Stride, dropout, lstm, encoder);
  }

  /** The reference architecture of the product (see {@code torch_ref_bench.py}) for the given input shape. */
  public static NetworkConfig reference(int leadCount, int windowSamples, int classCount, double learningRate, long seed) {
    return new NetworkConfig(leadCount, windowSamples, 4, classCount, 16, 7, 32, 5, 2, 64, 64, learningRate, 0.0, seed,
        ModelKind.BEAT, SequenceDirection.BIDIRECTIONAL, 0, 0, 1, 0, LstmImplementation.FUSED, BeatEncoder.LSTM);
  }

  /** The same sizes as a beat-sequence model (with the {@link BeatEncoder#FLAT} beat encoder). */
  public NetworkConfig asSequence(SequenceDirection newDirection, int length, int overlap, int stride) {
    return new NetworkConfig(leadCount, windowSamples, rrFeatureCount, classCount, conv1Filters, conv1Kernel,
        conv2Filters, conv2Kernel, poolSize, lstmUnits, denseUnits, learningRate, l2, seed, ModelKind.SEQUENCE,
        newDirection, length, overlap, stride, dropout, lstm, BeatEncoder.FLAT);
  }

  /**
   * How scoring cuts a record into the model's inputs: sequences of {@code sequenceLength} beats
   * for the beat-sequence model, batches of {@code batch} independent beats for the per-beat model.
   */
  public ChunkGeometry scoringGeometry(int batch) {
    return kind == ModelKind.SEQUENCE ? ChunkGeometry.of(sequenceLength, sequenceOverlap, direction)
        : ChunkGeometry.independent(batch);
  }

  /**
   * Time steps after the convolutions: the window after the first convolution's stride (Same
   * padding rounds up) and two poolings (truncating); the per-beat model's LSTM runs over them.
   */
  public int lstmTimeSteps() {
    return ceilDiv(windowSamples, conv1Stride) / poolSize / poolSize;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw ConfigException.invalid(key, value, "a positive integer");
    }
  }
}
