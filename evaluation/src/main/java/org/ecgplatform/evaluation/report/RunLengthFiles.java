package org.ecgplatform.evaluation.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.Ratio;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity.Context;

/**
 * {@value #FILE_NAME}: the sensitivity to S and V beats by the run of their class they stand in
 * ({@link RunLengthSensitivity}), one row per class and context: {@code
 * class,context,run_length,beats,detected,sensitivity,class_mapping} (sensitivity empty when there
 * is no such beat; the class mapping last, as in every evaluation CSV).
 */
public final class RunLengthFiles {
  public static final String FILE_NAME = "sensitivity_by_run_length.csv";

  private RunLengthFiles() {}

  public static String toCsv(RunLengthSensitivity s, ClassMapping mapping) {
    List<List<?>> rows = new ArrayList<>();
    for (AamiClass c : RunLengthSensitivity.CLASSES) {
      for (Context context : Context.values()) {
        Ratio r = s.sensitivity(c, context);
        rows.add(List.of(c.name(), context.label(), context.length(), r.denominator(), r.numerator(), r.value(),
            mapping.configName()));
      }
    }
    return Csv.write(List.of("class", "context", "run_length", "beats", "detected", "sensitivity",
        MetricsFiles.CLASS_MAPPING_COLUMN), rows);
  }

  /** A configuration's and seed's counts, summed over the folds whose evaluation has the file. */
  public record Pooled(String config, long seed, int folds, RunLengthSensitivity counts) {}

  /**
   * {@code cv-run-length.csv} of the cross-validation summary: {@code
   * config,seed,folds,class,context,run_length,beats,detected,sensitivity}, one row per
   * configuration, seed, class and context, in the order given.
   */
  public static String pooledCsv(List<Pooled> pooled) {
    List<List<?>> rows = new ArrayList<>();
    for (Pooled p : pooled) {
      for (AamiClass c : RunLengthSensitivity.CLASSES) {
        for (Context context : Context.values()) {
          Ratio r = p.counts().sensitivity(c, context);
          rows.add(List.of(p.config(), p.seed(), p.folds(), c.name(), context.label(), context.length(), r.denominator(),
              r.numerator(), r.value()));
        }
      }
    }
    return Csv.write(List.of("config", "seed", "folds", "class", "context", "run_length", "beats", "detected", "sensitivity"), rows);
  }

  /** Reads a file {@link #toCsv} wrote; {@code source} names it in errors. */
  public static RunLengthSensitivity parse(String csv, String source) {
    RunLengthSensitivity s = new RunLengthSensitivity();
    try {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))) {
        s.add(AamiClass.valueOf(r.get("class")), Context.ofLabel(r.get("context")), Long.parseLong(r.get("beats")),
            Long.parseLong(r.get("detected")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new EcgPlatformException("Cannot read " + source + ": " + e.getMessage() + " (is it an evaluation's "
          + FILE_NAME + "?)", e);
    }
    return s;
  }
}
