package org.ecgplatform.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact round trip on a real (in-JVM) HDFS: what evaluation does on a cluster. */
class BeatModelHdfsTest {
  @Test
  void savesAndLoadsOverHdfs(@TempDir Path base) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      String uri = cluster.getURI() + "/models/m1";
      NetworkConfig cfg = BeatModelTest.smallConfig();
      BeatModel model = new BeatModel(BeatNetwork.build(cfg, null), BeatModelTest.metadata(cfg));
      model.save(uri, conf);
      FileSystem fs = cluster.getFileSystem();
      assertThat(fs.exists(new org.apache.hadoop.fs.Path("/models/m1/model.zip"))).isTrue();
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("/models/m1"))).hasSize(2);

      BeatModel loaded = BeatModel.load(uri, conf);
      float[][] w = {new float[2 * 64]};
      float[][] rr = {{0.8f, 0.8f, 0.8f, 0.8f}};
      assertThat(loaded.predictProbabilities(w, rr)[0]).containsExactly(model.predictProbabilities(w, rr)[0], within(1e-6f));
      assertThat(loaded.metadata().toJson()).isEqualTo(model.metadata().toJson());
    } finally {
      cluster.shutdown();
    }
  }
}
