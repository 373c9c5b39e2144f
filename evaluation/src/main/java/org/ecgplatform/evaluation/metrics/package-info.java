/**
 * Evaluation statistics, pure Java (no Spark): what a run of the classifier scored.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.evaluation.metrics.ConfusionMatrix}: 5×5 AAMI counts, reference × predicted;
 *   <li>{@link org.ecgplatform.evaluation.metrics.Ec57Statistics}: VEB / SVEB Se, +P, FPR as ANSI/AAMI EC57:2012 and bxb define them;
 *   <li>{@link org.ecgplatform.evaluation.metrics.ClassificationMetrics}: accuracy, precision, recall, F1, macro-F1, kappa;
 *   <li>{@link org.ecgplatform.evaluation.metrics.EvaluationMetrics}: gross and average statistics over records, and the named scalar metrics;
 *   <li>{@link org.ecgplatform.evaluation.metrics.Ratio}: a count quotient that may be undefined;
 *   <li>{@link org.ecgplatform.evaluation.metrics.ClassMapping}: which annotation codes are which class ({@code aami} or {@code bxb});
 * </ul>
 *
 * Beat-by-beat comparison of annotation files (detection mode), exactly as PhysioNet's bxb and sumstats:
 *
 * <ul>
 *   <li>{@link org.ecgplatform.evaluation.metrics.BeatMatcher}: bxb's pairing of test and reference beats (150 ms window, O and X pseudo-beats, shutdown, VF);
 *   <li>{@link org.ecgplatform.evaluation.metrics.BeatClass}, {@link org.ecgplatform.evaluation.metrics.MatchMatrix}: its labels and tallies;
 *   <li>{@link org.ecgplatform.evaluation.metrics.MatchSettings}, {@link org.ecgplatform.evaluation.metrics.RecordComparison}: one record's settings and outcome;
 *   <li>{@link org.ecgplatform.evaluation.metrics.DetectionStatistic}: QRS, VEB, SVEB Se / +P / FPR on the tallies;
 *   <li>{@link org.ecgplatform.evaluation.metrics.DetectionSummary}: gross and average over records, as sumstats.
 * </ul>
 */
package org.ecgplatform.evaluation.metrics;
