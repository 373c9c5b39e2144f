/**
 * Report files of an evaluation run, written through Hadoop {@code FileSystem}.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.evaluation.report.ReportWriter}: all files of a run, names as constants;
 *   <li>{@link org.ecgplatform.evaluation.report.ConfusionMatrixFiles}, {@link org.ecgplatform.evaluation.report.MetricsFiles}: CSV and JSON;
 *   <li>{@link org.ecgplatform.evaluation.report.HeatMap}: confusion matrix PNG (JFreeChart);
 *   <li>{@link org.ecgplatform.evaluation.report.HtmlReport}: the self-contained HTML page;
 *   <li>{@link org.ecgplatform.evaluation.report.RegressionGate}, {@link org.ecgplatform.evaluation.report.GateRule}: baseline deltas and the gate;
 *   <li>{@link org.ecgplatform.evaluation.report.MetricsHistory}: the history CSV;
 *   <li>{@link org.ecgplatform.evaluation.report.DetectionReport}, {@link org.ecgplatform.evaluation.report.DetectionFiles}: every file of a detection-mode run;
 *   <li>{@link org.ecgplatform.evaluation.report.BxbText}, {@link org.ecgplatform.evaluation.report.BxbLineColumn}: PhysioNet bxb's and sumstats' text reports, character for character.
 * </ul>
 */
package org.ecgplatform.evaluation.report;
