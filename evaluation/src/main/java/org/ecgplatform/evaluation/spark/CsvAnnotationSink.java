package org.ecgplatform.evaluation.spark;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.EcgPlatformException;

/**
 * Interim annotation form until the MIT-format writer is wired in: {@code
 * annotations/<database>/<record>.<annotator>.csv} with columns {@code sample,time_s,symbol,aami_class}
 * (symbol as {@link PredictedBeat#MIT_SYMBOL}), one row per beat in sample order.
 */
public final class CsvAnnotationSink implements AnnotationSink {
  private static final long serialVersionUID = 1L;
  public static final String DIR = "annotations";

  @Override
  public void write(String outputDir, String database, String record, String annotator, List<PredictedBeat> beats) {
    Path file = new Path(new Path(new Path(outputDir, DIR), database), record + "." + annotator + ".csv");
    try {
      FileSystem fs = FileSystem.get(URI.create(outputDir), new Configuration());
      try (Writer w = new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8)) {
        w.write("sample,time_s,symbol,aami_class\n");
        for (PredictedBeat b : beats) {
          w.write(String.format(Locale.ROOT, "%d,%.3f,%s,%s\n", b.sample(), b.timeS(), b.mitSymbol(), b.predicted().name()));
        }
      }
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot write annotations " + file + ": " + e.getMessage(), e);
    }
  }
}
