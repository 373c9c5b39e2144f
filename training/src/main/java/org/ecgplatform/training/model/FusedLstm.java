package org.ecgplatform.training.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} layer configuration, computed by a few native calls per minibatch
 * ({@link FusedLstmLayer}: libnd4j's fused {@code lstmLayer} op when scoring, {@link LstmBackprop}'s
 * large matrix products and a few calls per step in training), instead of DL4J's Java loop with
 * several native calls per time step (which took ~80 % of a training step of the beat network).
 *
 * <p>Everything but the computation is DL4J's own: the configuration fields (this class adds none),
 * the parameters ({@code W} [nIn, 4H], {@code RW} [H, 4H], {@code b} [1, 4H], DL4J's gate order and
 * flattening, DL4J's initialisation with the forget-gate bias), the input and output types, masking
 * rules and the JSON form (only the class name differs). A graph's parameter vector therefore means
 * the same with either class, which is what {@link LstmConversion} relies on, and DL4J's wrappers
 * work around it: {@code Bidirectional(CONCAT, FusedLstm)} is the bidirectional layer.
 *
 * <p>Build it from a configured DL4J layer: {@code FusedLstm.of(new LSTM.Builder().nOut(64)...build())}.
 * Cases the fused op does not cover fall back to DL4J's implementation inside the same layer (see
 * {@link FusedLstmLayer}), so the layer computes DL4J's function in every case.
 */
public class FusedLstm extends LSTM {

  /** For Jackson (DL4J's configuration JSON) and {@link #of}. */
  public FusedLstm() {}

  /**
   * A fused layer with every setting of {@code lstm} (sizes, activations, data format, weight init,
   * updater, regularisation, dropout, constraints, name).
   */
  public static FusedLstm of(LSTM lstm) {
    FusedLstm fused = new FusedLstm();
    LayerFields.copy(LSTM.class, lstm, fused);
    return fused;
  }

  /** The plain DL4J layer with the same settings (for comparisons and for users without this class). */
  public LSTM toDl4j() {
    LSTM plain = new LSTM();
    LayerFields.copy(LSTM.class, this, plain);
    return plain;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerFields.instantiate(this, new FusedLstmLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
        initializeParams, initializer());
  }

  @Override
  public FusedLstm clone() {
    return (FusedLstm) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusedLstm && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + FusedLstm.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "Fused" + super.toString();
  }
}
