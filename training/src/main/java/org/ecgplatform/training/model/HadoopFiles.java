package org.ecgplatform.training.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whole-file reads and atomic-looking writes through Hadoop {@link FileSystem}, so that every
 * artifact works on file://, hdfs:// and object stores alike. A write goes to a hidden temporary
 * name beside the target and is renamed over it only when complete, so a reader never sees a
 * half-written file under the final name.
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** Child path {@code name} under directory URI {@code dir}. */
  public static Path child(String dir, String name) {
    return new Path(new Path(URI.create(stripSlash(dir))), name);
  }

  public static byte[] readBytes(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
      }
    } catch (java.io.FileNotFoundException e) {
      throw new org.ecgplatform.common.EcgPlatformException(
          "Cannot read " + path + ": file not found (check the URI)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  public static String readString(Path path, Configuration conf) {
    return new String(readBytes(path, conf), StandardCharsets.UTF_8);
  }

  public static boolean exists(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code path} via a temporary sibling and a rename; replaces an existing file. */
  public static void writeAtomically(Path path, Configuration conf, Writer writer) {
    Path tmp = new Path(path.getParent(), "._tmp_" + path.getName() + "_" + System.nanoTime());
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        writer.write(out);
      }
      if (fs.exists(path) && !fs.delete(path, false)) {
        throw new IOException("could not delete the previous " + path);
      }
      if (!fs.rename(tmp, path)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException e) {
      deleteQuietly(tmp, conf);
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  public static void writeString(Path path, Configuration conf, String text) {
    writeAtomically(path, conf, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  public static void writeBytes(Path path, Configuration conf, byte[] bytes) {
    writeAtomically(path, conf, out -> out.write(bytes));
  }

  private static void deleteQuietly(Path p, Configuration conf) {
    try {
      p.getFileSystem(conf).delete(p, false);
    } catch (IOException suppressed) {
      // best effort: the temporary name is hidden and never read
      return;
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }
}
