package org.ecgplatform.etl.wfdb;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The directory that holds a WFDB record's files (header, signal files, annotation files). The
 * readers and writers of this package see files only through it, so a record can live on a local
 * disk ({@link LocalWfdbStorage}), on HDFS or any other Hadoop file system
 * ({@code org.ecgplatform.etl.io.HadoopWfdbStorage}).
 *
 * <p>File names are plain names relative to the directory (as written in a header); {@link
 * #checkName} refuses names that would escape it. Implementations must be safe to use from one
 * thread at a time per opened {@link Input}.
 */
public interface WfdbStorage {

  /** A file opened for positioned reading. */
  interface Input extends Closeable {
    /** The file's size in bytes. */
    long size() throws IOException;

    /**
     * Reads up to {@code length} bytes at {@code position} into {@code buffer}; returns the
     * number of bytes read, or -1 at the end of the file. Fewer bytes than asked may be returned
     * only at the end of the file.
     */
    int read(long position, byte[] buffer, int offset, int length) throws IOException;

    /**
     * Reads the first {@code length} bytes of the file (fewer when the file is shorter). Callers
     * check {@code length} against the file's real size before calling.
     */
    default byte[] readFully(int length) throws IOException {
      byte[] bytes = new byte[length];
      int got = 0;
      while (got < length) {
        int r = read(got, bytes, got, length - got);
        if (r < 0) {
          break;
        }
        got += r;
      }
      return got == length ? bytes : java.util.Arrays.copyOf(bytes, got);
    }
  }

  /** Whether the named file exists in this directory. */
  boolean exists(String name) throws IOException;

  /** The size of the named file in bytes. */
  long size(String name) throws IOException;

  /**
   * Opens the named file for positioned reading.
   *
   * @throws java.nio.file.NoSuchFileException or {@link java.io.FileNotFoundException} when the
   *     file does not exist
   */
  Input open(String name) throws IOException;

  /** Creates (or replaces) the named file for writing. */
  OutputStream create(String name) throws IOException;

  /** A human-readable location of the named file (a path or URI), for messages. */
  String describe(String name);

  /**
   * Refuses file names that are empty, absolute, contain a {@code ..} segment, a backslash or a
   * control character: a header may only name files inside its record's directory.
   *
   * @return the name, unchanged
   * @throws IllegalArgumentException naming the reason
   */
  static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Cannot use an empty file name");
    }
    if (name.startsWith("/") || name.contains("\\") || name.contains(":")) {
      throw new IllegalArgumentException(
          "Cannot open '" + name + "': absolute paths, URIs and backslashes are refused (a header may only name files in its record's directory)");
    }
    for (String seg : name.split("/", -1)) {
      if (seg.equals("..") || seg.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot open '" + name + "': the name leaves the record's directory (remove '..' and empty path segments)");
      }
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20) {
        throw new IllegalArgumentException("Cannot open '" + name.replaceAll("\\p{Cntrl}", "?") + "': control characters in a file name");
      }
    }
    return name;
  }
}
