package org.ecgplatform.evaluation.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.RrEncoding;
import org.ecgplatform.training.model.SaliencyMethod;
import org.ecgplatform.training.model.SequenceDirection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pictures and text files of an analysis, without Spark: with an (untrained) model of each
 * kind, every example gets a decodable PNG and a trace, and index.md, examples.csv and the
 * per-record table list what they must.
 */
class ExplanationReportTest {
  private static final int BEFORE = 12;
  private static final int AFTER = 20;

  private static BeatModel model(ModelKind kind) {
    NetworkConfig cfg = new NetworkConfig(2, BEFORE + AFTER, 10, 5, 4, 3, 4, 3, 2, 8, 8, 1e-3, 0.0, 1, ModelKind.BEAT,
        SequenceDirection.BIDIRECTIONAL, 0, 0, 1, 0.0);
    if (kind == ModelKind.SEQUENCE) {
      cfg = cfg.asSequence(SequenceDirection.BIDIRECTIONAL, 6, 2, 1);
    }
    DatasetSchema schema = DatasetSchema.current(128, BEFORE, AFTER, 2);
    Normalizer norm = new Normalizer(new double[] {0, 0}, new double[] {0.5, 0.5}, new double[10], ones(10), 10, RrEncoding.RELATIVE);
    ModelMetadata meta = new ModelMetadata(ModelMetadata.CURRENT_VERSION, AamiClass.vocabulary(), 128, BEFORE, AFTER, 2,
        List.of("MLII", "MLII:template"), schema.rrFeatures(), norm, schema, "test", null, cfg, Map.of(), List.of(), 0, "dev", "now");
    return new BeatModel(kind.build(cfg, null), meta);
  }

  private static double[] ones(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }

  /** A record of 10 beats, 0.8 s apart; the beat at {@code index} is the error. */
  private static BeatContext context(BeatModel model, String record, int index, ConfusionCell cell, Random rnd) {
    List<RecordBeat> beats = new ArrayList<>();
    long[] samples = new long[10];
    for (int i = 0; i < 10; i++) {
      float[] w = new float[2 * (BEFORE + AFTER)];
      for (int j = 0; j < w.length; j++) {
        w[j] = (float) (0.1 * rnd.nextGaussian() + (j % (BEFORE + AFTER) == BEFORE ? 1 : 0));
      }
      samples[i] = 288L * (i + 1);
      beats.add(new RecordBeat(samples[i], 0.8 * (i + 1), i == index ? "A" : "N", new float[] {0.8f, 0.8f, 0.8f, 0.8f}, w));
    }
    Map<Long, RecordBeat> rows = new LinkedHashMap<>();
    beats.forEach(b -> rows.put(b.sample(), b));
    // The untrained model's own probabilities, in the sequence it scores the beat in, stand for the evaluation's.
    int[] span = model.scoringSpan(index, beats.size());
    float[][] w = new float[span[1] - span[0]][];
    float[][] r = new float[w.length][];
    for (int i = 0; i < w.length; i++) {
      w[i] = beats.get(span[0] + i).window();
      r[i] = beats.get(span[0] + i).rr();
    }
    float[] p = model.predictSequences(List.<float[][]>of(w), List.<float[][]>of(r))[0][index - span[0]];
    ErrorBeat e = new ErrorBeat("mitdb", record, samples[index], 0.8 * (index + 1), cell.reference(), cell.predicted(), p);
    return ContextPlan.of(e, samples, model::scoringSpan).context(rows);
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void everyExampleGetsAPictureATraceAndALineInTheIndex(ModelKind kind) throws IOException {
    BeatModel model = model(kind);
    ConfusionCell sN = new ConfusionCell(AamiClass.S, AamiClass.N);
    Random rnd = new Random(1);
    List<BeatContext> contexts = List.of(context(model, "232", 4, sN, rnd), context(model, "222", 0, sN, rnd));
    List<Explanation> explained = new ArrayList<>();
    for (BeatContext c : contexts) {
      ErrorBeat recorded = c.error();
      explained.addAll(Explainer.explain(model, List.of(c), SaliencyMethod.INTEGRATED_GRADIENTS, 8));
      assertThat(explained.get(explained.size() - 1).error()).isEqualTo(recorded);
    }
    Map<String, ConfusionMatrix> perRecord = new TreeMap<>();
    perRecord.put("mitdb/232", new ConfusionMatrix().add(0, 0, 100).add(1, 0, 30).add(0, 1, 2));
    perRecord.put("mitdb/222", new ConfusionMatrix().add(0, 0, 50).add(1, 0, 5));
    perRecord.put("mitdb/100", new ConfusionMatrix().add(0, 0, 70));
    ExplanationReport.Content content = new ExplanationReport.Content(Map.of("evaluation", "/runs/e1"), Map.of(sN, 35L),
        Map.of(sN, explained), perRecord, model.metadata());

    for (Explanation e : explained) {
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(SaliencyChart.png(e, model.metadata())));
      assertThat(png.getWidth()).isEqualTo(SaliencyChart.WIDTH_PX);
      assertThat(png.getHeight()).isEqualTo(SaliencyChart.TOP_PX + SaliencyChart.BOTTOM_PX);
      String trace = ExplanationReport.traceCsv(e, model.metadata());
      assertThat(trace.lines()).hasSize(1 + BEFORE + AFTER);
      assertThat(trace.lines().findFirst().orElseThrow())
          .isEqualTo("offset_samples,time_from_beat_s,MLII_mv,MLII_saliency,MLII:template_mv,MLII:template_saliency");
      assertThat(e.saliency().beats()).isEqualTo(kind == ModelKind.SEQUENCE ? e.context().sequence().size() : 1);
    }
    assertThat(ExplanationReport.pngPath(explained.get(0))).isEqualTo("examples/S-as-N_mitdb_232_1440.png");

    String index = ExplanationReport.indexMd(content);
    assertThat(index).contains("# Error analysis: /runs/e1", "## S>N (reference S, predicted N): 35 beats",
        "](examples/S-as-N_mitdb_232_1440.png)", "](examples/S-as-N_mitdb_222_288.png)", "00:00:04.000",
        "mitdb/232 (30), mitdb/222 (5)", "100.0%");
    assertThat(index).contains("| mitdb/232 | 132 | 32 | 30 | 2 |", "| mitdb/222 | 55 | 5 | 5 |  |").doesNotContain("| mitdb/100 |");

    String csv = ExplanationReport.examplesCsv(content);
    assertThat(csv.lines()).hasSize(3);
    assertThat(csv.lines().skip(1)).allSatisfy(l -> assertThat(l).startsWith("S>N,S,N,mitdb,").contains("integrated-gradients"));
    assertThat(ExplanationReport.perRecordCsv(content).lines()).containsExactly("record,beats,errors,S>N,N>S",
        "mitdb/232,132,32,30,2", "mitdb/222,55,5,5,0");
  }
}
