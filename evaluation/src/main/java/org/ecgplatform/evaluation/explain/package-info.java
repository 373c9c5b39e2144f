/**
 * Error analysis of an evaluation, free of Spark: which confusions, which beats, what drove the
 * model's decision on each, and the pictures and pages that show it to a cardiologist.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.evaluation.explain.ConfusionCell}, {@link org.ecgplatform.evaluation.explain.ErrorBeat}:
 *       an off-diagonal cell and a misclassified beat of the predictions;
 *   <li>{@link org.ecgplatform.evaluation.explain.ExampleSelection}: the most frequent cells, examples spread over records and time;
 *   <li>{@link org.ecgplatform.evaluation.explain.ContextPlan}, {@link org.ecgplatform.evaluation.explain.BeatContext},
 *       {@link org.ecgplatform.evaluation.explain.RecordBeat}: a beat among its record's beats, with the sequence the scorer saw;
 *   <li>{@link org.ecgplatform.evaluation.explain.Explainer}, {@link org.ecgplatform.evaluation.explain.Explanation}:
 *       the model's probabilities (checked against the evaluation's) and the saliency of its decision;
 *   <li>{@link org.ecgplatform.evaluation.explain.SaliencyChart}: one PNG per example (JFreeChart);
 *   <li>{@link org.ecgplatform.evaluation.explain.ExplanationReport}: {@code index.md}, {@code examples.csv}, traces,
 *       the per-record table of the confusions;
 *   <li>{@link org.ecgplatform.evaluation.explain.ClockTime}: times as hh:mm:ss.SSS.
 * </ul>
 */
package org.ecgplatform.evaluation.explain;
