package org.ecgplatform.etl.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;

/**
 * One read-only copy per JVM of each distinct Hadoop {@link Configuration} (same properties, same
 * values), with its {@code Writable} bytes. Copies are told apart by the SHA-256 of those bytes;
 * the most recent {@value #KEPT} are kept.
 *
 * <p>A job builds a storage per record and Spark deserialises one per task. A configuration read
 * back with Hadoop's defaults (core, hdfs, mapred and yarn: 1,448 properties) takes about 460 KB
 * of heap, so a copy each made an annotation run's driver hold 23 MB for the plans of 48 records,
 * and every task rebuild one.
 */
final class SharedConfiguration {
  static final int KEPT = 8;

  private static final Map<String, SharedConfiguration> KNOWN = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SharedConfiguration> eldest) {
      return size() > KEPT;
    }
  };

  private final Configuration configuration;
  private final byte[] bytes;

  private SharedConfiguration(Configuration configuration, byte[] bytes) {
    this.configuration = configuration;
    this.bytes = bytes;
  }

  /** The shared copy of {@code conf}'s current properties (a later change to {@code conf} is not seen). */
  static SharedConfiguration of(Configuration conf) {
    byte[] bytes = bytesOf(conf);
    return shared(bytes, () -> new Configuration(conf));
  }

  /** Reads what {@link #write} wrote: the shared copy of that configuration. */
  static SharedConfiguration read(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("Cannot read a Hadoop configuration: negative length " + n + " (corrupt stream)");
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return shared(bytes, () -> {
      Configuration c = new Configuration(false);
      DataInputBuffer buffer = new DataInputBuffer();
      buffer.reset(bytes, bytes.length);
      try {
        c.readFields(buffer);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read a Hadoop configuration: " + e.getMessage(), e);
      }
      return c;
    });
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** The configuration: shared by every storage that has these properties, so never modify it. */
  Configuration configuration() {
    return configuration;
  }

  private static SharedConfiguration shared(byte[] bytes, java.util.function.Supplier<Configuration> build) {
    String key = digest(bytes);
    synchronized (KNOWN) {
      SharedConfiguration known = KNOWN.get(key);
      if (known == null) {
        known = new SharedConfiguration(build.get(), bytes);
        KNOWN.put(key, known);
      }
      return known;
    }
  }

  private static byte[] bytesOf(Configuration conf) {
    try (ByteArrayOutputStream buffer = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(buffer)) {
      conf.write(out);
      out.flush();
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise a Hadoop configuration: " + e.getMessage(), e);
    }
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
