package org.ecgplatform.etl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.synth.BeatType;
import org.ecgplatform.etl.synth.SynthConfig;
import org.ecgplatform.etl.synth.SynthRecord;
import org.ecgplatform.etl.synth.SyntheticEcgGenerator;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class SynthJobTest {
  @TempDir Path dir;

  private static final SynthConfig CONFIG = SynthConfig.defaultConfig().with(SynthConfig.RECORDS, 4)
      .with(SynthConfig.DURATION_S, 60).with(SynthConfig.FRACTION_V, 0.1).with(SynthConfig.SEED, 42);

  @Test
  void writesAWfdbDatabaseEqualToLocalGeneration(SparkSession spark) throws Exception {
    Path out = dir.resolve("db");
    SynthJob.Result result = SynthJob.run(spark, CONFIG, out.toString());

    assertThat(Files.readAllLines(out.resolve("RECORDS"))).containsExactly("s0000", "s0001", "s0002", "s0003");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).hasSize(1 + 4 * 3)
          .allMatch(n -> n.equals("RECORDS") || n.matches("s000[0-3]\\.(hea|dat|atr)"));
    }
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.toList()).as("staging directory removed").containsExactly(out);
    }
    LocalWfdbStorage storage = new LocalWfdbStorage(out);
    SyntheticEcgGenerator local = new SyntheticEcgGenerator(CONFIG);
    long beats = 0;
    for (int i = 0; i < 4; i++) {
      SynthRecord expected = local.generate(i);
      WfdbRecord read = WfdbRecord.open(storage, expected.name());
      assertThat(read.readDigital(0, expected.samplesPerLead(), 0, 1)).isDeepEqualTo(expected.digitalSignal());
      List<Annotation> ann = Annotations.read(storage, expected.name(), "atr");
      assertThat(ann).extracting(Annotation::sample).containsExactlyElementsOf(
          expected.beats().stream().map(b -> (long) b.sample()).toList());
      beats += expected.beats().size();
    }
    assertThat(result.records()).hasSize(4);
    assertThat(result.beatCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(beats);
    assertThat(result.beatCounts().get(BeatType.PREMATURE_VENTRICULAR)).isPositive();
    assertThat(result.samples()).isEqualTo(4L * 60 * 360);
  }

  @Test
  void refusesAnExistingOutput(SparkSession spark) throws Exception {
    Path out = Files.createDirectories(dir.resolve("exists"));
    assertThatThrownBy(() -> SynthJob.run(spark, CONFIG, out.toString()))
        .isInstanceOf(EcgPlatformException.class).hasMessageContaining("already exists");
  }
}
