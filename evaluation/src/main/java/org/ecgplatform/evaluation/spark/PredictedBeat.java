package org.ecgplatform.evaluation.spark;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * One scored beat, as handed to an {@link AnnotationSink}.
 *
 * <p>Predicted AAMI classes are written as MIT-BIH beat mnemonics ({@link #MIT_SYMBOL}): N→"N",
 * S→"A" (atrial premature beat), V→"V", F→"F", Q→"Q". The mapping takes the most common MIT-BIH
 * symbol of each class, so that standard WFDB tools (bxb's AAMI mapping in particular) map each
 * symbol back to the same AAMI class.
 *
 * @param sample annotation sample in the source record, at the record's own rate
 * @param timeS time from the record start, seconds
 * @param predicted the predicted class
 * @param reference the reference class
 */
public record PredictedBeat(long sample, double timeS, AamiClass predicted, AamiClass reference) implements Serializable {

  /** MIT-BIH annotation mnemonic written for each predicted AAMI class. */
  public static final Map<AamiClass, String> MIT_SYMBOL;

  static {
    EnumMap<AamiClass, String> m = new EnumMap<>(AamiClass.class);
    m.put(AamiClass.N, "N");
    m.put(AamiClass.S, "A");
    m.put(AamiClass.V, "V");
    m.put(AamiClass.F, "F");
    m.put(AamiClass.Q, "Q");
    MIT_SYMBOL = java.util.Collections.unmodifiableMap(m);
  }

  /** The MIT-BIH mnemonic of the predicted class. */
  public String mitSymbol() {
    return MIT_SYMBOL.get(predicted);
  }
}
