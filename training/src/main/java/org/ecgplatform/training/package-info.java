/**
 * Training of the beat classifier.
 *
 * <ul>
 *   <li>{@code model}: the network, normalisation, metadata and the loaded artifact ({@code BeatModel}); no Spark.
 *   <li>{@code config}: {@code TrainConfig}, the typed {@code training} block of {@code reference.conf}.
 *   <li>{@code data}: dataset contract checks, rows to beats to {@code MultiDataSet}s, class weights, epoch layout.
 *   <li>{@code spark}: {@code TrainJob}, parameter averaging, validation, checkpoints.
 *   <li>{@code local}: {@code LocalTrainer}, the same network in one JVM (the baseline for the cost of distribution).
 *   <li>{@code report}: metrics CSV and training curve.
 *   <li>{@code cli}: {@code TrainMain}.
 * </ul>
 */
package org.ecgplatform.training;
