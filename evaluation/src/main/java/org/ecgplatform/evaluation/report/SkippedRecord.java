package org.ecgplatform.evaluation.report;

import java.io.Serializable;

/**
 * A record an evaluation run did not score, and why ("no test annotation file 105.qrs", the
 * message of an unreadable file …). Runs report these instead of dropping records silently.
 *
 * @param record record name
 * @param reason what was missing or wrong
 */
public record SkippedRecord(String record, String reason) implements Serializable {}
