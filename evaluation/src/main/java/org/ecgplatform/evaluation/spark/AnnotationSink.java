package org.ecgplatform.evaluation.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Receives the predicted beats of one record, in sample order, on an executor, to write them as
 * annotations (for review in WFDB tools, or for {@code bxb}). The MIT-format writer of {@code
 * org.ecgplatform.etl.wfdb} plugs in here; {@link CsvAnnotationSink} is the interim form.
 */
public interface AnnotationSink extends Serializable {

  /**
   * Writes one record's predictions.
   *
   * @param outputDir the run's (staging) output directory URI; write under {@code annotations/}
   * @param database source database
   * @param record WFDB record name
   * @param annotator annotator name (file extension), e.g. {@code pred}
   * @param beats the record's beats in sample order
   */
  void write(String outputDir, String database, String record, String annotator, List<PredictedBeat> beats);

  /** A sink that writes nothing. */
  static AnnotationSink none() {
    return (outputDir, database, record, annotator, beats) -> {};
  }
}
