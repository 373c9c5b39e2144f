/**
 * Planning of the annotation job, pure Java (no Spark, no Hadoop): how a record of any length is
 * cut into chunks that are detected, windowed and classified as the whole record would be.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.evaluation.annotate.RecordLayout}: the chunks of one record and, once
 *       its beats are known, the template and scoring tasks with their read ranges.
 * </ul>
 */
package org.ecgplatform.evaluation.annotate;
