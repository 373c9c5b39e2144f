package org.ecgplatform.evaluation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layers of the evaluation module, imports one way: metrics ← report, explain, annotate ← spark ← cli. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.ecgplatform.evaluation");
  }

  @Test
  void metricsArePureJava() {
    noClasses().that().resideInAPackage("org.ecgplatform.evaluation.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..",
            "org.ecgplatform.evaluation.report..", "org.ecgplatform.evaluation.spark..", "org.ecgplatform.evaluation.cli..")
        .check(classes);
  }

  @Test
  void reportDoesNotUseSpark() {
    noClasses().that().resideInAPackage("org.ecgplatform.evaluation.report..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..",
            "org.ecgplatform.evaluation.spark..", "org.ecgplatform.evaluation.cli..")
        .check(classes);
  }

  @Test
  void explainDoesNotUseSpark() {
    noClasses().that().resideInAPackage("org.ecgplatform.evaluation.explain..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..",
            "org.ecgplatform.evaluation.spark..", "org.ecgplatform.evaluation.cli..", "org.ecgplatform.evaluation.report..")
        .check(classes);
  }

  @Test
  void annotationPlanningIsPureJava() {
    noClasses().that().resideInAPackage("org.ecgplatform.evaluation.annotate..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..",
            "org.ecgplatform.evaluation.spark..", "org.ecgplatform.evaluation.cli..", "org.ecgplatform.evaluation.report..")
        .check(classes);
  }

  @Test
  void rhythmIsPureJava() {
    noClasses().that().resideInAPackage("org.ecgplatform.evaluation.rhythm..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..",
            "org.ecgplatform.evaluation.spark..", "org.ecgplatform.evaluation.cli..", "org.ecgplatform.evaluation.report..")
        .check(classes);
  }

  @Test
  void sparkLayerDoesNotDependOnCli() {
    noClasses().that().resideInAPackage("org.ecgplatform.evaluation.spark..")
        .should().dependOnClassesThat().resideInAPackage("org.ecgplatform.evaluation.cli..")
        .check(classes);
  }
}
