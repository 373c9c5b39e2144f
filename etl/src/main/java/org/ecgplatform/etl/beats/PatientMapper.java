package org.ecgplatform.etl.beats;

import java.util.Locale;
import java.util.Map;

/**
 * Maps a record to the patient it was recorded from: splits group records by this key. The default
 * ({@link #RECORD_IS_PATIENT}) treats each record as its own patient, which is right for databases
 * with one record per patient. {@link #MIT_BIH} knows the one MIT-BIH patient with two records:
 * records 201 and 202 come from the same subject (MIT-BIH Arrhythmia Database Directory), so both map
 * to patient {@code "201"}.
 */
@FunctionalInterface
public interface PatientMapper {

  /** The patient key of {@code record} in {@code database}. */
  String patientOf(String database, String record);

  /** Every record is its own patient. */
  PatientMapper RECORD_IS_PATIENT = (database, record) -> record;

  /** MIT-BIH Arrhythmia: record 202 is patient 201; otherwise the record name. */
  PatientMapper MIT_BIH = fromTable(Map.of("202", "201"));

  /** Records listed in {@code recordToPatient} map to their patient, others to themselves. */
  static PatientMapper fromTable(Map<String, String> recordToPatient) {
    Map<String, String> copy = Map.copyOf(recordToPatient);
    return (database, record) -> copy.getOrDefault(record, record);
  }

  /** {@link #MIT_BIH} for {@code mitdb}, {@link #RECORD_IS_PATIENT} for other databases. */
  PatientMapper DEFAULT = (database, record) ->
      "mitdb".equals(database.toLowerCase(Locale.ROOT))
          ? MIT_BIH.patientOf(database, record)
          : RECORD_IS_PATIENT.patientOf(database, record);
}
