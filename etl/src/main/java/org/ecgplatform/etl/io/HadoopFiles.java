package org.ecgplatform.etl.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.EcgPlatformException;

/**
 * The one set of helpers over Hadoop's {@link FileSystem} that every module uses, so that every job
 * reads and writes any URI (local path, {@code file:}, {@code hdfs://}, {@code s3a://}) the same
 * way: whole-file reads and writes, existence checks, and atomic publication of output
 * directories. Files are addressed by URI string or by Hadoop {@link Path}; the string forms are
 * {@code new Path(uri)}.
 *
 * <p>A whole-file write goes to a hidden temporary name beside the target and is renamed over it
 * only when complete, so a reader (a resumed training run, a notebook) never sees a half-written
 * file under the final name. Failures are {@link EcgPlatformException}s naming the file.
 *
 * <p>No Spark here (ArchitectureTest): the pure layers of training and evaluation use it too.
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** A Hadoop {@link Configuration} that can travel to executors inside a closure. */
  public static final class SerializableConf implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient Configuration conf;

    public SerializableConf(Configuration conf) {
      this.conf = conf;
    }

    public Configuration get() {
      return conf;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      conf.write(out);
    }

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      conf = new Configuration(false);
      conf.readFields(in);
    }
  }

  public static FileSystem fs(String uri, Configuration conf) {
    return fs(new Path(uri), conf);
  }

  public static FileSystem fs(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot open file system for " + path + ": " + e.getMessage(), e);
    }
  }

  /** Fully qualified form of {@code uri} (scheme and authority filled in from its file system). */
  public static String qualify(String uri, Configuration conf) {
    Path p = new Path(uri);
    return fs(uri, conf).makeQualified(p).toString();
  }

  public static boolean exists(String uri, Configuration conf) {
    return exists(new Path(uri), conf);
  }

  public static boolean exists(Path path, Configuration conf) {
    try {
      return fs(path, conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  public static byte[] readBytes(String uri, Configuration conf) {
    return readBytes(new Path(uri), conf);
  }

  public static byte[] readBytes(Path path, Configuration conf) {
    try (InputStream in = fs(path, conf).open(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (FileNotFoundException e) {
      throw new EcgPlatformException("Cannot read " + path + ": file not found (check the URI)", e);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  public static String readString(String uri, Configuration conf) {
    return readString(new Path(uri), conf);
  }

  public static String readString(Path path, Configuration conf) {
    return new String(readBytes(path, conf), StandardCharsets.UTF_8);
  }

  /** Writes a whole file atomically (temporary sibling, then rename), replacing any existing one. */
  public static void writeBytes(String uri, byte[] data, Configuration conf) {
    writeBytes(new Path(uri), data, conf);
  }

  /** Writes a whole file atomically (temporary sibling, then rename), replacing any existing one. */
  public static void writeBytes(Path path, byte[] data, Configuration conf) {
    Path tmp = new Path(path.getParent(), "._tmp_" + path.getName() + "_" + UUID.randomUUID());
    FileSystem fs = fs(path, conf);
    try {
      fs.mkdirs(path.getParent());
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        out.write(data);
      }
      if (fs.exists(path) && !fs.delete(path, false)) {
        throw new IOException("could not delete the previous version");
      }
      if (!fs.rename(tmp, path)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException e) {
      deleteQuietly(tmp.toString(), conf);
      throw new EcgPlatformException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  public static void writeString(String uri, String text, Configuration conf) {
    writeBytes(uri, text.getBytes(StandardCharsets.UTF_8), conf);
  }

  public static void writeString(Path path, String text, Configuration conf) {
    writeBytes(path, text.getBytes(StandardCharsets.UTF_8), conf);
  }

  /** Opens a file for streaming writes, replacing any existing one (not atomic: for staging directories). */
  public static OutputStream create(String uri, Configuration conf) {
    try {
      return fs(uri, conf).create(new Path(uri), true);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot create " + uri + ": " + e.getMessage(), e);
    }
  }

  /** A fresh sibling directory name of {@code target} for staging its next version. */
  public static String stagingDir(String target) {
    String t = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    return t + ".staging-" + UUID.randomUUID();
  }

  /**
   * Replaces {@code target} with the fully written {@code staging} directory. The old version is
   * first moved aside, so readers see either the old or the new complete directory; on HDFS and
   * local file systems each rename is atomic (on S3A renames are copies: write to HDFS and copy,
   * or accept a short window).
   */
  public static void publish(String staging, String target, Configuration conf) {
    FileSystem fs = fs(target, conf);
    Path t = new Path(target);
    Path s = new Path(staging);
    Path old = new Path(stagingDir(target).replace(".staging-", ".replaced-"));
    try {
      if (fs.exists(t) && !fs.rename(t, old)) {
        throw new EcgPlatformException("Cannot publish " + target + ": could not move the previous version aside");
      }
      if (t.getParent() != null) {
        fs.mkdirs(t.getParent());
      }
      if (!fs.rename(s, t)) {
        throw new EcgPlatformException("Cannot publish " + target + ": rename from " + staging + " failed");
      }
      if (fs.exists(old)) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot publish " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a path recursively if it exists; used to clean staging directories after failures. */
  public static void deleteQuietly(String uri, Configuration conf) {
    try {
      fs(uri, conf).delete(new Path(uri), true);
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(HadoopFiles.class).warn("Could not delete {}: {}", uri, e.getMessage());
    }
  }

  /** Joins a directory URI and a relative name. */
  public static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** The last path element of a URI (a database directory's name, say). */
  public static String baseName(String uri) {
    String p = URI.create(uri.replace(" ", "%20")).getPath();
    if (p == null || p.isEmpty()) {
      p = uri;
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p.substring(p.lastIndexOf('/') + 1);
  }
}
