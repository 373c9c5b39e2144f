package org.ecgplatform.etl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
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
    java.util.Map<BeatType, Long> byType = new java.util.EnumMap<>(BeatType.class);
    for (int i = 0; i < 4; i++) {
      SynthRecord expected = local.generate(i);
      expected.beatCounts().forEach((t, n) -> byType.merge(t, n, Long::sum));
      WfdbRecord read = WfdbRecord.open(storage, expected.name());
      assertThat(read.readDigital(0, expected.samplesPerLead(), 0, 1)).isDeepEqualTo(expected.digitalSignal());
      List<Annotation> ann = Annotations.read(storage, expected.name(), "atr");
      assertThat(ann).extracting(Annotation::sample).containsExactlyElementsOf(
          expected.beats().stream().map(b -> (long) b.sample()).toList());
      beats += expected.beats().size();
    }
    assertThat(result.records()).hasSize(4);
    assertThat(result.beatCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(beats);
    assertThat(result.beatCounts()).isEqualTo(byType);
    assertThat(byType.get(BeatType.NORMAL)).isLessThan(beats); // the patients have ectopic beats
    assertThat(result.samples()).isEqualTo(4L * 60 * 360);
  }

  @Test
  void writesOnExecutorsIntoHdfs(SparkSession spark) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      URI db = URI.create(cluster.getFileSystem().getUri() + "/synth/db");
      SynthConfig two = CONFIG.with(SynthConfig.RECORDS, 2).with(SynthConfig.DURATION_S, 20);
      SynthJob.run(spark, two, db.toString());

      HadoopWfdbStorage storage = new HadoopWfdbStorage(conf, db);
      SynthRecord expected = new SyntheticEcgGenerator(two).generate(1);
      assertThat(WfdbRecord.open(storage, "s0001").readDigital(0, expected.samplesPerLead(), 0, 1))
          .isDeepEqualTo(expected.digitalSignal());
      assertThat(Annotations.read(storage, "s0001", "atr")).hasSameSizeAs(expected.beats());
      assertThat(storage.exists("RECORDS")).isTrue();
      assertThat(cluster.getFileSystem().listStatus(new org.apache.hadoop.fs.Path("/synth"))).hasSize(1);
    } finally {
      cluster.shutdown();
    }
  }

  @Test
  void refusesAnExistingOutput(SparkSession spark) throws Exception {
    Path out = Files.createDirectories(dir.resolve("exists"));
    assertThatThrownBy(() -> SynthJob.run(spark, CONFIG, out.toString()))
        .isInstanceOf(EcgPlatformException.class).hasMessageContaining("already exists");
  }
}
