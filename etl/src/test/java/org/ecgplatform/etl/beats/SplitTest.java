package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;

class SplitTest {
  private static final List<String> MITDB_RECORDS = new ArrayList<>();

  static {
    MITDB_RECORDS.addAll(DeChazalSplit.DS1);
    MITDB_RECORDS.addAll(DeChazalSplit.DS2);
    MITDB_RECORDS.addAll(DeChazalSplit.PACED);
  }

  /** patient -> the set of splits its records landed in (excluded records do not count). */
  private static Map<String, Set<Split>> sidesPerPatient(SplitAssigner a, String db, List<String> records,
      PatientMapper patients) {
    Map<String, Set<Split>> sides = new HashMap<>();
    for (String r : records) {
      Split s = a.assign(db, r);
      if (s != Split.EXCLUDED) {
        sides.computeIfAbsent(patients.patientOf(db, r), k -> new HashSet<>()).add(s);
      }
    }
    return sides;
  }

  @Test
  void deChazalListsAreExactlyThePublishedOnes() {
    assertThat(DeChazalSplit.DS1).containsExactly(
        "101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122",
        "124", "201", "203", "205", "207", "208", "209", "215", "220", "223", "230");
    assertThat(DeChazalSplit.DS2).containsExactly(
        "100", "103", "105", "111", "113", "117", "121", "123", "200", "202", "210",
        "212", "213", "214", "219", "221", "222", "228", "231", "232", "233", "234");
    assertThat(DeChazalSplit.PACED).containsExactly("102", "104", "107", "217");
    assertThat(new HashSet<>(MITDB_RECORDS)).hasSize(48);
  }

  @Test
  void deChazalAssignsDs1ToTrainOrValidationDs2ToTestPacedExcluded() {
    DeChazalSplit split = DeChazalSplit.published(ValidationDraw.NONE);
    Map<Split, Integer> counts = new EnumMap<>(Split.class);
    for (String r : MITDB_RECORDS) {
      counts.merge(split.assign("mitdb", r), 1, Integer::sum);
    }
    assertThat(counts).containsEntry(Split.TRAIN, 22).containsEntry(Split.TEST, 22).containsEntry(Split.EXCLUDED, 4);

    DeChazalSplit withVal = DeChazalSplit.published(ValidationDraw.count(7, 4));
    assertThat(withVal.validationPatients()).hasSize(4).isSubsetOf(DeChazalSplit.DS1);
    for (String r : DeChazalSplit.DS1) {
      assertThat(withVal.assign("mitdb", r)).isIn(Split.TRAIN, Split.VALIDATION);
    }
    for (String r : DeChazalSplit.DS2) {
      assertThat(withVal.assign("mitdb", r)).isEqualTo(Split.TEST);
    }
  }

  @Test
  void deChazalKeepsEveryPatientOnOneSideExceptThePublished201And202OverManySeeds() {
    for (long seed = 0; seed < 200; seed++) {
      Map<String, Set<Split>> published = sidesPerPatient(
          DeChazalSplit.published(ValidationDraw.fraction(seed, 0.2)), "mitdb", MITDB_RECORDS, PatientMapper.MIT_BIH);
      published.forEach((patient, sides) -> {
        if (!patient.equals("201")) {
          assertThat(sides).as("patient %s", patient).hasSize(1);
        }
      });
      assertThat(published.get("201")).contains(Split.TEST).hasSize(2);
      Map<String, Set<Split>> strict = sidesPerPatient(
          DeChazalSplit.strictPatients(ValidationDraw.fraction(seed, 0.2)), "mitdb", MITDB_RECORDS,
          PatientMapper.MIT_BIH);
      strict.forEach((patient, sides) -> assertThat(sides).as("patient %s", patient).hasSize(1));
    }
    assertThat(DeChazalSplit.strictPatients(ValidationDraw.NONE).assign("mitdb", "202")).isEqualTo(Split.EXCLUDED);
  }

  @Test
  void deChazalRejectsUnknownRecords() {
    assertThatThrownBy(() -> DeChazalSplit.published(ValidationDraw.NONE).assign("mitdb", "999"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("999");
  }

  @Test
  void validationDrawIsSeededAndOrderIndependent() {
    List<String> patients = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    List<String> reversed = new ArrayList<>(patients);
    java.util.Collections.reverse(reversed);
    ValidationDraw d = ValidationDraw.fraction(3, 0.3);
    assertThat(d.draw(patients)).hasSize(3).isEqualTo(d.draw(reversed));
    Set<Set<String>> distinct = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      distinct.add(ValidationDraw.count(seed, 3).draw(patients));
    }
    assertThat(distinct.size()).isGreaterThan(5);
    assertThatThrownBy(() -> ValidationDraw.count(1, 10).draw(patients)).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> new ValidationDraw(1, 0.2, 3)).hasMessageContaining("etl.split.validation.count");
  }

  @Test
  void hashSplitNeverPutsAPatientOnTwoSidesAndApproachesItsFractions() {
    // 2,000 records of 500 patients (4 records each) in a made-up database.
    Map<String, String> recordToPatient = new HashMap<>();
    List<String> records = new ArrayList<>();
    for (int r = 0; r < 2000; r++) {
      String rec = "r" + r;
      records.add(rec);
      recordToPatient.put(rec, "p" + (r % 500));
    }
    PatientMapper patients = PatientMapper.fromTable(recordToPatient);
    for (long seed = 0; seed < 50; seed++) {
      HashSplit split = new HashSplit(seed, 0.7, 0.1, 0.2, patients);
      Map<String, Set<Split>> sides = sidesPerPatient(split, "incartdb", records, patients);
      long seedUsed = seed;
      sides.forEach((p, s) -> assertThat(s).as("patient %s seed %d", p, seedUsed).hasSize(1));
      long train = sides.values().stream().filter(s -> s.contains(Split.TRAIN)).count();
      assertThat(train).isBetween(300L, 400L);
    }
  }

  @Test
  void hashSplitIsDeterministicAndSeedDependent() {
    HashSplit a = HashSplit.defaults(1);
    int differ = 0;
    for (int r = 0; r < 200; r++) {
      assertThat(a.assign("db", "r" + r)).isEqualTo(HashSplit.defaults(1).assign("db", "r" + r));
      if (a.assign("db", "r" + r) != HashSplit.defaults(2).assign("db", "r" + r)) {
        differ++;
      }
    }
    assertThat(differ).isGreaterThan(20);
    assertThatThrownBy(() -> new HashSplit(1, 0.7, 0.2, 0.2, PatientMapper.DEFAULT))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sum to 1");
  }

  @Test
  void byDatabaseRoutesMitdbToDeChazalAndOthersToTheFallback() {
    SplitAssigner a = SplitAssigner.byDatabase(
        Map.of("mitdb", DeChazalSplit.published(ValidationDraw.NONE)), HashSplit.defaults(5));
    assertThat(a.assign("MITDB", "100")).isEqualTo(Split.TEST);
    assertThat(a.assign("mitdb", "104")).isEqualTo(Split.EXCLUDED);
    assertThat(a.assign("other", "100")).isEqualTo(HashSplit.defaults(5).assign("other", "100"));
    assertThat(Split.VALIDATION.columnValue()).isEqualTo("val");
  }

  @Test
  void mitBihPatientMappingJoins201And202() {
    assertThat(PatientMapper.DEFAULT.patientOf("mitdb", "202")).isEqualTo("201");
    assertThat(PatientMapper.DEFAULT.patientOf("mitdb", "203")).isEqualTo("203");
    assertThat(PatientMapper.DEFAULT.patientOf("otherdb", "202")).isEqualTo("202");
  }
}
