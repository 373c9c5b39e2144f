package org.ecgplatform.training.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecgplatform.common.ConfigException;
import org.ecgplatform.training.model.LstmImplementation;
import org.ecgplatform.training.model.ValidationMetrics.F1Classes;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
  private static final String LOCATIONS = "training { dataset = \"file:/d\", output = \"file:/o\" }\n";

  @Test
  void defaultsComeFromReferenceConf() {
    TrainConfig c = TrainConfig.of(LOCATIONS);
    assertThat(c.spark().batchSizePerWorker()).isEqualTo(128);
    assertThat(c.spark().direct()).isTrue();
    assertThat(c.network().lstmUnits()).isEqualTo(64);
    assertThat(c.network().lstm()).isEqualTo(LstmImplementation.FUSED);
    assertThat(c.toMap()).containsKeys("spark.averaging-frequency", "early-stopping-patience");
    assertThat(c.templateSwap()).isZero();
    assertThat(TrainConfig.of(LOCATIONS + "training.template-swap = 0.3").templateSwap()).isEqualTo(0.3);
  }

  @Test
  void perBeatDropoutDefaultsToNoneAndIsRefusedForTheSequenceModel() {
    assertThat(TrainConfig.of(LOCATIONS).dropout()).isZero();
    TrainConfig c = TrainConfig.of(LOCATIONS + "training.dropout = 0.3");
    assertThat(c.dropout()).isEqualTo(0.3);
    assertThat(c.toMap()).containsEntry("dropout", 0.3);
    assertThat(c.withMaxEpochsThisRun(1).dropout()).isEqualTo(0.3);
    assertThat(c.withLocations("file:/d2", "file:/o2", false).dropout()).isEqualTo(0.3);
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.dropout = 1.0"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.dropout").hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.dropout = 0.3\ntraining.model = sequence"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.dropout")
        .hasMessageContaining("training.sequence.dropout");
    assertThat(TrainConfig.of(LOCATIONS + "training.model = sequence\ntraining.sequence.dropout = 0.3").toMap())
        .containsEntry("sequence.dropout", 0.3).doesNotContainKey("dropout");
  }

  @Test
  void recordBalanceIsOffByDefaultAndTakesAnExponentForThePerBeatModel() {
    TrainConfig off = TrainConfig.of(LOCATIONS);
    assertThat(off.recordBalance()).isZero();
    assertThat(off.toMap()).containsEntry("record-balance", 0.0);
    TrainConfig c = TrainConfig.of(LOCATIONS + "training.record-balance = 0.5");
    assertThat(c.recordBalance()).isEqualTo(0.5);
    assertThat(c.withLocations("file:/d2", "file:/o2", false).withMaxEpochsThisRun(1).recordBalance()).isEqualTo(0.5);
    for (String bad : new String[] {"-0.1", "1.5"}) {
      assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.record-balance = " + bad))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("training.record-balance").hasMessageContaining("[0, 1]");
    }
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.record-balance = 0.5\ntraining.model = sequence"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.record-balance")
        .hasMessageContaining("per-beat model only");
    assertThat(TrainConfig.of(LOCATIONS + "training.model = sequence").toMap()).doesNotContainKey("record-balance");
  }

  @Test
  void windowCutIsOffByDefaultAndTakesSecondsBeforeTheNextBeat() {
    TrainConfig off = TrainConfig.of(LOCATIONS);
    assertThat(off.windowCutBeforeNextS()).isNegative();
    assertThat(off.toMap()).containsEntry("window-cut-before-next-s", "off");
    TrainConfig c = TrainConfig.of(LOCATIONS + "training.window-cut-before-next-s = 0.1");
    assertThat(c.windowCutBeforeNextS()).isEqualTo(0.1);
    assertThat(c.toMap()).containsEntry("window-cut-before-next-s", 0.1);
    assertThat(c.withLocations("file:/d2", "file:/o2", false).withMaxEpochsThisRun(1).windowCutBeforeNextS()).isEqualTo(0.1);
    assertThat(TrainConfig.of(LOCATIONS + "training.model = sequence\ntraining.window-cut-before-next-s = 0")
        .windowCutBeforeNextS()).isZero();
    org.ecgplatform.etl.dataset.DatasetSchema schema = org.ecgplatform.etl.dataset.DatasetSchema.current(360, 90, 166, 2);
    assertThat(c.windowCut(schema).cutIndex(256, new float[] {0.8f, 0.3f, 0.8f, 0.8f})).isEqualTo(90 + 72);
    assertThat(off.windowCut(schema).enabled()).isFalse();
    for (String bad : new String[] {"-0.1", "2", "soon"}) {
      assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.window-cut-before-next-s = " + bad))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("training.window-cut-before-next-s").hasMessageContaining("off, or seconds");
    }
  }

  @Test
  void weightAveragingIsOffByDefaultAndTakesAHalfLifeInEpochs() {
    assertThat(TrainConfig.of(LOCATIONS).weightAverageHalfLife()).isZero();
    TrainConfig c = TrainConfig.of(LOCATIONS + "training.weight-average-half-life = 0.5");
    assertThat(c.weightAverageHalfLife()).isEqualTo(0.5);
    assertThat(c.toMap()).containsEntry("weight-average-half-life", 0.5);
    assertThat(c.withMaxEpochsThisRun(1).weightAverageHalfLife()).isEqualTo(0.5);
    assertThat(c.withLocations("file:/d2", "file:/o2", true).weightAverageHalfLife()).isEqualTo(0.5);
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.weight-average-half-life = -1"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.weight-average-half-life")
        .hasMessageContaining("0: off");
  }

  @Test
  void earlyStoppingF1ClassesDefaultToPresentAndAreChecked() {
    assertThat(TrainConfig.of(LOCATIONS).earlyStoppingF1Classes()).isEqualTo(F1Classes.PRESENT);
    TrainConfig c = TrainConfig.of(LOCATIONS + "training.early-stopping-f1-classes = reference");
    assertThat(c.earlyStoppingF1Classes()).isEqualTo(F1Classes.REFERENCE);
    assertThat(c.toMap()).containsEntry("early-stopping-f1-classes", "reference");
    assertThat(c.withMaxEpochsThisRun(1).earlyStoppingF1Classes()).isEqualTo(F1Classes.REFERENCE);
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.early-stopping-f1-classes = all"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.early-stopping-f1-classes")
        .hasMessageContaining("present, reference");
  }

  @Test
  void theKeptEpochIsTheBestValidatedByDefaultAndTheLastOnlyWithoutEarlyStopping() {
    assertThat(TrainConfig.of(LOCATIONS).keptEpoch()).isEqualTo(TrainConfig.KeptEpoch.BEST);
    TrainConfig c = TrainConfig.of(LOCATIONS + "training.kept-epoch = last\ntraining.early-stopping-patience = 0");
    assertThat(c.keptEpoch()).isEqualTo(TrainConfig.KeptEpoch.LAST);
    assertThat(c.toMap()).containsEntry("kept-epoch", "last");
    assertThat(c.withLocations("file:/d2", "file:/o2", true).keptEpoch()).isEqualTo(TrainConfig.KeptEpoch.LAST);
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.kept-epoch = last\ntraining.early-stopping-patience = 4"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.kept-epoch")
        .hasMessageContaining("training.early-stopping-patience = 4");
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.kept-epoch = first"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.kept-epoch")
        .hasMessageContaining("first");
  }

  @Test
  void overridesWin() {
    TrainConfig c = TrainConfig.of(LOCATIONS + "training.spark.averaging-frequency = 7\ntraining.epochs = 2");
    assertThat(c.spark().averagingFrequency()).isEqualTo(7);
    assertThat(c.epochs()).isEqualTo(2);
    assertThat(TrainConfig.of(LOCATIONS + "training.network.lstm = dl4j").network().lstm()).isEqualTo(LstmImplementation.DL4J);
  }

  @Test
  void unknownKeyIsNamedWithItsValue() {
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.spark.averaging-frequncy = 7"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.spark.averaging-frequncy")
        .hasMessageContaining("'7'");
  }

  @Test
  void badValuesAreNamedWithTheKey() {
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.epochs = 0"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.epochs").hasMessageContaining("'0'");
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.epochs = many"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("epochs");
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.spark.storage-level = RAM"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("storage-level").hasMessageContaining("'RAM'");
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.network.lstm = cudnn"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.network.lstm").hasMessageContaining("cudnn");
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.template-swap = 1.5"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.template-swap").hasMessageContaining("1.5");
    assertThatThrownBy(() -> TrainConfig.of(LOCATIONS + "training.template-swap = 0.3\ntraining.model = sequence"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.template-swap")
        .hasMessageContaining("per-beat model");
    assertThatThrownBy(() -> TrainConfig.of("training.output = \"file:/o\""))
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.dataset");
  }
}
