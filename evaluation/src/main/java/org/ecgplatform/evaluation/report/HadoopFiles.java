package org.ecgplatform.evaluation.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.EcgPlatformException;

/** Whole-file reads and writes through Hadoop {@link FileSystem}, so every report works on local, HDFS and S3A URIs. */
public final class HadoopFiles {
  private HadoopFiles() {}

  public static void writeBytes(FileSystem fs, Path path, byte[] bytes) {
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  public static void writeString(FileSystem fs, Path path, String text) {
    writeBytes(fs, path, text.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] readBytes(FileSystem fs, Path path) {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  public static String readString(FileSystem fs, Path path) {
    return new String(readBytes(fs, path), StandardCharsets.UTF_8);
  }

  public static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path, e);
    }
  }

  /** Opens a file for reading; callers close it. */
  public static FSDataInputStream open(FileSystem fs, Path path) {
    try {
      return fs.open(path);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
