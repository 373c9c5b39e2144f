package org.ecgplatform.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (Hadoop's {@link MiniDFSCluster}: a NameNode and DataNodes in the test JVM, on
 * 127.0.0.1) that the cluster's executors reach over the network like any HDFS. Executors need no
 * Hadoop configuration: full {@code hdfs://127.0.0.1:<port>/…} URIs are enough. Files are written
 * with replication 1 by clients that do not say otherwise (pass {@code
 * spark.hadoop.dfs.replication} to Spark to match).
 */
public final class HdfsCluster implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private final URI uri;

  private HdfsCluster(MiniDFSCluster cluster) {
    this.cluster = cluster;
    this.uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
  }

  /**
   * Starts a NameNode and {@code dataNodes} DataNodes with their storage under {@code dir}
   * (emptied first).
   */
  public static HdfsCluster start(Path dir, int dataNodes) {
    Configuration conf = new Configuration();
    conf.set("dfs.replication", "1");
    // Small blocks so that a few MB of input already make several splits (several tasks).
    conf.setLong("dfs.blocksize", 1024L * 1024L);
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 64L * 1024L);
    try {
      synchronized (ItLanes.HADOOP_START_STOP) {
        MiniDFSCluster c = new MiniDFSCluster.Builder(conf, dir.toFile())
            .numDataNodes(dataNodes)
            .format(true)
            .build();
        c.waitActive();
        return new HdfsCluster(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start MiniDFSCluster in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code hdfs://127.0.0.1:<port>}. */
  public URI uri() {
    return uri;
  }

  /** The full URI of an absolute HDFS path, e.g. {@code uri("/data/mitdb")}. */
  public String uri(String absolutePath) {
    if (!absolutePath.startsWith("/")) {
      throw new IllegalArgumentException("Cannot build an HDFS URI: '" + absolutePath + "' is not absolute");
    }
    return uri + absolutePath;
  }

  /** A client of this HDFS (the JVM's cached instance: do not close it). */
  public FileSystem fileSystem() {
    try {
      return FileSystem.get(uri, cluster.getConfiguration(0));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot connect to " + uri, e);
    }
  }

  /** Copies a local file or directory (recursively) to an absolute HDFS path. */
  public void copyIn(Path local, String absolutePath) {
    try {
      fileSystem().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
          new org.apache.hadoop.fs.Path(uri(absolutePath)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + local + " to " + uri(absolutePath), e);
    }
  }

  /** Copies an HDFS file or directory (recursively) to a local path. */
  public void copyOut(String absolutePath, Path local) {
    try {
      fileSystem().copyToLocalFile(false, new org.apache.hadoop.fs.Path(uri(absolutePath)),
          new org.apache.hadoop.fs.Path(local.toUri()), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + uri(absolutePath) + " to " + local, e);
    }
  }

  /** Whether an absolute HDFS path exists. */
  public boolean exists(String absolutePath) {
    try {
      return fileSystem().exists(new org.apache.hadoop.fs.Path(uri(absolutePath)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + uri(absolutePath), e);
    }
  }

  /** Shuts the DataNodes and the NameNode down. */
  @Override
  public void close() {
    synchronized (ItLanes.HADOOP_START_STOP) {
      cluster.shutdown(true);
    }
  }
}
