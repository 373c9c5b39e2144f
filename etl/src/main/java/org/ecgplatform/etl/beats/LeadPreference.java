package org.ecgplatform.etl.beats;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgplatform.common.ConfigException;

/**
 * Which leads {@link LeadSelector} picks for one database. Immutable; validated on construction.
 *
 * <p>Lead names are compared case-insensitively, ignoring spaces. Presets: {@link #MIT_BIH} (primary
 * {@code MLII}, second lead {@code V1, V2, V5, V4}), {@link #GENERIC} (primary {@code MLII, II, ECG1,
 * ECG}, second lead {@code V1, V2, V5, V4, ECG2}); both select two leads. {@link #forDatabase} falls
 * back to {@code GENERIC} for databases without a preset.
 *
 * @param primary names tried in order for the first lead; when none is present the first ECG lead
 *     of the record is taken
 * @param secondary names tried in order for the second lead; when none is present, the next ECG
 *     lead after the first one (in record order) is taken
 * @param secondLead whether to select a second lead at all
 */
public record LeadPreference(List<String> primary, List<String> secondary, boolean secondLead) implements java.io.Serializable {
  /** MIT-BIH Arrhythmia Database: MLII in 45 of 48 records; the second lead varies (V1, V2, V4, V5). */
  public static final LeadPreference MIT_BIH =
      new LeadPreference(List.of("MLII"), List.of("V1", "V2", "V5", "V4"), true);

  /** Any other database. */
  public static final LeadPreference GENERIC =
      new LeadPreference(List.of("MLII", "II", "ECG1", "ECG"), List.of("V1", "V2", "V5", "V4", "ECG2"), true);

  private static final Map<String, LeadPreference> PRESETS = Map.of("mitdb", MIT_BIH);

  public LeadPreference {
    if (primary == null || primary.stream().anyMatch(s -> s == null || s.isBlank())) {
      throw ConfigException.invalid("etl.leads.preference", primary, "a list of lead names without blanks");
    }
    if (secondary == null || secondary.stream().anyMatch(s -> s == null || s.isBlank())) {
      throw ConfigException.invalid("etl.leads.second-preference", secondary, "a list of lead names without blanks");
    }
    primary = List.copyOf(primary);
    secondary = List.copyOf(secondary);
  }

  /** The preset for a database name (case-insensitive), {@link #GENERIC} when there is none. */
  public static LeadPreference forDatabase(String database) {
    return PRESETS.getOrDefault(database.toLowerCase(Locale.ROOT), GENERIC);
  }

  /** The same preference selecting only one lead. */
  public LeadPreference singleLead() {
    return new LeadPreference(primary, secondary, false);
  }
}
