package org.ecgplatform.etl.beats;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecgplatform.common.ConfigException;

/**
 * The inter-patient split of the MIT-BIH Arrhythmia Database by de Chazal, O'Dwyer and Reilly
 * ("Automatic classification of heartbeats using ECG morphology and heartbeat interval features",
 * IEEE Trans. Biomed. Eng. 51(7):1196-1206, 2004): training set DS1 and test set DS2 of 22 records
 * each, the four paced records (102, 104, 107, 217) excluded, as AAMI EC57 recommends. A validation
 * set is drawn by patient from DS1 ({@link ValidationDraw}).
 *
 * <p><b>Known caveat.</b> Records 201 (DS1) and 202 (DS2) come from the same patient, so the published
 * split shares one patient between training and test. {@link #published} keeps the published
 * assignment, so results stay comparable with the literature; {@link #strictPatients} excludes 202
 * instead, so that no patient is on two sides.
 */
public final class DeChazalSplit implements SplitAssigner {
  /** DS1, the training records. */
  public static final List<String> DS1 = List.of(
      "101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122",
      "124", "201", "203", "205", "207", "208", "209", "215", "220", "223", "230");

  /** DS2, the test records. */
  public static final List<String> DS2 = List.of(
      "100", "103", "105", "111", "113", "117", "121", "123", "200", "202", "210",
      "212", "213", "214", "219", "221", "222", "228", "231", "232", "233", "234");

  /** Records with paced beats, excluded from both sets. */
  public static final List<String> PACED = List.of("102", "104", "107", "217");

  private final Set<String> validationPatients;
  private final Set<String> test;
  private final Set<String> excluded;

  private DeChazalSplit(ValidationDraw validation, List<String> validationRecords, boolean strict) {
    this.test = new HashSet<>(DS2);
    this.excluded = new HashSet<>(PACED);
    if (strict) {
      test.remove("202");
      excluded.add("202");
    }
    Set<String> trainPatients = new HashSet<>();
    for (String r : DS1) {
      trainPatients.add(PatientMapper.MIT_BIH.patientOf("mitdb", r));
    }
    if (validationRecords.isEmpty()) {
      this.validationPatients = validation.draw(trainPatients);
    } else {
      this.validationPatients = new HashSet<>();
      for (String r : validationRecords) {
        if (!DS1.contains(r)) {
          throw ConfigException.invalid("etl.split.validation.records", r, "DS1 records (" + DS1 + ")");
        }
        validationPatients.add(PatientMapper.MIT_BIH.patientOf("mitdb", r));
      }
      if (validationPatients.size() >= trainPatients.size()) {
        throw ConfigException.invalid("etl.split.validation.records", validationRecords, "fewer than all DS1 patients");
      }
    }
  }

  /** de Chazal's published DS1/DS2, with 201/202 on both sides (see the class comment). */
  public static DeChazalSplit published(ValidationDraw validation) {
    return new DeChazalSplit(validation, List.of(), false);
  }

  /** DS1/DS2 with record 202 excluded, so that no patient is in two splits. */
  public static DeChazalSplit strictPatients(ValidationDraw validation) {
    return new DeChazalSplit(validation, List.of(), true);
  }

  /**
   * DS1/DS2 with the given DS1 records as the validation split instead of a seeded draw (e.g.
   * patients with supraventricular beats, so that early stopping sees that class).
   *
   * @param strict exclude record 202 as {@link #strictPatients} does
   */
  public static DeChazalSplit withValidationRecords(List<String> validationRecords, boolean strict) {
    return new DeChazalSplit(ValidationDraw.NONE, List.copyOf(validationRecords), strict);
  }

  /** The patients of DS1 moved to validation. */
  public Set<String> validationPatients() {
    return Set.copyOf(validationPatients);
  }

  /**
   * @throws ConfigException for a record that is not in the MIT-BIH Arrhythmia Database
   */
  @Override
  public Split assign(String database, String record) {
    if (excluded.contains(record)) {
      return Split.EXCLUDED;
    }
    if (test.contains(record)) {
      return Split.TEST;
    }
    if (DS1.contains(record)) {
      return validationPatients.contains(PatientMapper.MIT_BIH.patientOf(database, record))
          ? Split.VALIDATION
          : Split.TRAIN;
    }
    throw ConfigException.invalid("record of " + database, record,
        "one of the 48 MIT-BIH Arrhythmia records (de Chazal's DS1, DS2 or paced); use HashSplit for other databases");
  }
}
