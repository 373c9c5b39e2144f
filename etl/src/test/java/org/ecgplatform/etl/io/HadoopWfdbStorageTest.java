package org.ecgplatform.etl.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.etl.wfdb.WfdbStorage;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WFDB reader over Hadoop file systems: the local one through a file: URI, and a real HDFS. */
class HadoopWfdbStorageTest {
  @TempDir Path tmp;

  @Test
  void readsAMitdbRecordThroughAFileUri() throws Exception {
    Path mitdb = TestData.require("mitdb");
    HadoopWfdbStorage.Located loc = HadoopWfdbStorage.locate(new Configuration(), mitdb.toUri() + "/100");
    assertThat(loc.record()).isEqualTo("100");
    assertSameAsLocal(loc.storage(), new LocalWfdbStorage(mitdb), "100");

    // Serializable for Spark closures: the copy reads the same record.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(loc.storage());
    }
    WfdbStorage copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (WfdbStorage) in.readObject();
    }
    assertThat(WfdbRecord.open(copy, "100").readDigital(1000, 1010)).isDeepEqualTo(
        WfdbRecord.open(loc.storage(), "100").readDigital(1000, 1010));
  }

  @Test
  void readsARecordCopiedIntoAMiniDfsCluster() throws Exception {
    Path mitdb = TestData.require("mitdb");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      FileSystem fs = cluster.getFileSystem();
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/data/mitdb");
      for (String ext : new String[] {"hea", "dat", "atr"}) {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(mitdb.resolve("119." + ext).toUri()),
            new org.apache.hadoop.fs.Path(dir, "119." + ext));
      }
      String uri = fs.getUri() + "/data/mitdb/119";
      assertThat(uri).startsWith("hdfs://");
      HadoopWfdbStorage.Located loc = HadoopWfdbStorage.locate(conf, uri);
      assertSameAsLocal(loc.storage(), new LocalWfdbStorage(mitdb), "119");
      assertThat(WfdbRecord.open(loc.storage(), "119").requireValidChecksums()).hasSize(2);
    } finally {
      cluster.shutdown();
    }
  }

  private static void assertSameAsLocal(WfdbStorage storage, WfdbStorage local, String record) {
    WfdbRecord rec = WfdbRecord.open(storage, record);
    WfdbRecord expected = WfdbRecord.open(local, record);
    assertThat(rec.header()).isEqualTo(expected.header());
    assertThat(rec.readDigital(0, 650_000)).isDeepEqualTo(expected.readDigital(0, 650_000));
    assertThat(rec.readDigital(300_001, 300_101, 1)).isDeepEqualTo(expected.readDigital(300_001, 300_101, 1));
    assertThat(Annotations.read(storage, record, "atr")).isEqualTo(Annotations.read(local, record, "atr"));
  }
}
