package org.ecgplatform.etl.wfdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A record directory on the local file system, read with positioned NIO reads. Stateless: safe
 * to share between threads (each opened {@link WfdbStorage.Input} belongs to one reader).
 */
public final class LocalWfdbStorage implements WfdbStorage {
  private final Path directory;

  public LocalWfdbStorage(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The directory this storage reads. */
  public Path directory() {
    return directory;
  }

  private Path resolve(String name) {
    return directory.resolve(WfdbStorage.checkName(name));
  }

  @Override
  public boolean exists(String name) {
    return Files.isRegularFile(resolve(name));
  }

  @Override
  public long size(String name) throws IOException {
    return Files.size(resolve(name));
  }

  @Override
  public Input open(String name) throws IOException {
    FileChannel ch = FileChannel.open(resolve(name), StandardOpenOption.READ);
    return new Input() {
      @Override
      public long size() throws IOException {
        return ch.size();
      }

      @Override
      public int read(long position, byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buffer, offset, length);
        int total = 0;
        while (bb.hasRemaining()) {
          int n = ch.read(bb, position + total);
          if (n < 0) {
            break;
          }
          total += n;
        }
        return total == 0 && length > 0 ? -1 : total;
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  @Override
  public OutputStream create(String name) throws IOException {
    Path p = resolve(name);
    Files.createDirectories(p.getParent());
    return Files.newOutputStream(p);
  }

  @Override
  public String describe(String name) {
    return directory.resolve(name).toString();
  }

  @Override
  public String toString() {
    return "LocalWfdbStorage[" + directory + "]";
  }
}
