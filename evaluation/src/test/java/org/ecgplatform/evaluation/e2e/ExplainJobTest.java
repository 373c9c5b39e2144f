package org.ecgplatform.evaluation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.cli.Cli;
import org.ecgplatform.evaluation.cli.ExplainMain;
import org.ecgplatform.evaluation.explain.ConfusionCell;
import org.ecgplatform.evaluation.explain.Explanation;
import org.ecgplatform.evaluation.explain.ExplanationReport;
import org.ecgplatform.evaluation.explain.SaliencyChart;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import org.ecgplatform.evaluation.spark.EvaluateResult;
import org.ecgplatform.evaluation.spark.ExplainConfig;
import org.ecgplatform.evaluation.spark.ExplainJob;
import org.ecgplatform.evaluation.spark.ExplainResult;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.SaliencyMethod;
import org.ecgplatform.training.spark.TrainJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error analysis end to end on local Spark: a small rhythm dataset, a model trained on it by
 * the real training job (both kinds), the real evaluation, then the analysis; checks the files, the
 * pictures, that the examples are from the requested cells and spread over records, that the
 * beat-sequence model's examples were scored in the sequences the evaluation scored them in, and
 * that a model that is not the evaluated one is refused.
 */
@ExtendWith(SharedSpark.class)
class ExplainJobTest {
  @TempDir static Path tmp;
  private static Path dataset;

  @BeforeAll
  static void writeDataset(SparkSession spark) throws IOException {
    dataset = tmp.resolve("dataset");
    RhythmFixture.write(spark, dataset, 3);
  }

  private static Path trainAndEvaluate(SparkSession spark, String name, String modelSettings) {
    Path model = tmp.resolve(name + "/model");
    TrainJob.run(spark, TrainConfig.of("""
        training {
          dataset = "%s"
          output = "%s"
          epochs = 1
          learning-rate = 0.005
          absent-classes-allowed = [F, Q]
          network { conv1-filters = 8, conv2-filters = 8, lstm-units = 16, dense-units = 16 }
          spark { workers = 2, batch-size-per-worker = 32, averaging-frequency = 2 }
          %s
        }
        """.formatted(dataset, model, modelSettings)));
    return model;
  }

  private static EvaluateResult evaluate(SparkSession spark, Path model, Path out, String... overrides) {
    List<String> all = new ArrayList<>(List.of("evaluation.write-annotations=false"));
    all.addAll(List.of(overrides));
    return EvaluateJob.run(spark, EvaluateConfig.from(ConfigLoader.load(null, all, "evaluation"), model.toString(),
        dataset.toString(), out.toString(), null));
  }

  /** The two most frequent off-diagonal cells of a matrix. */
  private static List<ConfusionCell> topCells(ConfusionMatrix m, int n) {
    List<ConfusionCell> cells = new ArrayList<>();
    for (AamiClass r : AamiClass.values()) {
      for (AamiClass p : AamiClass.values()) {
        if (r != p && m.count(r, p) > 0) {
          cells.add(new ConfusionCell(r, p));
        }
      }
    }
    cells.sort((a, b) -> Long.compare(m.count(b.reference(), b.predicted()), m.count(a.reference(), a.predicted())));
    return cells.subList(0, Math.min(n, cells.size()));
  }

