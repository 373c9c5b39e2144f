/**
 * Pure signal processing over plain arrays: cleaning and resampling of ECG leads. Imports no Spark
 * and no WFDB code; every function takes and returns arrays.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.etl.signal.SignalCleaner} with {@link
 *       org.ecgplatform.etl.signal.CleaningConfig}: baseline-wander removal (de Chazal's two median
 *       filters, or a zero-phase high-pass), optional mains notch, zero-phase low-pass.
 *   <li>{@link org.ecgplatform.etl.signal.SlidingMedian}: O(n log w) running median (indexed
 *       two-heap method).
 *   <li>{@link org.ecgplatform.etl.signal.Butterworth}: low-pass, high-pass and notch design by the
 *       bilinear transform, as {@link org.ecgplatform.etl.signal.SosFilter} second-order sections.
 *   <li>{@link org.ecgplatform.etl.signal.ZeroPhase}: forward-backward filtering (filtfilt) with odd
 *       extension and steady-state initial conditions.
 *   <li>{@link org.ecgplatform.etl.signal.Resampler} with {@link
 *       org.ecgplatform.etl.signal.ResamplingConfig}: rational polyphase Kaiser-windowed-sinc
 *       resampling without delay, and the matching mapping of annotation positions.
 * </ul>
 */
package org.ecgplatform.etl.signal;
