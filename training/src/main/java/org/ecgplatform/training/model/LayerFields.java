package org.ecgplatform.training.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies a DL4J layer configuration's settings into an instance of a subclass (or back), for the
 * layers of this package that change how DL4J computes a layer, not what it computes.
 */
final class LayerFields {
  private LayerFields() {}

  /** Copies every instance field declared by {@code type} and its superclasses from {@code from} to {@code to}. */
  static <T> void copy(Class<T> type, T from, T to) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        try {
          f.setAccessible(true);
          f.set(to, f.get(from));
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException("Cannot copy " + type.getSimpleName() + " setting " + c.getSimpleName() + "."
              + f.getName() + " (is the DL4J version the one this class was written for, 1.0.0-M2?)", e);
        }
      }
    }
  }

  /**
   * What DL4J's own configurations do in {@code instantiate}, for a runtime layer of this package:
   * checks the sizes, then gives the layer its listeners, index, parameters (initialised or read
   * from the view) and configuration.
   */
  static <L extends Layer> L instantiate(FeedForwardLayer conf, L layer, NeuralNetConfiguration netConf,
      Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initialize,
      ParamInitializer initializer) {
    if (conf.getNIn() <= 0 || conf.getNOut() <= 0) {
      throw new IllegalStateException("Cannot build " + conf.getClass().getSimpleName() + " layer " + conf.getLayerName()
          + " (index " + index + "): nIn = " + conf.getNIn() + ", nOut = " + conf.getNOut()
          + " (set nOut, and nIn or the input type)");
    }
    return attach(layer, netConf, listeners, index, paramsView, initialize, initializer);
  }

  /**
   * The part of {@link #instantiate} for layers without sizes to check (pooling): gives the layer its
   * listeners, index, parameters (initialised or read from the view) and configuration.
   */
  static <L extends Layer> L attach(L layer, NeuralNetConfiguration netConf, Collection<TrainingListener> listeners,
      int index, INDArray paramsView, boolean initialize, ParamInitializer initializer) {
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(initializer.init(netConf, paramsView, initialize));
    layer.setConf(netConf);
    return layer;
  }
}
