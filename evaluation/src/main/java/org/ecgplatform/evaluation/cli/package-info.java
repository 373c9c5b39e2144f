/**
 * Command lines of the evaluation: {@link org.ecgplatform.evaluation.cli.EvaluateMain}, the error analysis
 * {@link org.ecgplatform.evaluation.cli.ExplainMain}, the cross-validation summary {@link
 * org.ecgplatform.evaluation.cli.CrossValidationMain}.
 */
package org.ecgplatform.evaluation.cli;
