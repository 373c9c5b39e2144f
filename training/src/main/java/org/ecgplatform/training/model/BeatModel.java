package org.ecgplatform.training.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.io.HadoopFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained beat classifier with its {@link ModelMetadata}: the artifact that evaluation loads.
 *
 * <p>On storage it is a directory {@code <uri>/model.zip} (DL4J {@link ModelSerializer}) plus
 * {@code <uri>/model.json}. For Spark executors it travels as {@link #toBytes()} (broadcast once,
 * rebuilt with {@link #fromBytes} once per executor JVM).
 *
 * <p>{@link #predictProbabilities} normalises raw windows and RR features with the training
 * statistics, so callers pass dataset values as they are. It is synchronised: one graph serves
 * one thread at a time (DL4J graphs are not thread-safe).
 */
public final class BeatModel {
  /** Weights file name inside a model directory. */
  public static final String MODEL_FILE = "model.zip";
  /** Inference batch size; bounds native memory for large calls. */
  public static final int PREDICT_BATCH = 1024;

  private static final int BYTES_MAGIC = 0x45434731; // "ECG1"

  private final ComputationGraph graph;
  private final ModelMetadata metadata;
  /** Made on the first {@link #saliency} call: a copy of the graph set up for input gradients. */
  private SaliencyCalculator saliencyCalculator;
  /** Made on the first {@link #predictSequences} call of a beat-sequence model; null where it does not apply. */
  private SequenceEncoderSplit split;
  private boolean splitMade;

  public BeatModel(ComputationGraph graph, ModelMetadata metadata) {
    this.graph = Objects.requireNonNull(graph, "graph");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
  }

  /**
   * Loads {@code <uri>/model.zip} and {@code <uri>/model.json} through Hadoop FileSystem. A
   * graph written before this version's layers is rewired to them ({@link #upToDate}), as by {@link
   * #fromBytes}.
   */
  public static BeatModel load(String uri, Configuration conf) {
    ModelMetadata meta =
        ModelMetadata.fromJson(HadoopFiles.readString(new Path(uri, ModelMetadata.FILE_NAME), conf),
            uri + "/" + ModelMetadata.FILE_NAME);
    byte[] zip = HadoopFiles.readBytes(new Path(uri, MODEL_FILE), conf);
    return new BeatModel(upToDate(restore(zip, false, uri + "/" + MODEL_FILE)), meta);
  }

  /**
   * {@code graph} as this version builds it: a beat-sequence graph written before {@link
   * BeatRowsVertex} rewired to it ({@link SequenceNetwork#beatRows}), and DL4J's pooling layers of
   * a graph written before {@link RowMaxPooling} and {@link SeriesMaxPooling} made them ({@link
   * MaxPooling#javaPooling}); the configuration is copied and the graph rebuilt once, and only when
   * something changes. A graph with nothing to rewire is returned as it is.
   */
  static ComputationGraph upToDate(ComputationGraph graph) {
    ComputationGraphConfiguration rows = SequenceNetwork.beatRows(graph.getConfiguration());
    ComputationGraphConfiguration pooling = MaxPooling.javaPooling(rows != null ? rows : graph.getConfiguration());
    return SequenceNetwork.rebuilt(graph, pooling != null ? pooling : rows);
  }

  /** Writes {@code <uri>/model.zip} (without updater state) and {@code <uri>/model.json}, each atomically. */
  public void save(String uri, Configuration conf) {
    HadoopFiles.writeBytes(new Path(uri, MODEL_FILE), graphBytes(graph, false), conf);
    HadoopFiles.writeString(new Path(uri, ModelMetadata.FILE_NAME), metadata.toJson(), conf);
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  /** The underlying graph (shared, not a copy). */
  public ComputationGraph graph() {
    return graph;
  }

  /** The model kind (per beat or beat sequences). */
  public ModelKind kind() {
    return metadata.network().kind();
  }

  /**
   * How scoring must cut a record for this model ({@link StreamingScorer}): sequences with context
   * for the beat-sequence model, batches of {@link #PREDICT_BATCH} independent beats otherwise.
   */
  public ChunkGeometry scoringGeometry() {
    return metadata.network().scoringGeometry(PREDICT_BATCH);
  }

  /**
   * A scorer for a stream of records' beats (each record's beats in time order) through this
   * model, about {@code beatsPerCall} beats per network call: per-beat models score batches of
   * independent beats, the beat-sequence model sequences with context ({@link #scoringGeometry()}).
   */
  public <T> StreamingScorer<T> streamingScorer(int beatsPerCall) {
    ChunkGeometry g = streamingGeometry(beatsPerCall);
    if (kind() == ModelKind.SEQUENCE) {
      return new StreamingScorer<>(this::predictSequences, g, Math.max(1, beatsPerCall / g.length()));
    }
    return new StreamingScorer<>(this::predictSequences, g, 1);
  }

  /**
   * How {@link #streamingScorer streamingScorer(beatsPerCall)} cuts a record: {@link
   * #scoringGeometry()} for the beat-sequence model, batches of {@code beatsPerCall} independent
   * beats (no context) otherwise.
   */
  public ChunkGeometry streamingGeometry(int beatsPerCall) {
    return kind() == ModelKind.SEQUENCE ? scoringGeometry() : ChunkGeometry.independent(beatsPerCall);
  }

  /**
   * The beats a scorer ({@link #streamingScorer}) classifies beat {@code beat} of a record of {@code
   * beats} beats with, as {@code [start, end)} record beat indices: for the beat-sequence model the
   * sequence of {@link #scoringGeometry()} whose core holds it ({@link ChunkGeometry#scoringSpan}),
   * for the per-beat model the beat alone.
   */
  public int[] scoringSpan(int beat, int beats) {
    if (kind() == ModelKind.SEQUENCE) {
      return scoringGeometry().scoringSpan(beat, beats);
    }
    if (beat < 0 || beat >= beats) {
      throw new IllegalArgumentException("Cannot locate beat " + beat + " in a record of " + beats + " beats");
    }
    return new int[] {beat, beat + 1};
  }

  /**
   * Which inputs drove the model's decision ({@link Saliency}, by {@code method}; see {@link
   * SaliencyMethod}): for each sequence of consecutive raw beats of one record, as the model
   * classified them ({@link #scoringSpan}), the attribution of the class it predicted for beat
   * {@code targets[s]} to every input of the sequence. The per-beat model looks at the target beat
   * only.
   *
   * @param windows per sequence, one lead-major window per beat
   * @param rr per sequence, one RR feature row per beat, in {@code metadata().rrFeatures()} order, seconds
   * @param targets per sequence, the index of the beat to explain
   * @param method integrated gradients or the plain gradient
   * @param steps integration steps of integrated gradients (ignored by the gradient)
   */
  public synchronized List<Saliency> saliency(List<float[][]> windows, List<float[][]> rr, int[] targets,
      SaliencyMethod method, int steps) {
    if (saliencyCalculator == null) {
      saliencyCalculator = new SaliencyCalculator(graph, metadata);
    }
    return saliencyCalculator.compute(windows, rr, targets, method, steps);
  }

  /**
   * Class probabilities for raw beats that are consecutive beats of ONE record, in time order (for
   * the per-beat model any beats will do). The beat-sequence model cuts them as {@link
   * #scoringGeometry()} says, so the result is the same as scoring the whole record in a stream.
   *
   * @param windows one lead-major window per beat ({@code leadCount × windowSamples} floats)
   * @param rr one RR feature vector per beat, in {@code metadata().rrFeatures()} order, seconds
   * @return one row per beat, columns in {@code metadata().classes()} order, each row summing to 1
   */
  public synchronized float[][] predictProbabilities(float[][] windows, float[][] rr) {
    if (windows.length != rr.length) {
      throw new IllegalArgumentException(
          "Cannot predict: " + windows.length + " windows but " + rr.length + " RR feature rows");
    }
    if (kind() == ModelKind.SEQUENCE) {
      StreamingScorer<Integer> stream = streamingScorer(PREDICT_BATCH);
      float[][] out = new float[windows.length][];
      for (int i = 0; i < windows.length; i++) {
        for (StreamingScorer.Scored<Integer> s : stream.add("record", i, windows[i], rr[i])) {
          out[s.beat()] = s.probabilities();
        }
      }
      for (StreamingScorer.Scored<Integer> s : stream.finish()) {
        out[s.beat()] = s.probabilities();
      }
      return out;
    }
    return predictIndependent(windows, rr);
  }

  /**
   * Class probabilities for sequences of consecutive beats, each of one record (the {@link
   * SequencePredictor} of this model): the beat-sequence model sees each sequence as a whole, the
   * per-beat model scores every beat on its own.
   */
  public synchronized float[][][] predictSequences(List<float[][]> windows, List<float[][]> rr) {
    if (windows.size() != rr.size()) {
      throw new IllegalArgumentException("Cannot predict: " + windows.size() + " sequences of windows, " + rr.size() + " of RR rows");
    }
    if (kind() != ModelKind.SEQUENCE) {
      float[][][] out = new float[windows.size()][][];
      int total = 0;
      for (float[][] w : windows) {
        total += w.length;
      }
      float[][] flatW = new float[total][];
      float[][] flatR = new float[total][];
      int k = 0;
      for (int s = 0; s < windows.size(); s++) {
        if (windows.get(s).length != rr.get(s).length) {
          throw new IllegalArgumentException("Cannot predict: sequence " + s + " has " + windows.get(s).length
              + " windows but " + rr.get(s).length + " RR rows");
        }
        for (int i = 0; i < windows.get(s).length; i++, k++) {
          flatW[k] = windows.get(s)[i];
          flatR[k] = rr.get(s)[i];
        }
      }
      float[][] p = predictIndependent(flatW, flatR);
      k = 0;
      for (int s = 0; s < windows.size(); s++) {
        out[s] = java.util.Arrays.copyOfRange(p, k, k + windows.get(s).length);
        k += windows.get(s).length;
      }
      return out;
    }
    int width = metadata.leadCount() * metadata.windowSamples();
    for (float[][] seq : windows) {
      for (float[] w : seq) {
        if (w.length != width) {
          throw new IllegalArgumentException("Cannot predict: a window has " + w.length + " values, the model expects "
              + metadata.leadCount() + " leads x " + metadata.windowSamples() + " samples");
        }
      }
    }
    if (!splitMade) {
      split = SequenceEncoderSplit.of(graph);
      splitMade = true;
    }
    if (split != null) {
      return split.predict(windows, rr, metadata.normalizer());
    }
    return predictWhole(windows, rr);
  }

  /**
   * {@link #predictSequences} by the whole graph, every sequence's beats encoded in it: for graphs
   * {@link SequenceEncoderSplit} does not apply to, and to check it.
   */
  synchronized float[][][] predictWhole(List<float[][]> windows, List<float[][]> rr) {
    if (windows.size() == 1 && windows.get(0).length == 1) {
      // DL4J refuses a [1, 1] mask: a lone one-beat sequence is scored beside an empty, fully masked one.
      return new float[][][] {predictWhole(List.of(windows.get(0), new float[0][]), List.of(rr.get(0), new float[0][]))[0]};
    }
    SequenceInputs f = SequenceInputs.of(windows, rr, metadata.normalizer());
    INDArray probs = graph.output(false, new INDArray[] {f.wave(), f.rr()}, new INDArray[] {f.mask(), f.mask()})[0];
    return SequenceInputs.perBeat(probs, windows.stream().mapToInt(w -> w.length).toArray());
  }

  private float[][] predictIndependent(float[][] windows, float[][] rr) {
    int leads = metadata.leadCount();
    int samples = metadata.windowSamples();
    Normalizer norm = metadata.normalizer();
    int features = norm.rrMean().length; // after the normaliser's RR encoding
    float[][] result = new float[windows.length][];
    for (int start = 0; start < windows.length; start += PREDICT_BATCH) {
      int n = Math.min(PREDICT_BATCH, windows.length - start);
      float[] wave = new float[n * leads * samples];
      float[] rrFlat = new float[n * features];
      for (int i = 0; i < n; i++) {
        float[] w = windows[start + i];
        if (w.length != leads * samples) {
          throw new IllegalArgumentException(
              "Cannot predict: window " + (start + i) + " has " + w.length + " values, the model expects "
                  + leads + " leads x " + samples + " samples");
        }
        norm.normalizeWindow(w, rr[start + i], wave, i * leads * samples);
        norm.normalizeRr(w, rr[start + i], rrFlat, i * features);
      }
      INDArray waveArr = Nd4j.create(wave, new long[] {n, leads, samples}, 'c');
      INDArray rrArr = Nd4j.create(rrFlat, new long[] {n, features}, 'c');
      INDArray out = graph.output(false, waveArr, rrArr)[0];
      float[][] rows = out.toFloatMatrix();
      System.arraycopy(rows, 0, result, start, n);
    }
    return result;
  }

  /** The model and metadata in one byte array (for broadcasting to Spark executors). */
  public byte[] toBytes() {
    try {
      byte[] json = metadata.toJson().getBytes(StandardCharsets.UTF_8);
      byte[] zip = graphBytes(graph, false);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(zip.length + json.length + 16);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(BYTES_MAGIC);
        out.writeInt(json.length);
        out.write(json);
        out.writeInt(zip.length);
        out.write(zip);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise model: " + e.getMessage(), e);
    }
  }

  /** Rebuilds a model from {@link #toBytes()}. */
  public static BeatModel fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != BYTES_MAGIC) {
        throw new EcgPlatformException("Cannot rebuild model: bytes were not written by BeatModel.toBytes()");
      }
      byte[] json = new byte[in.readInt()];
      in.readFully(json);
      byte[] zip = new byte[in.readInt()];
      in.readFully(zip);
      ModelMetadata meta = ModelMetadata.fromJson(new String(json, StandardCharsets.UTF_8), "model bytes");
      return new BeatModel(upToDate(restore(zip, false, "model bytes")), meta);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rebuild model: " + e.getMessage(), e);
    }
  }

  /** A graph as DL4J {@link ModelSerializer} zip bytes, optionally with its updater state. */
  public static byte[] graphBytes(ComputationGraph graph, boolean saveUpdater) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModelSerializer.writeModel(graph, out, saveUpdater);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise network: " + e.getMessage(), e);
    }
  }

  /** Restores a graph from {@link ModelSerializer} zip bytes; {@code source} is named in errors. */
  public static ComputationGraph restore(byte[] zip, boolean loadUpdater, String source) {
    try {
      return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), loadUpdater);
    } catch (IOException | RuntimeException e) {
      throw new EcgPlatformException("Cannot load network " + source + ": " + e.getMessage() + " (is it a DL4J model.zip?)", e);
    }
  }
}
