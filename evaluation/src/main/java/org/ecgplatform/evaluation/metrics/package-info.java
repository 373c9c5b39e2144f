/**
 * Evaluation statistics, pure Java (no Spark): what a run of the classifier scored.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.evaluation.metrics.ConfusionMatrix}: 5×5 AAMI counts, reference × predicted;
 *   <li>{@link org.ecgplatform.evaluation.metrics.Ec57Statistics}: VEB / SVEB Se, +P, FPR as ANSI/AAMI EC57:2012 and bxb define them;
 *   <li>{@link org.ecgplatform.evaluation.metrics.ClassificationMetrics}: accuracy, precision, recall, F1, macro-F1, kappa;
 *   <li>{@link org.ecgplatform.evaluation.metrics.EvaluationMetrics}: gross and average statistics over records, and the named scalar metrics;
 *   <li>{@link org.ecgplatform.evaluation.metrics.Ratio}: a count quotient that may be undefined.
 * </ul>
 */
package org.ecgplatform.evaluation.metrics;
