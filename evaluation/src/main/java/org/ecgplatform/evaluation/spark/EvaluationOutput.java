package org.ecgplatform.evaluation.spark;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.report.CrossValidationSummary;
import org.ecgplatform.evaluation.report.MetricsFiles;
import org.ecgplatform.evaluation.report.ReportWriter;

/**
 * A completed classification-mode evaluation output, as the error analysis reads it: its run facts
 * ({@code metrics.json}), per-record confusion matrices and the location of its predictions.
 *
 * @param uri the output directory
 * @param facts the run facts of {@code metrics.json} (run id, model, dataset, split, ...)
 * @param split the dataset split it scored
 * @param classMapping the class mapping of its reference classes
 * @param perRecord its confusion matrix per record ({@code database/record})
 * @param predictions its predictions Parquet directory
 */
record EvaluationOutput(String uri, Map<String, String> facts, String split, ClassMapping classMapping,
    Map<String, ConfusionMatrix> perRecord, Path predictions) {

  /**
   * Reads and checks an evaluation output.
   *
   * @throws EcgPlatformException when it is not a completed classification-mode output
   */
  static EvaluationOutput read(String uri, Configuration hadoop) {
    Path dir = new Path(uri);
    if (!HadoopFiles.exists(new Path(dir, RunOutput.SUCCESS), hadoop)) {
      throw new EcgPlatformException("Cannot explain evaluation " + uri + ": no " + RunOutput.SUCCESS
          + " marker (not a completed evaluation output; check --evaluation)");
    }
    Path metrics = new Path(dir, ReportWriter.METRICS_JSON);
    String json = HadoopFiles.readString(metrics, hadoop);
    Map<String, String> facts = MetricsFiles.readRunFacts(json, metrics.toString());
    String mode = facts.getOrDefault("mode", EvaluateJob.MODE);
    if (!mode.equals(EvaluateJob.MODE)) {
      throw new EcgPlatformException("Cannot explain evaluation " + uri + ": it is a " + mode + "-mode run (the error analysis"
          + " needs a classification run's predictions)");
    }
    Path predictions = new Path(dir, EvaluateJob.PREDICTIONS_DIR);
    if (!HadoopFiles.exists(predictions, hadoop)) {
      throw new EcgPlatformException("Cannot explain evaluation " + uri + ": it has no " + EvaluateJob.PREDICTIONS_DIR
          + "/ directory");
    }
    Path perRecordCsv = new Path(dir, ReportWriter.CONFUSION_PER_RECORD_CSV);
    Map<String, ConfusionMatrix> perRecord =
        CrossValidationSummary.parsePerRecord(HadoopFiles.readString(perRecordCsv, hadoop), perRecordCsv.toString());
    return new EvaluationOutput(uri, facts, facts.getOrDefault("split", "test"),
        MetricsFiles.readClassMapping(json, metrics.toString()), perRecord, predictions);
  }
}
