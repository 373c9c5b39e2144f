package org.ecgplatform.evaluation.explain;

/**
 * One beat of a record as the dataset holds it (the model's input).
 *
 * @param sample annotation sample in the source record
 * @param timeS time from the record start, seconds
 * @param symbol original annotation mnemonic (e.g. {@code A}, {@code V}), or empty when unknown
 * @param rr RR feature columns, in the model's order, seconds
 * @param window lead-major window, millivolts
 */
public record RecordBeat(long sample, double timeS, String symbol, float[] rr, float[] window) {}
