package org.ecgplatform.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.model.BeatEncoder;
import org.ecgplatform.training.model.LstmImplementation;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.SequenceDirection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The network the training job builds: {@code training.network.lstm} reaches both model kinds, and
 * each kind gets its own dropout key (no Spark).
 */
class TrainJobNetworkConfigTest {
  private static final String LOCATIONS = "training { dataset = \"file:/d\", output = \"file:/o\" }\n";

  @ParameterizedTest(name = "{0}, {1}, lstm {2}")
  @CsvSource({"sequence, bidirectional, fused", "sequence, causal, dl4j", "sequence, causal, fused",
      "beat, bidirectional, dl4j", "beat, bidirectional, fused"})
  void theLstmSettingReachesTheNetworkOfEitherKind(String model, String direction, String lstm) {
    TrainConfig cfg = TrainConfig.of(LOCATIONS + "training.model = " + model + "\ntraining.sequence.direction = "
        + direction + "\ntraining.network.lstm = " + lstm);
    NetworkConfig net = TrainJob.networkConfig(cfg, DatasetSchema.current(360, 90, 166, 1), 7);
    assertThat(net.kind()).isEqualTo(ModelKind.parse("m", model));
    assertThat(net.lstm()).isEqualTo(LstmImplementation.parse("l", lstm));
    if (net.kind() == ModelKind.SEQUENCE) {
      assertThat(net.direction()).isEqualTo(SequenceDirection.valueOf(direction.toUpperCase(java.util.Locale.ROOT)));
    }
  }

  @Test
  void eachKindGetsItsOwnDropoutKey() {
    DatasetSchema schema = DatasetSchema.current(360, 90, 166, 1);
    assertThat(TrainJob.networkConfig(TrainConfig.of(LOCATIONS + "training.dropout = 0.25"), schema, 7).dropout())
        .isEqualTo(0.25);
    assertThat(TrainJob.networkConfig(TrainConfig.of(LOCATIONS + "training.model = sequence\n"
        + "training.sequence.dropout = 0.4"), schema, 7).dropout()).isEqualTo(0.4);
    assertThat(TrainJob.networkConfig(TrainConfig.of(LOCATIONS), schema, 7).dropout()).isZero();
  }

  @Test
  void theBeatEncoderIsASequenceSetting() {
    DatasetSchema schema = DatasetSchema.current(360, 90, 166, 1);
    String sequence = LOCATIONS + "training.model = sequence\n";
    assertThat(TrainJob.networkConfig(TrainConfig.of(sequence), schema, 7).beatEncoder()).isEqualTo(BeatEncoder.FLAT);
    assertThat(TrainJob.networkConfig(TrainConfig.of(sequence + "training.sequence.beat-encoder = LSTM"), schema, 7)
        .beatEncoder()).isEqualTo(BeatEncoder.LSTM);
    // The per-beat model's encoder is its LSTM along the window whatever the sequence key says.
    assertThat(TrainJob.networkConfig(TrainConfig.of(LOCATIONS + "training.sequence.beat-encoder = flat"), schema, 7)
        .beatEncoder()).isEqualTo(BeatEncoder.LSTM);
    assertThatThrownBy(() -> TrainConfig.of(sequence + "training.sequence.beat-encoder = gru"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.sequence.beat-encoder").hasMessageContaining("gru")
        .hasMessageContaining("flat, lstm");
    assertThat(TrainConfig.of(sequence + "training.sequence.beat-encoder = lstm").toMap())
        .containsEntry("sequence.beat-encoder", "lstm");
  }
}
