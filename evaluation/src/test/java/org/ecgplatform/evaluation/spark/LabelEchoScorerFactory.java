package org.ecgplatform.evaluation.spark;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.io.HadoopFiles;

/** Loads {@link LabelEchoScorer} model files ({@code *.echo.json}); registered through ServiceLoader in test resources. */
public final class LabelEchoScorerFactory implements ScorerFactory {
  private static final long serialVersionUID = 1L;
  public static final String SUFFIX = ".echo.json";

  @Override
  public boolean supports(String modelUri) {
    return modelUri.endsWith(SUFFIX);
  }

  @Override
  public BeatScorer load(String modelUri, Configuration hadoopConf) {
    try {
      FileSystem fs = FileSystem.get(URI.create(modelUri), hadoopConf);
      return LabelEchoScorer.fromBytes(HadoopFiles.readBytes(new Path(modelUri), fs.getConf()));
    } catch (java.io.IOException e) {
      throw new EcgPlatformException("Cannot load model " + modelUri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BeatScorer fromBytes(byte[] bytes) {
    return LabelEchoScorer.fromBytes(bytes);
  }
}
