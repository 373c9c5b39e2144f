/**
 * QRS detection (beat finding) on plain arrays of one or more leads at any sampling rate, for
 * records that come without reference annotations. Pure Java: no Spark, no Hadoop, no WFDB code.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.etl.detect.QrsDetector} with {@link
 *       org.ecgplatform.etl.detect.QrsDetectorConfig}: the detector and the walkthrough of its
 *       method (Pan–Tompkins family, multi-lead, offline thresholds).
 *   <li>{@link org.ecgplatform.etl.detect.QrsChunks}: cutting a long record into overlapping chunks
 *       and merging their beats; the margin that makes chunked and whole-record beats equal.
 *   <li>Package-private steps: {@code SlopeEnergy} (per-lead detection signal), {@code Fusion}
 *       (lead weighting and levels), {@code Candidates}, {@code BeatDecider} (decision rules),
 *       {@code Blocks} (absolute one-second blocks).
 * </ul>
 *
 * The tests score detections with the detection-only part of PhysioNet's bxb ({@code
 * GrossBeatMatcher}, test scope); {@code org.ecgplatform.etl.bench.QrsDetectionBenchmark} runs all of
 * the MIT-BIH Arrhythmia Database and the noise stress test records.
 */
package org.ecgplatform.etl.detect;
