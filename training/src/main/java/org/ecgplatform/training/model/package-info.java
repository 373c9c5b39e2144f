/**
 * The beat classifier itself, free of Spark.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.training.model.NetworkConfig}, {@link org.ecgplatform.training.model.BeatNetwork}:
 *       the CNN+LSTM graph, every size from the config.
 *   <li>{@link org.ecgplatform.training.model.Normalizer}: training-split statistics applied to inputs.
 *   <li>{@link org.ecgplatform.training.model.ModelMetadata}, {@link org.ecgplatform.training.model.EpochMetrics}:
 *       the versioned {@code model.json}.
 *   <li>{@link org.ecgplatform.training.model.BeatModel}: the loaded artifact used by evaluation.
 *       It reads and writes through {@code org.ecgplatform.etl.io.HadoopFiles}, on any Hadoop FS.
 *   <li>{@link org.ecgplatform.training.model.Saliency}, {@link org.ecgplatform.training.model.SaliencyMethod}:
 *       which inputs drove a decision (integrated gradients or the plain gradient), for the error analysis.
 * </ul>
 */
package org.ecgplatform.training.model;
