package org.ecgplatform.training.model;

import org.ecgplatform.common.ConfigException;

/**
 * Every size and optimiser setting of {@link BeatNetwork}. Validated on construction.
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
 * @param lstm the code that computes the LSTM layer (same function either way); absent from the
 *     {@code model.json} of models trained before the setting existed, which used {@link LstmImplementation#DL4J}
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
    LstmImplementation lstm) {

  public NetworkConfig {
    if (lstm == null) {
      lstm = LstmImplementation.DL4J; // model.json written before training.network.lstm existed
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
    if (windowSamples / poolSize / poolSize < 1) {
      throw ConfigException.invalid(
          "network.windowSamples", windowSamples, "at least poolSize^2 = " + poolSize * poolSize + " samples");
    }
  }

  /** The settings with the default LSTM implementation, {@link LstmImplementation#FUSED}. */
  public NetworkConfig(int leadCount, int windowSamples, int rrFeatureCount, int classCount, int conv1Filters,
      int conv1Kernel, int conv2Filters, int conv2Kernel, int poolSize, int lstmUnits, int denseUnits,
      double learningRate, double l2, long seed) {
    this(leadCount, windowSamples, rrFeatureCount, classCount, conv1Filters, conv1Kernel, conv2Filters, conv2Kernel,
        poolSize, lstmUnits, denseUnits, learningRate, l2, seed, LstmImplementation.FUSED);
  }

  /** A copy computing its LSTM with {@code implementation}. */
  public NetworkConfig withLstm(LstmImplementation implementation) {
    return new NetworkConfig(leadCount, windowSamples, rrFeatureCount, classCount, conv1Filters, conv1Kernel,
        conv2Filters, conv2Kernel, poolSize, lstmUnits, denseUnits, learningRate, l2, seed, implementation);
  }

  /** The reference architecture of the product (see {@code torch_ref_bench.py}) for the given input shape. */
  public static NetworkConfig reference(int leadCount, int windowSamples, int classCount, double learningRate, long seed) {
    return new NetworkConfig(leadCount, windowSamples, 4, classCount, 16, 7, 32, 5, 2, 64, 64, learningRate, 0.0, seed);
  }

  /** Time steps that reach the LSTM: the window after two poolings (truncating). */
  public int lstmTimeSteps() {
    return windowSamples / poolSize / poolSize;
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw ConfigException.invalid(key, value, "a positive integer");
    }
  }
}
