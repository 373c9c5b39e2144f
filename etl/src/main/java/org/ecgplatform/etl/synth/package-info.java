/**
 * Synthetic, labelled ECG records from the dynamical model of McSharry, Clifford, Tarassenko and
 * Smith (ECGSYN, IEEE Trans. Biomed. Eng. 50(3), 2003). Pure Java: no Spark, no Hadoop; the Spark
 * job is {@code org.ecgplatform.etl.spark.SynthJob}, the command line
 * {@code org.ecgplatform.etl.cli.SynthMain} ({@code submit-scripts/synth.sh}).
 *
 * <ul>
 *   <li>{@link org.ecgplatform.etl.synth.SynthConfig}: validated settings (records, duration,
 *       sampling rate, class mix, heart rate and its variability, noise, wander, patient spread,
 *       seed).
 *   <li>{@link org.ecgplatform.etl.synth.PatientTraits}: each record's patient, drawn around the
 *       settings (rate, QRS width and axis, beat shapes, noise, ectopy); the table of
 *       {@link org.ecgplatform.etl.synth.EctopyProfile}s says which kinds of ectopy occur how often.
 *   <li>{@link org.ecgplatform.etl.synth.SyntheticEcgGenerator}: record {@code i} of a database;
 *       the walkthrough of the whole method.
 *   <li>{@link org.ecgplatform.etl.synth.BeatType}, {@link org.ecgplatform.etl.synth.Morphology},
 *       {@link org.ecgplatform.etl.synth.Wave}: the tables of beat types (symbol, timing, shape).
 *   <li>{@link org.ecgplatform.etl.synth.BeatSchedule}: sinus rhythm plus ectopic beats;
 *       {@code RrTachogram}: the LF/HF heart-rate variability; {@code EcgsynModel}: the ODEs.
 *   <li>{@link org.ecgplatform.etl.synth.SynthRecord}, {@link org.ecgplatform.etl.synth.SynthBeat}:
 *       the output; {@link org.ecgplatform.etl.synth.SynthWfdb}: writes it as a WFDB record
 *       (.hea, .dat, .atr) and the database's RECORDS file through the wfdb package's writers.
 * </ul>
 */
package org.ecgplatform.etl.synth;
