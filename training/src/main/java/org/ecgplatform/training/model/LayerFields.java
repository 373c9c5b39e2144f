package org.ecgplatform.training.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

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
}
