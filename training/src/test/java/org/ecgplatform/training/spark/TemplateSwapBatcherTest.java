package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.RecordBalance;
import org.ecgplatform.training.model.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** The per-beat model's minibatches with {@code training.template-swap}: which beats, and what changes. */
@ExtendWith(SharedSpark.class)
class TemplateSwapBatcherTest {
  private static final int SAMPLES = 4;
  private static final float TEMPLATE = -100f;
  private static final TrainingExamples.BatchShape SHAPE = new TrainingExamples.BatchShape(SAMPLES, 1, 360, 1, 2);

  /** Beat i: ECG samples all i + 1, template samples all -100. */
  private static List<Beat> beats(int n) {
    List<Beat> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] w = new float[2 * SAMPLES];
      for (int k = 0; k < SAMPLES; k++) {
        w[k] = i + 1;
        w[SAMPLES + k] = TEMPLATE;
      }
      out.add(new Beat("mitdb/232", i, w, new float[] {0.8f, 0.8f, 0.8f, 0.8f}, i % 5));
    }
    return out;
  }

  private static MultiDataSet batch(SparkSession spark, double swap, long seed, List<Beat> beats, LongAccumulator changed) {
    TrainConfig cfg = TrainConfig.of("training { dataset = \"file:/d\", output = \"file:/o\", template-swap = " + swap + " }");
    LongAccumulator batched = spark.sparkContext().longAccumulator();
    Batcher<Beat> b = new TrainingExamples.Beats(cfg).batcher(Normalizer.identity(2, 4), 5, SHAPE, RecordBalance.OFF, batched, changed);
    MultiDataSet mds = b.toMultiDataSet(beats, seed);
    assertThat(batched.value()).isEqualTo(beats.size());
    return mds;
  }

  @Test
  void aShareOfTheBeatsGetTheirOwnEcgAsTemplateTheRestAndAllEcgChannelsStayAsRecorded(SparkSession spark) {
    List<Beat> beats = beats(1_000);
    LongAccumulator changed = spark.sparkContext().longAccumulator();
    INDArray wave = batch(spark, 0.3, 7, beats, changed).getFeatures(0);
    int swapped = 0;
    for (int i = 0; i < beats.size(); i++) {
      float template = wave.getFloat(i, 1, 0);
      for (int k = 0; k < SAMPLES; k++) {
        assertThat(wave.getFloat(i, 0, k)).isEqualTo(i + 1f);
        assertThat(wave.getFloat(i, 1, k)).isEqualTo(template);
      }
      if (template == i + 1f) {
        swapped++;
      } else {
        assertThat(template).isEqualTo(TEMPLATE);
      }
    }
    assertThat(swapped).isBetween(240, 360);
    assertThat(changed.value()).isEqualTo(swapped);
    // The input beats are not modified, and the same seed swaps the same beats.
    assertThat(beats.get(0).window()[SAMPLES]).isEqualTo(TEMPLATE);
    assertThat(batch(spark, 0.3, 7, beats, spark.sparkContext().longAccumulator()).getFeatures(0)).isEqualTo(wave);
  }

  @Test
  void noSwapByDefault(SparkSession spark) {
    LongAccumulator changed = spark.sparkContext().longAccumulator();
    INDArray wave = batch(spark, 0, 7, beats(200), changed).getFeatures(0);
    assertThat(changed.value()).isZero();
    for (int i = 0; i < 200; i++) {
      assertThat(wave.getFloat(i, 1, SAMPLES - 1)).isEqualTo(TEMPLATE);
    }
  }
}
