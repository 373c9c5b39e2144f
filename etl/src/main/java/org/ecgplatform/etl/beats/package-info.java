/**
 * Pure beat-level logic over plain arrays. Imports no Spark and no WFDB code.
 *
 * <ul>
 *   <li>Labels: {@link org.ecgplatform.etl.beats.AamiClass}, the one MIT-BIH symbol to AAMI EC57
 *       class table.
 *   <li>Lead selection: {@link org.ecgplatform.etl.beats.LeadSelector} with per-database {@link
 *       org.ecgplatform.etl.beats.LeadPreference}.
 *   <li>Per-record pipeline: {@link org.ecgplatform.etl.beats.BeatExtractor} (clean → resample →
 *       segment) with {@link org.ecgplatform.etl.beats.ExtractionConfig}, returning a {@link
 *       org.ecgplatform.etl.beats.Segmentation} of {@link org.ecgplatform.etl.beats.Beat}s and
 *       counts.
 *   <li>Segmentation: {@link org.ecgplatform.etl.beats.BeatSegmenter} with {@link
 *       org.ecgplatform.etl.beats.WindowConfig} over {@link org.ecgplatform.etl.beats.Annotations};
 *       RR features in {@link org.ecgplatform.etl.beats.RrFeatures}.
 *   <li>Splits by patient: {@link org.ecgplatform.etl.beats.SplitAssigner} → {@link
 *       org.ecgplatform.etl.beats.Split}; {@link org.ecgplatform.etl.beats.DeChazalSplit} (MIT-BIH
 *       DS1/DS2), {@link org.ecgplatform.etl.beats.HashSplit} (seeded fractions), {@link
 *       org.ecgplatform.etl.beats.ValidationDraw}, {@link org.ecgplatform.etl.beats.PatientMapper}.
 *   <li>Augmentation of training beats: {@link org.ecgplatform.etl.beats.Augmenter} with {@link
 *       org.ecgplatform.etl.beats.AugmentationConfig} and {@link
 *       org.ecgplatform.etl.beats.NoiseSource}; the single operations in {@link
 *       org.ecgplatform.etl.beats.Augmentations}.
 * </ul>
 */
package org.ecgplatform.etl.beats;
