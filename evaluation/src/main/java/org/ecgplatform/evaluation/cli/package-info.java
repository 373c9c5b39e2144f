/** Command line of the evaluation: {@link org.ecgplatform.evaluation.cli.EvaluateMain}. */
package org.ecgplatform.evaluation.cli;
