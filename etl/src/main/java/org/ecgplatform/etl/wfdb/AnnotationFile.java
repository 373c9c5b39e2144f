package org.ecgplatform.etl.wfdb;

import java.util.List;
import java.util.Map;

/**
 * An annotation file as read: its annotations and what its leading definition notes declared.
 *
 * @param record record name
 * @param annotator annotator name (the file's extension: "atr", "qrs" …)
 * @param annotations annotations in file order, times in samples at the record's frame frequency
 * @param timeResolutionHz ticks per second of the file's times when it declares one ("## time
 *     resolution: 500"); NaN when it does not (times are then in samples)
 * @param definitions mnemonics the file assigns to codes ("42 CAL Calibration"), code → entry
 * @param ticks each annotation's time as stored, in ticks of {@code timeResolutionHz} (equal to
 *     its sample number when the file declares no resolution)
 */
public record AnnotationFile(
    String record,
    String annotator,
    List<Annotation> annotations,
    double timeResolutionHz,
    Map<Integer, AnnotationCode> definitions,
    List<Long> ticks) {

  public AnnotationFile {
    annotations = List.copyOf(annotations);
    definitions = Map.copyOf(definitions);
    ticks = List.copyOf(ticks);
    if (ticks.size() != annotations.size()) {
      throw new IllegalArgumentException("Cannot build an annotation file: " + ticks.size() + " ticks for "
          + annotations.size() + " annotations");
    }
  }
}
