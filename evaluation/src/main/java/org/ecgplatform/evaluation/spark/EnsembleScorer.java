package org.ecgplatform.evaluation.spark;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.StreamingScorer;

/**
 * Several trained models scoring as one: each beat's class probabilities are the mean of the
 * members' (an ensemble, e.g. of training seeds, which evens out what one seed learns from the
 * training patients by chance). The members must share the input and output contract ({@link
 * ScorerSpec}) and cut records into the same sequences ({@link ChunkGeometry}), so every member
 * scores every beat in the same context; both are checked when the ensemble is made.
 *
 * <p>Scoring costs the sum of the members' costs. {@link #toBytes} holds each member's URI and
 * bytes; {@link EnsembleScorerFactory#fromBytes} turns them back with each member's own factory.
 */
final class EnsembleScorer implements BeatScorer {
  /** A batch size to compare the members' sequence cutting with (independent beats follow the batch). */
  private static final int CHECK_BATCH = 256;

  private final List<String> uris;
  private final List<BeatScorer> members;
  private final ScorerSpec spec;

  /**
   * @param uris the members' model URIs, in the order given (for messages and {@link #toBytes})
   * @param members the loaded members, same order
   * @throws DatasetContractException when two members differ in spec or sequence cutting
   */
  EnsembleScorer(List<String> uris, List<BeatScorer> members) {
    if (uris.size() != members.size() || members.size() < 2) {
      throw new IllegalArgumentException("An ensemble needs two or more members, one URI each; got " + uris.size()
          + " URIs and " + members.size() + " models");
    }
    this.uris = List.copyOf(uris);
    this.members = List.copyOf(members);
    // the members' ETL settings together: a member written before they were recorded has none
    ScorerSpec combined = members.get(0).spec();
    ChunkGeometry geometry = members.get(0).geometry(CHECK_BATCH);
    for (int i = 1; i < members.size(); i++) {
      Optional<ScorerSpec> with = combined.combinedWith(members.get(i).spec());
      if (with.isEmpty()) {
        throw new DatasetContractException("Cannot combine models " + uris.get(0) + " and " + uris.get(i)
            + " into an ensemble: they expect different inputs or give different classes (" + members.get(0).spec()
            + " against " + members.get(i).spec() + ")");
      }
      combined = with.get();
      if (!members.get(i).geometry(CHECK_BATCH).equals(geometry)) {
        throw new DatasetContractException("Cannot combine models " + uris.get(0) + " and " + uris.get(i)
            + " into an ensemble: they cut records into different beat sequences (" + geometry + " against "
            + members.get(i).geometry(CHECK_BATCH) + "); combine models of one kind and sequence length");
      }
    }
    this.spec = combined;
  }

  List<String> uris() {
    return uris;
  }

  @Override
  public ScorerSpec spec() {
    return spec;
  }

  /** The mean of the members' probabilities, in new arrays (a member's own output is left as it is). */
  @Override
  public float[][][] predictSequences(List<float[][]> windows, List<float[][]> rr) {
    int k = spec.classes().size();
    float[][][] mean = new float[windows.size()][][];
    for (int s = 0; s < mean.length; s++) {
      mean[s] = new float[windows.get(s).length][k];
    }
    for (BeatScorer member : members) {
      float[][][] p = member.predictSequences(windows, rr);
      for (int s = 0; s < mean.length; s++) {
        for (int b = 0; b < mean[s].length; b++) {
          for (int c = 0; c < k; c++) {
            mean[s][b][c] += p[s][b][c];
          }
        }
      }
    }
    float n = members.size();
    for (float[][] sequence : mean) {
      for (float[] beat : sequence) {
        for (int c = 0; c < k; c++) {
          beat[c] /= n;
        }
      }
    }
    return mean;
  }

  /** The members' common sequence cutting; one call scores up to {@code beatsPerCall} beats of every member. */
  @Override
  public <T> StreamingScorer<T> stream(int beatsPerCall) {
    ChunkGeometry g = geometry(beatsPerCall);
    return new StreamingScorer<>(this::predictSequences, g, Math.max(1, beatsPerCall / g.length()));
  }

  @Override
  public ChunkGeometry geometry(int beatsPerCall) {
    return members.get(0).geometry(beatsPerCall);
  }

  @Override
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(EnsembleScorerFactory.FORMAT);
      out.writeInt(members.size());
      for (int i = 0; i < members.size(); i++) {
        out.writeUTF(uris.get(i));
        byte[] member = members.get(i).toBytes();
        out.writeInt(member.length);
        out.write(member);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise the ensemble " + uris, e);
    }
    return bytes.toByteArray();
  }
}
