package org.ecgplatform.training.model;

import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Switches a trained graph between DL4J's {@link LSTM} and {@link FusedLstm} without changing its
 * function: the two share their parameter layout, so the copy gets the same parameter vector. Used
 * to run models saved with DL4J's LSTM (every model trained before {@code training.network.lstm}
 * existed) on the fused op, and to compare the two in tests. Updater state is not carried over: the
 * copies are for inference.
 */
public final class LstmConversion {
  private LstmConversion() {}

  /** A copy of {@code graph} whose DL4J LSTM layers (also inside {@code Bidirectional}) are fused. */
  public static ComputationGraph toFused(ComputationGraph graph) {
    return convert(graph, l -> l instanceof LSTM lstm && !(l instanceof FusedLstm) ? FusedLstm.of(lstm) : l);
  }

  /** A copy of {@code graph} whose fused LSTM layers are DL4J's {@link LSTM}. */
  public static ComputationGraph toDl4j(ComputationGraph graph) {
    return convert(graph, l -> l instanceof FusedLstm fused ? fused.toDl4j() : l);
  }

  /** Number of LSTM layers of {@code graph} computed by DL4J's own implementation. */
  public static int dl4jLstmCount(ComputationGraph graph) {
    int[] n = {0};
    for (GraphVertex v : graph.getConfiguration().getVertices().values()) {
      if (v instanceof LayerVertex lv) {
        visit(lv.getLayerConf().getLayer(), l -> {
          if (l instanceof LSTM && !(l instanceof FusedLstm)) {
            n[0]++;
          }
          return l;
        });
      }
    }
    return n[0];
  }

  private static ComputationGraph convert(ComputationGraph graph, UnaryOperator<Layer> swap) {
    ComputationGraphConfiguration conf = graph.getConfiguration().clone();
    for (GraphVertex v : conf.getVertices().values()) {
      if (v instanceof LayerVertex lv) {
        lv.getLayerConf().setLayer(visit(lv.getLayerConf().getLayer(), swap));
      }
    }
    ComputationGraph copy = new ComputationGraph(conf);
    copy.init(graph.params().dup(), false);
    return copy;
  }

  /**
   * Applies {@code swap} to a layer, to both halves of a {@link Bidirectional} one, or to the layer
   * inside a {@link LastTimeStep} (the sequence model's window LSTM).
   */
  private static Layer visit(Layer layer, UnaryOperator<Layer> swap) {
    if (layer instanceof LastTimeStep last) {
      last.setUnderlying(swap.apply(last.getUnderlying()));
      return last;
    }
    if (layer instanceof Bidirectional bi) {
      bi.setFwd(swap.apply(bi.getFwd()));
      bi.setBwd(swap.apply(bi.getBwd()));
      return bi;
    }
    return swap.apply(layer);
  }
}
