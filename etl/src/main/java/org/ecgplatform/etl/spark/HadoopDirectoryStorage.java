package org.ecgplatform.etl.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.etl.wfdb.WfdbStorage;

/**
 * A {@link WfdbStorage} over one directory of any Hadoop {@link FileSystem} (local, {@code file:},
 * {@code hdfs://}, {@code s3a://}), serializable so that Spark tasks can carry it and write records
 * on the executors.
 *
 * <p>Stop-gap for the synthetic-database job: the WFDB branch plans
 * {@code org.ecgplatform.etl.io.HadoopWfdbStorage}; when it lands, use it and delete this class.
 */
final class HadoopDirectoryStorage implements WfdbStorage, Serializable {
  private static final long serialVersionUID = 1L;

  private final String directoryUri;
  private transient Configuration conf;
  private transient FileSystem fs;

  /** Same argument order as the planned {@code HadoopWfdbStorage(Configuration, URI)}, for an easy swap. */
  HadoopDirectoryStorage(Configuration conf, URI directory) {
    this.directoryUri = directory.toString();
    this.conf = conf;
  }

  private Path path(String name) {
    return new Path(new Path(directoryUri), WfdbStorage.checkName(name));
  }

  private FileSystem fs() throws IOException {
    if (fs == null) {
      fs = FileSystem.get(URI.create(directoryUri), conf);
      // A WFDB directory holds WFDB files only: no .crc side files on the local file system.
      fs.setWriteChecksum(false);
    }
    return fs;
  }

  @Override
  public boolean exists(String name) throws IOException {
    return fs().exists(path(name));
  }

  @Override
  public long size(String name) throws IOException {
    return fs().getFileStatus(path(name)).getLen();
  }

  @Override
  public Input open(String name) throws IOException {
    Path p = path(name);
    FSDataInputStream in = fs().open(p);
    long length = fs().getFileStatus(p).getLen();
    return new Input() {
      @Override
      public long size() {
        return length;
      }

      @Override
      public int read(long position, byte[] buffer, int offset, int len) throws IOException {
        if (position >= length) {
          return -1;
        }
        int want = (int) Math.min(len, length - position);
        in.readFully(position, buffer, offset, want);
        return want;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public OutputStream create(String name) throws IOException {
    return fs().create(path(name), true);
  }

  @Override
  public String describe(String name) {
    return path(name).toString();
  }

  @Override
  public String toString() {
    return directoryUri;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
