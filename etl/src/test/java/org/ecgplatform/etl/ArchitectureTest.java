package org.ecgplatform.etl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the layering of the ETL module: WFDB reader ← signal processing, QRS detection ← beats ←
 * Spark glue ← CLI.
 * Pure packages import no Spark and no Hadoop-free assumption is broken by a lower layer reaching
 * upwards.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.ecgplatform");
  }

  @Test
  void purePackagesImportNoSpark() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.ecgplatform.common..",
            "org.ecgplatform.etl.wfdb..",
            "org.ecgplatform.etl.signal..",
            "org.ecgplatform.etl.detect..",
            "org.ecgplatform.etl.beats..",
            "org.ecgplatform.etl.dataset..",
            "org.ecgplatform.etl.synth..",
            // Hadoop file access, shared with the pure layers of training and evaluation.
            "org.ecgplatform.etl.io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "scala..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void wfdbReaderDependsOnNothingAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("org.ecgplatform.etl.wfdb..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.ecgplatform.etl.signal..",
            "org.ecgplatform.etl.detect..",
            "org.ecgplatform.etl.beats..",
            "org.ecgplatform.etl.spark..",
            "org.ecgplatform.etl.cli..",
            "org.ecgplatform.etl.synth..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void signalProcessingDependsOnlyDownwards() {
    noClasses()
        .that()
        .resideInAnyPackage("org.ecgplatform.etl.signal..", "org.ecgplatform.etl.detect..", "org.ecgplatform.etl.beats..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.ecgplatform.etl.spark..", "org.ecgplatform.etl.cli..")
        .allowEmptyShould(true)
        .check(classes);
  }

  /** The QRS detector works on plain arrays: no WFDB reader, no Hadoop, nothing but the JDK and common. */
  @Test
  void qrsDetectorDependsOnlyOnTheJdkAndCommon() {
    classes()
        .that()
        .resideInAPackage("org.ecgplatform.etl.detect..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "org.ecgplatform.common..", "org.ecgplatform.etl.detect..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void sparkGlueDoesNotDependOnCli() {
    noClasses()
        .that()
        .resideInAPackage("org.ecgplatform.etl.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.ecgplatform.etl.cli..")
        .allowEmptyShould(true)
        .check(classes);
  }
}
