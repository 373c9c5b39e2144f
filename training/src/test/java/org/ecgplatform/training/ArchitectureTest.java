package org.ecgplatform.training;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layers of the training module: model (pure) ← data ← spark ← cli. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.ecgplatform.training");
  }

  @Test
  void modelImportsNoSpark() {
    noClasses().that().resideInAnyPackage("org.ecgplatform.training.model..", "org.ecgplatform.training.local..",
            "org.ecgplatform.training.config..", "org.ecgplatform.training.report..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
        .check(classes);
  }

  @Test
  void lowerLayersDoNotReachUp() {
    noClasses().that().resideInAnyPackage("org.ecgplatform.training.model..", "org.ecgplatform.training.data..")
        .should().dependOnClassesThat().resideInAnyPackage("org.ecgplatform.training.spark..", "org.ecgplatform.training.cli..")
        .check(classes);
    noClasses().that().resideInAPackage("org.ecgplatform.training.spark..")
        .should().dependOnClassesThat().resideInAPackage("org.ecgplatform.training.cli..")
        .check(classes);
  }
}
