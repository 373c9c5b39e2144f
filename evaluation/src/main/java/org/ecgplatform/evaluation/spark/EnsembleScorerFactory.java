package org.ecgplatform.evaluation.spark;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.common.ConfigException;

/**
 * Loads an ensemble ({@link EnsembleScorer}) from a comma-separated list of model URIs, each member
 * with the factory that accepts it ({@link ScorerFactory#forUri}), and turns it back from bytes on
 * the executors the same way. {@link ScorerFactory#forUri} answers with this factory for any list
 * of two or more models, before asking the plugged-in factories.
 */
final class EnsembleScorerFactory implements ScorerFactory {
  private static final long serialVersionUID = 1L;
  /** Version of {@link EnsembleScorer#toBytes}. */
  static final int FORMAT = 1;

  /**
   * The model URIs of a {@code --model} value: one, or several separated by commas (an ensemble).
   *
   * @throws ConfigException for an empty entry or a model listed twice
   */
  static List<String> members(String modelUri) {
    List<String> uris = Arrays.stream(modelUri.split(",", -1)).map(String::trim).toList();
    if (uris.stream().anyMatch(String::isEmpty)) {
      throw ConfigException.invalid("--model", modelUri, "a model URI, or several separated by commas (no empty entry)");
    }
    if (uris.stream().distinct().count() < uris.size()) {
      throw ConfigException.invalid("--model", modelUri, "each model of an ensemble once");
    }
    return uris;
  }

  @Override
  public boolean supports(String modelUri) {
    return members(modelUri).size() > 1;
  }

  @Override
  public BeatScorer load(String modelUri, Configuration hadoopConf) {
    List<String> uris = members(modelUri);
    List<BeatScorer> loaded = new ArrayList<>(uris.size());
    for (String uri : uris) {
      loaded.add(ScorerFactory.forUri(uri).load(uri, hadoopConf));
    }
    return new EnsembleScorer(uris, loaded);
  }

  @Override
  public BeatScorer fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalStateException("Cannot read an ensemble of format " + format + ", this software reads " + FORMAT);
      }
      int n = in.readInt();
      List<String> uris = new ArrayList<>(n);
      List<BeatScorer> members = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String uri = in.readUTF();
        byte[] member = new byte[in.readInt()];
        in.readFully(member);
        uris.add(uri);
        members.add(ScorerFactory.forUri(uri).fromBytes(member));
      }
      return new EnsembleScorer(uris, members);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a serialised ensemble", e);
    }
  }
}