  private static List<CSVRecord> csv(Path file) throws IOException {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(Files.readString(file))).getRecords();
  }

  @Test
  void theBeatModelsErrorsBecomePicturesAnIndexAndCsvFromTheCommandLine(SparkSession spark) throws IOException {
    Path model = trainAndEvaluate(spark, "beat", "model = beat");
    Path evaluation = tmp.resolve("beat/evaluation");
    EvaluateResult evaluated = evaluate(spark, model, evaluation);
    List<ConfusionCell> requested = topCells(evaluated.metrics().overall(), 2);
    assertThat(requested).as("the model makes errors on this fixture").isNotEmpty();
    String cells = String.join(",", requested.stream().map(ConfusionCell::toString).toList());

    Path out = tmp.resolve("beat/explained");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = ExplainMain.execute(spark, new PrintWriter(stdout, true), new PrintWriter(stderr, true),
        "--model", model.toString(), "--dataset", dataset.toString(), "--evaluation", evaluation.toString(),
        "--output", out.toString(), "--cells", cells, "--per-confusion", "3", "evaluation.explain.integration-steps=16");
    assertThat(code).as("stderr: %s", stderr).isZero();
    assertThat(stdout.toString()).contains("Error analysis", ExplanationReport.INDEX_MD);
    assertThat(out.resolve("_SUCCESS")).exists();

    // examples.csv: only the requested cells, at most 3 each, spread over the records holding them.
    List<CSVRecord> rows = csv(out.resolve(ExplanationReport.EXAMPLES_CSV));
    assertThat(rows).isNotEmpty();
    Map<String, ConfusionMatrix> perRecord = evaluated.metrics().perRecord();
    for (ConfusionCell cell : requested) {
      List<CSVRecord> ofCell = rows.stream().filter(r -> r.get("cell").equals(cell.toString())).toList();
      long recordsHolding = perRecord.values().stream().filter(m -> m.count(cell.reference(), cell.predicted()) > 0).count();
      long beats = evaluated.metrics().overall().count(cell.reference(), cell.predicted());
      assertThat(ofCell).hasSize((int) Math.min(3, beats));
      Set<String> records = new HashSet<>();
      ofCell.forEach(r -> records.add(r.get("record")));
      assertThat(records).as("examples of %s come from different records", cell).hasSize((int) Math.min(ofCell.size(), recordsHolding));
      for (CSVRecord r : ofCell) {
        assertThat(r.get("reference_class")).isEqualTo(cell.reference().name());
        assertThat(r.get("predicted_class")).isEqualTo(cell.predicted().name());
        assertThat(r.get("method")).isEqualTo(SaliencyMethod.INTEGRATED_GRADIENTS.configName());
        assertThat(r.get("sequence_beats")).isEqualTo("1");
      }
    }
    assertThat(rows).allSatisfy(r -> assertThat(requested.stream().map(ConfusionCell::toString)).contains(r.get("cell")));

    // Every picture decodes; every example is listed in index.md with its picture and has a trace.
    String index = Files.readString(out.resolve(ExplanationReport.INDEX_MD));
    for (CSVRecord r : rows) {
      BufferedImage png = ImageIO.read(out.resolve(r.get("png")).toFile());
      assertThat(png).as(r.get("png")).isNotNull();
      assertThat(png.getWidth()).isEqualTo(SaliencyChart.WIDTH_PX);
      assertThat(png.getHeight()).isEqualTo(SaliencyChart.TOP_PX + SaliencyChart.BOTTOM_PX);
      assertThat(index).contains("](" + r.get("png") + ")", r.get("time"));
      assertThat(csv(out.resolve(r.get("trace_csv")))).hasSize(RhythmFixture.BEFORE + RhythmFixture.AFTER);
    }
    for (ConfusionCell cell : requested) {
      assertThat(index).contains("## " + cell + " (reference " + cell.reference() + ", predicted " + cell.predicted() + ")");
    }
    assertThat(index).contains("Which records hold which errors", "one beat at a time");
    // The per-record table: every test record with an error, with its error count.
    List<CSVRecord> records = csv(out.resolve(ExplanationReport.PER_RECORD_CSV));
    long withErrors = perRecord.values().stream().filter(m -> m.total() > m.correct()).count();
    assertThat(records).hasSize((int) withErrors);
    for (CSVRecord r : records) {
      ConfusionMatrix m = perRecord.get(r.get("record"));
      assertThat(Long.parseLong(r.get("errors"))).isEqualTo(m.total() - m.correct());
    }

    // A bad cell is a usage error naming the option.
    StringWriter err = new StringWriter();
    assertThat(ExplainMain.execute(spark, new PrintWriter(new StringWriter()), new PrintWriter(err, true),
        "--model", model.toString(), "--dataset", dataset.toString(), "--evaluation", evaluation.toString(),
        "--output", tmp.resolve("beat/bad").toString(), "--cells", "S>X")).isEqualTo(Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("--cells", "S>X");
  }

  @Test
  void theSequenceModelsExamplesAreScoredInTheSequencesTheEvaluationScoredThemIn(SparkSession spark) {
    Path model = trainAndEvaluate(spark, "sequence",
        "model = sequence\n sequence { direction = bidirectional, length = 12, overlap = 4, chunks-per-batch = 4 }");
    Path evaluation = tmp.resolve("sequence/evaluation");
    // the model's own probabilities, so that each example's can be compared with its sequence's
    // (the AF gate's S -> N is the beat model's test above)
    EvaluateResult evaluated = evaluate(spark, model, evaluation, "evaluation.af-gate.enabled=false");
    BeatModel loaded = BeatModel.load(model.toString(), spark.sparkContext().hadoopConfiguration());
    assertThat(loaded.kind()).isEqualTo(ModelKind.SEQUENCE);

    ExplainConfig config = ExplainConfig.from(ConfigLoader.load(null, List.of("evaluation.explain.integration-steps=16"), "evaluation"),
        model.toString(), dataset.toString(), evaluation.toString(), tmp.resolve("sequence/explained").toString(), null, 2);
    ExplainResult r = ExplainJob.run(spark, config);

    List<ConfusionCell> expectedCells = topCells(evaluated.metrics().overall(), 3);
    assertThat(r.examples().keySet()).containsExactlyElementsOf(expectedCells);
    assertThat(r.exampleCount()).isPositive();
    for (Map.Entry<ConfusionCell, List<Explanation>> e : r.examples().entrySet()) {
      for (Explanation x : e.getValue()) {
        assertThat(x.error().cell()).isEqualTo(e.getKey());
        int[] span = loaded.scoringSpan(x.context().indexInRecord(), x.context().recordBeats());
        assertThat(x.context().sequence()).as("the scorer's sequence of %s", x.error().where()).hasSize(span[1] - span[0]);
        assertThat(x.context().target()).isEqualTo(x.context().indexInRecord() - span[0]);
        assertThat(x.saliency().beats()).isEqualTo(span[1] - span[0]);
        assertThat(AamiClass.ofIndex(x.saliency().predictedClass())).isEqualTo(x.error().predicted());
        for (int c = 0; c < 5; c++) {
          assertThat(x.saliency().probabilities()[c]).isCloseTo(x.error().probabilities()[c],
              org.assertj.core.api.Assertions.within(1e-3f));
        }
        assertThat(tmp.resolve("sequence/explained").resolve(ExplanationReport.pngPath(x))).isNotEmptyFile();
      }
    }
    assertThat(tmp.resolve("sequence/explained/index.md")).content().contains("beat sequences: bidirectional, 12 beats");

    // An untrained copy of the network is not the model this evaluation scored: refused, naming the beat.
    Path untrained = tmp.resolve("sequence/untrained");
    new BeatModel(ModelKind.SEQUENCE.build(loaded.metadata().network(), null), loaded.metadata())
        .save(untrained.toString(), spark.sparkContext().hadoopConfiguration());
    ExplainConfig wrong = ExplainConfig.from(ConfigLoader.load(null, List.of(), "evaluation"), untrained.toString(),
        dataset.toString(), evaluation.toString(), tmp.resolve("sequence/wrong").toString(), null, 1);
    assertThatThrownBy(() -> ExplainJob.run(spark, wrong)).isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("Cannot explain rhythmdb/r").hasMessageContaining("the evaluation recorded");
    assertThat(tmp.resolve("sequence/wrong")).doesNotExist();
    // An output that exists is refused before any work.
    assertThatThrownBy(() -> ExplainJob.run(spark, config)).isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("already exists");
  }
}
