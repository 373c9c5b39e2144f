package org.ecgplatform.training.model;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns the beat encoder's convolution output, one row image per beat ([N, F, 1, W'], NCHW), into
 * a time series over the window ([N, F, W'], NCW), so that an LSTM can run along each beat's
 * window ({@link BeatEncoder#LSTM}). Here {@code N} counts beats, not sequences: a per-beat mask
 * arriving here says which beats are padding, not which window steps are, so the window LSTM gets
 * no mask (every step of a window is real) and the padding mask is taken up again where the beats
 * become a sequence ({@link BeatRowsVertex}).
 *
 * <p>Stateless: the sizes come from the input.
 */
public class WindowStepsPreProcessor implements InputPreProcessor {
  private static final long serialVersionUID = 1L;

  @Override
  public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    if (input.rank() != 4 || input.size(2) != 1) {
      throw new IllegalArgumentException("Expected beat encoder output [N, F, 1, W], got " + java.util.Arrays.toString(input.shape()));
    }
    INDArray in = COrder.of(input, workspaceMgr, ArrayType.ACTIVATIONS);
    return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, in.reshape('c', in.size(0), in.size(1), in.size(3)));
  }

  @Override
  public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    INDArray e = COrder.of(epsilons, workspaceMgr, ArrayType.ACTIVATION_GRAD);
    return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, e.reshape('c', e.size(0), e.size(1), 1, e.size(2)));
  }

  @Override
  public InputType getOutputType(InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional conv) || conv.getHeight() != 1) {
      throw new IllegalStateException("Expected a convolutional input of height 1, got " + inputType);
    }
    return InputType.recurrent(conv.getChannels(), conv.getWidth());
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
    return new Pair<>(null, currentMaskState);
  }

  @Override
  public WindowStepsPreProcessor clone() {
    return new WindowStepsPreProcessor();
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return WindowStepsPreProcessor.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "WindowStepsPreProcessor()";
  }
}
