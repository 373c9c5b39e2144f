package org.ecgplatform.training.model;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Turns the beat-sequence model's wave input, one time step per beat ({@code [n, C·W, T]}, NCW),
 * into one row image per beat ({@code [N, C, 1, W]}, {@code N = n·T}, rows time-major: {@code t·n +
 * s}) for its convolutions ({@link SequenceNetwork}), and the gradient back.
 *
 * <p>It computes what DL4J's {@code RnnToCnnPreProcessor(1, W, C)} computes (same rows, same order,
 * and the mask [n, T] as DL4J reshapes it), with one copy through a permuted view where DL4J's makes two (the
 * first into Fortran order).
 */
public class BeatImagesPreProcessor implements InputPreProcessor {
  private static final long serialVersionUID = 1L;

  private final int channels;
  private final int width;

  /**
   * @param channels leads ({@code C})
   * @param width window samples ({@code W})
   */
  @JsonCreator
  public BeatImagesPreProcessor(@JsonProperty("channels") int channels, @JsonProperty("width") int width) {
    if (channels <= 0 || width <= 0) {
      throw new IllegalArgumentException("BeatImagesPreProcessor: channels and width must be positive, were " + channels + ", " + width);
    }
    this.channels = channels;
    this.width = width;
  }

  public int getChannels() {
    return channels;
  }

  public int getWidth() {
    return width;
  }

  @Override
  public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    if (input.rank() != 3 || input.size(1) != (long) channels * width) {
      throw new IllegalArgumentException("Expected the wave input [n, " + channels + "·" + width + ", T], got "
          + Arrays.toString(input.shape()));
    }
    long n = input.size(0);
    long t = input.size(2);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), new long[] {t * n, channels, 1, width}, 'c');
    out.reshape('c', t, n, (long) channels * width).assign(input.permute(2, 0, 1));
    return out;
  }

  @Override
  public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    long beats = epsilons.size(0);
    if (epsilons.rank() != 4 || beats % miniBatchSize != 0 || epsilons.length() != beats * channels * width) {
      throw new IllegalArgumentException("Expected beat images [n·T, " + channels + ", 1, " + width + "] for "
          + miniBatchSize + " sequences, got " + Arrays.toString(epsilons.shape()));
    }
    long t = beats / miniBatchSize;
    INDArray e = COrder.of(epsilons, workspaceMgr, ArrayType.ACTIVATION_GRAD);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilons.dataType(),
        new long[] {miniBatchSize, (long) channels * width, t}, 'c');
    out.permute(2, 0, 1).assign(e.reshape('c', t, miniBatchSize, (long) channels * width));
    return out;
  }

  @Override
  public InputType getOutputType(InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeRecurrent r) || r.getSize() != (long) channels * width) {
      throw new IllegalStateException("Expected a recurrent input of size " + channels + "·" + width + ", got " + inputType);
    }
    return InputType.convolutional(1, width, channels);
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
    if (maskArray == null) {
      return new Pair<>(null, currentMaskState);
    }
    if (maskArray.rank() != 2) {
      throw new IllegalArgumentException("Expected the wave input's mask [n, T], got " + Arrays.toString(maskArray.shape()));
    }
    return new Pair<>(TimeSeriesUtils.reshapeTimeSeriesMaskToCnn4dMask(maskArray, LayerWorkspaceMgr.noWorkspacesImmutable(),
        ArrayType.INPUT), currentMaskState);
  }

  @Override
  public BeatImagesPreProcessor clone() {
    return new BeatImagesPreProcessor(channels, width);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BeatImagesPreProcessor b && o.getClass() == getClass() && b.channels == channels && b.width == width;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * BeatImagesPreProcessor.class.getName().hashCode() + channels) + width;
  }

  @Override
  public String toString() {
    return "BeatImagesPreProcessor(channels=" + channels + ", width=" + width + ")";
  }
}
