package org.ecgplatform.etl.beats;

import java.util.Locale;
import java.util.Map;

/**
 * Assigns whole records, hence whole patients, to a {@link Split}; never individual beats.
 * Implementations are deterministic (same inputs and seed, same answer) and keep every patient on
 * one side: {@link DeChazalSplit} (the MIT-BIH inter-patient protocol) and {@link HashSplit}
 * (seeded fractions for any database). {@link #byDatabase} routes each database to its own.
 */
@FunctionalInterface
public interface SplitAssigner {

  /** The split of {@code record} of {@code database}. */
  Split assign(String database, String record);

  /**
   * Routes by database name (case-insensitive) and uses {@code fallback} for the others, e.g.
   * {@code byDatabase(Map.of("mitdb", DeChazalSplit.published(v)), new HashSplit(...))}.
   */
  static SplitAssigner byDatabase(Map<String, SplitAssigner> perDatabase, SplitAssigner fallback) {
    Map<String, SplitAssigner> copy = new java.util.HashMap<>();
    perDatabase.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), v));
    return (database, record) ->
        copy.getOrDefault(database.toLowerCase(Locale.ROOT), fallback).assign(database, record);
  }
}
