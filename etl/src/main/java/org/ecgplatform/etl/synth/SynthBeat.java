package org.ecgplatform.etl.synth;

/**
 * One annotated beat of a synthetic record.
 *
 * @param sample sample index of the R peak (the annotation's position): the extremum of the clean
 *     first lead within the QRS, so exactly where the generated R peak is
 * @param type beat type (its MIT symbol is the annotation)
 * @param scheduledRTimeS time (s) at which the model's phase was aimed to pass the R angle
 * @param sinusRrS the underlying sinus RR interval (s) in force when the beat was placed
 */
public record SynthBeat(int sample, BeatType type, double scheduledRTimeS, double sinusRrS) {}
