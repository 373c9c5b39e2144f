package org.ecgplatform.evaluation.explain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * One off-diagonal cell of the confusion matrix: beats of reference class {@code reference} that
 * the model called {@code predicted}. Written {@code S>N} on the command line and in file contents,
 * {@code S-as-N} in file names.
 *
 * @param reference the reference (annotated) class
 * @param predicted the class the model predicted, not the reference one
 */
public record ConfusionCell(AamiClass reference, AamiClass predicted) {

  public ConfusionCell {
    if (reference == predicted) {
      throw new IllegalArgumentException("Cannot explain cell " + reference + ">" + predicted + ": it is on the diagonal");
    }
  }

  /**
   * Parses a comma-separated list such as {@code S>N,N>S,V>N} (spaces allowed; duplicates kept
   * once, in order).
   *
   * @param option the option or key named in errors
   * @throws ConfigException on a malformed cell, an unknown class or a diagonal cell
   */
  public static List<ConfusionCell> parseList(String option, String text) {
    LinkedHashSet<ConfusionCell> cells = new LinkedHashSet<>();
    if (text == null || text.isBlank()) {
      return List.of();
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      String[] sides = p.split(">", -1);
      if (sides.length != 2) {
        throw ConfigException.invalid(option, text, "cells as <reference>><predicted>, comma-separated, e.g. S>N,V>N");
      }
      AamiClass r = aamiClass(option, text, sides[0]);
      AamiClass q = aamiClass(option, text, sides[1]);
      if (r == q) {
        throw ConfigException.invalid(option, text, "off-diagonal cells (" + p + " is a correct classification)");
      }
      cells.add(new ConfusionCell(r, q));
    }
    return new ArrayList<>(cells);
  }

  private static AamiClass aamiClass(String option, String text, String name) {
    try {
      return AamiClass.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(option, text, "classes among " + AamiClass.vocabulary() + " ('" + name.trim() + "' is not one)");
    }
  }

  /** {@code S>N}. */
  @Override
  public String toString() {
    return reference + ">" + predicted;
  }

  /** {@code S-as-N}, for file names. */
  public String fileTag() {
    return reference + "-as-" + predicted;
  }
}
