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
    WfdbStorage copy = roundTrip(loc.storage());
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

  @Test
  void storagesWithTheSameConfigurationShareOneCopyOfItInTheirJvm() throws Exception {
    Configuration conf = new Configuration();
    conf.set("ecg.test.marker", "shared");
    HadoopWfdbStorage a = new HadoopWfdbStorage(conf, Path.of("/data/a").toUri());
    HadoopWfdbStorage b = new HadoopWfdbStorage(conf, Path.of("/data/b").toUri());
    assertThat(b.configuration()).isSameAs(a.configuration());
    assertThat(a.configuration()).isNotSameAs(conf);

    // Deserialised (as Spark does per task): one copy again, with the values sent.
    HadoopWfdbStorage a2 = roundTrip(a);
    HadoopWfdbStorage b2 = roundTrip(b);
    assertThat(a2.configuration()).isSameAs(b2.configuration());
    assertThat(a2.configuration().get("ecg.test.marker")).isEqualTo("shared");
    assertThat(b2.directory()).isEqualTo(b.directory());

    // A different value is a different configuration, and a later change to the caller's is not seen.
    Configuration other = new Configuration(conf);
    other.set("ecg.test.marker", "other");
    HadoopWfdbStorage c = new HadoopWfdbStorage(other, Path.of("/data/c").toUri());
    assertThat(c.configuration()).isNotSameAs(a.configuration());
    assertThat(roundTrip(c).configuration().get("ecg.test.marker")).isEqualTo("other");
    conf.set("ecg.test.marker", "changed later");
    assertThat(a.configuration().get("ecg.test.marker")).isEqualTo("shared");
  }

  private static HadoopWfdbStorage roundTrip(HadoopWfdbStorage storage) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(storage);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (HadoopWfdbStorage) in.readObject();
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
