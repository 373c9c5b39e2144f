package org.ecgplatform.evaluation.spark;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.AnnotationCode;
import org.ecgplatform.etl.wfdb.Annotations;

/**
 * Writes each record's predicted labels as a WFDB annotation file in MIT format, {@code
 * <output>/annotations/<record>.<annotator>}, with the project's own annotation writer, so that
 * PhysioNet's {@code bxb -r <record> -a atr <annotator>} can score the same predictions
 * independently. Predicted classes are written as the MIT mnemonics of {@link
 * PredictedBeat#MIT_SYMBOL} (N, A, V, F, Q), which {@code bxb} maps back onto the same AAMI classes.
 * Record names must be unique across the databases of one evaluation.
 */
public final class WfdbAnnotationSink implements AnnotationSink {
  private static final long serialVersionUID = 1L;
  public static final String DIR = "annotations";

  @Override
  public void write(String outputDir, String database, String record, String annotator, List<PredictedBeat> beats) {
    List<Annotation> anns = new ArrayList<>(beats.size());
    for (PredictedBeat b : beats) {
      String symbol = b.mitSymbol();
      int code = AnnotationCode.ofMnemonic(symbol)
          .orElseThrow(() -> new IllegalStateException("No WFDB code for mnemonic " + symbol))
          .code();
      anns.add(Annotation.of(b.sample(), code));
    }
    String dir = outputDir.endsWith("/") ? outputDir + DIR : outputDir + "/" + DIR;
    Annotations.write(new HadoopWfdbStorage(new Configuration(), URI.create(dir)), record, annotator, anns);
  }
}
