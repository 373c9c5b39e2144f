/**
 * Spark layer of the evaluation: {@link org.ecgplatform.evaluation.spark.EvaluateJob} scores a
 * dataset split on the executors and writes predictions, reports and history (classification mode);
 * {@link org.ecgplatform.evaluation.spark.DetectionJob} scores annotation files against reference
 * annotations beat by beat, one record per task (detection mode). Both publish through {@link
 * org.ecgplatform.evaluation.spark.RunOutput} (staging directory, rename, {@code _SUCCESS}, history).
 *
 * <ul>
 *   <li>{@link org.ecgplatform.evaluation.spark.EvaluateConfig}, {@link org.ecgplatform.evaluation.spark.EvaluateResult}: the job's input and output;
 *   <li>{@link org.ecgplatform.evaluation.spark.DetectionConfig}, {@link org.ecgplatform.evaluation.spark.DetectionResult}: the detection mode's;
 *   <li>{@link org.ecgplatform.evaluation.spark.BeatScorer}, {@link org.ecgplatform.evaluation.spark.ScorerSpec},
 *       {@link org.ecgplatform.evaluation.spark.ScorerFactory}: the model as the job sees it (plugged in through ServiceLoader);
 *   <li>{@link org.ecgplatform.evaluation.spark.ExplainJob}, {@link org.ecgplatform.evaluation.spark.ExplainConfig},
 *       {@link org.ecgplatform.evaluation.spark.ExplainResult}: the error analysis of an evaluation (Spark reads the
 *       predictions and the examples' beats; the rest runs on the driver);
 *   <li>{@link org.ecgplatform.evaluation.spark.AnnotateJob}, {@link org.ecgplatform.evaluation.spark.AnnotateConfig},
 *       {@link org.ecgplatform.evaluation.spark.AnnotateResult}: annotation of records without reference annotations,
 *       one task per chunk of a record (AnnotatePasses: the passes; AnnotateRecord, AnnotateChunk: their executor side);
 *   <li>{@link org.ecgplatform.evaluation.spark.AnnotationSink}, {@link org.ecgplatform.evaluation.spark.PredictedBeat},
 *       {@link org.ecgplatform.evaluation.spark.CsvAnnotationSink}: per-record prediction annotations.
 * </ul>
 */
package org.ecgplatform.evaluation.spark;
