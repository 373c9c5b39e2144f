package org.ecgplatform.etl.beats;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The five heartbeat classes of ANSI/AAMI EC57:2012 and the one table that maps MIT-BIH beat
 * annotation symbols onto them. Every stage (ETL labels, training targets, evaluation) uses this
 * table; nothing else maps symbols to classes.
 *
 * <p>The label index ({@link #ordinal()}) is the position of the class in the model's output layer
 * and in the confusion matrix, and is written into the dataset contract.
 */
public enum AamiClass {
  /** Normal and bundle-branch-block beats, escape beats: N L R e j. */
  N("Normal or bundle branch block", "N", "L", "R", "e", "j"),
  /** Supraventricular ectopic beats: A a J S. */
  S("Supraventricular ectopic", "A", "a", "J", "S"),
  /** Ventricular ectopic beats: V E. */
  V("Ventricular ectopic", "V", "E"),
  /** Fusion of ventricular and normal beat: F. */
  F("Fusion", "F"),
  /** Paced, fusion of paced and normal, unclassifiable: / f Q. */
  Q("Unknown or paced", "/", "f", "Q");

  private static final Map<String, AamiClass> BY_SYMBOL;
  private static final List<String> VOCABULARY =
      Arrays.stream(values()).map(Enum::name).toList();

  static {
    Map<String, AamiClass> m = new LinkedHashMap<>();
    for (AamiClass c : values()) {
      for (String s : c.symbols) {
        m.put(s, c);
      }
    }
    BY_SYMBOL = Collections.unmodifiableMap(m);
  }

  private final String description;
  private final List<String> symbols;

  AamiClass(String description, String... symbols) {
    this.description = description;
    this.symbols = List.of(symbols);
  }

  public String description() {
    return description;
  }

  /** MIT-BIH annotation mnemonics that belong to this class. */
  public List<String> symbols() {
    return symbols;
  }

  /** The class of a beat annotation symbol, or empty when the symbol is not a beat (rhythm, noise, ...). */
  public static Optional<AamiClass> ofSymbol(String symbol) {
    return Optional.ofNullable(BY_SYMBOL.get(symbol));
  }

  /** True when the MIT-BIH symbol denotes a beat that EC57 classifies. */
  public static boolean isBeat(String symbol) {
    return BY_SYMBOL.containsKey(symbol);
  }

  /** The class for a label index (the model's output position). */
  public static AamiClass ofIndex(int index) {
    AamiClass[] v = values();
    if (index < 0 || index >= v.length) {
      throw new IllegalArgumentException(
          "AAMI label index out of range: " + index + " (expected 0.." + (v.length - 1) + ")");
    }
    return v[index];
  }

  /** Class names in label-index order: the label vocabulary written into the dataset contract. */
  public static List<String> vocabulary() {
    return VOCABULARY;
  }

  /** The symbol to class table in a stable order, for documentation and manifests. */
  public static Map<String, AamiClass> table() {
    return BY_SYMBOL;
  }
}
