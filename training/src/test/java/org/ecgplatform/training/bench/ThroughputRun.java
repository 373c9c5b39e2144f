package org.ecgplatform.training.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.testing.BenchResult;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.BeatBatcher;
import org.ecgplatform.training.data.Chunk;
import org.ecgplatform.training.data.ClassWeights;
import org.ecgplatform.training.data.SequenceBatcher;
import org.ecgplatform.training.data.TrainingData;
import org.ecgplatform.training.local.LocalTrainer;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.LstmImplementation;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.spark.TrainJob;
import org.ecgplatform.training.spark.TrainResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J side of {@code submit-scripts/benchmark-throughput.sh}: one run per JVM, so that each
 * run's peak memory is its own. Not a test.
 *
 * <pre>
 * ThroughputRun export              --dataset URI --out DIR [--splits train,test] [key=value ...]
 * ThroughputRun local-trainer       --dataset URI --result FILE [--epochs 1] [key=value ...]
 * ThroughputRun parameter-averaging --dataset URI --result FILE --work DIR [--epochs 1] [key=value ...]
 * </pre>
 *
 * {@code key=value} are {@code training.*} settings (e.g. {@code training.model=beat},
 * {@code training.network.lstm=dl4j}, {@code training.spark.batch-size-per-worker=256}); both runs
 * read the model kind, network, batch size, seed and learning rate from them, as the training job
 * does ({@link TrainJob#networkConfig}).
 *
 * <ul>
 *   <li>{@code export}: the tensors the network is fed, for the PyTorch mirror — per split
 *       {@code <split>-wave.npy} (float32 [n, leads, window]), {@code <split>-rr.npy} (float32
 *       [n, rr features]), {@code <split>-labels.npy} (int64 [n]), one row per beat, normalised
 *       with the train split's statistics exactly as training does ({@link BeatBatcher} applies the
 *       same {@link Normalizer} per beat as {@link SequenceBatcher}); and {@code network.json} with
 *       every size, the batch, the learning rate, L2, the class weights and {@code parameters}, the
 *       DL4J graph's {@code numParams()} (the mirror checks its own count against it). Per-beat
 *       model: the rows the training job fits (augmented copies included), in storage order.
 *       Beat-sequence model: the recorded beats (no augmented copies), each record's beats together
 *       in time order, as the training job and scoring read them; {@code <split>-records.npy}
 *       (int64 [n]) numbers each beat's record (0, 1, … in order), so that the mirror cuts the
 *       sequences as {@link ChunkGeometry} does, and {@code network.json} adds the sequence
 *       settings (length, overlap, context before/after a scored core, chunks per batch, direction,
 *       first stride, dropout, beat encoder); {@code dl4j-check/} holds the DL4J graph's parameters
 *       and its output for one minibatch, which the mirror loads into its own layers and must
 *       reproduce.
 *   <li>{@code local-trainer}: one JVM, the train split held in memory, no Spark in the timed part.
 *       Per-beat model: {@link LocalTrainer}. Beat-sequence model: the records' beats cut into
 *       sequences as the training job cuts them ({@link ChunkGeometry#trainingSpans}), shuffled,
 *       batched by {@link SequenceBatcher} ({@code training.sequence.chunks-per-batch} sequences);
 *       without the job's oversampling and augmentation (which cost little next to fitting).
 *   <li>{@code parameter-averaging}: {@link TrainJob} on this JVM's Spark master (local[2]),
 *       counted on the examples fitted; the model goes to {@code <work>/model} for the evaluation run.
 * </ul>
 *
 * Results are {@code key=value} lines: {@code beats_per_s} (beats: a sequence of 32 beats counts
 * 32), {@code beats}, {@code seconds},
 * {@code loss} (mean training loss of the last epoch), {@code load_average}.
 */
public final class ThroughputRun {
  /** Sub-directory of an export with the DL4J graph's parameters and outputs the mirror checks itself against. */
  static final String CHECK_DIR = "dl4j-check";
  /** Sequences of the check minibatch. */
  private static final int CHECK_SEQUENCES = 3;
  /** Standard deviation of the check graph's random parameters. */
  private static final double CHECK_PARAMETER_SCALE = 0.05;

  private ThroughputRun() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args[0].equals("--help")) {
      System.out.println("usage: ThroughputRun export|local-trainer|parameter-averaging --dataset URI [options] [key=value ...]");
      return;
    }
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> overrides = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else if (args[i].contains("=")) {
        overrides.add(args[i]);
      } else {
        throw new IllegalArgumentException("Cannot run ThroughputRun: unexpected argument '" + args[i] + "'");
      }
    }
    String dataset = require(opts, "dataset");
    SparkSession spark = SharedSpark.newSession("ThroughputRun-" + args[0]);
    try {
      switch (args[0]) {
        case "export" -> export(spark, dataset, Path.of(require(opts, "out")),
            List.of(opts.getOrDefault("splits", "train,test").split(",")), overrides);
        case "local-trainer" -> localTrainer(spark, dataset, Integer.parseInt(opts.getOrDefault("epochs", "1")),
            Path.of(require(opts, "result")), overrides);
        case "parameter-averaging" -> parameterAveraging(spark, dataset, Integer.parseInt(opts.getOrDefault("epochs", "1")),
            Path.of(require(opts, "work")), Path.of(require(opts, "result")), overrides);
        default -> throw new IllegalArgumentException("Cannot run ThroughputRun: unknown run '" + args[0] + "'");
      }
    } finally {
      spark.stop();
    }
  }

  private static String require(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      throw new IllegalArgumentException("Cannot run ThroughputRun: --" + key + " is required");
    }
    return v;
  }

  /** The training settings with the benchmark's overrides, as the training job would read them. */
  static TrainConfig config(String dataset, String output, int epochs, List<String> overrides) {
    StringBuilder hocon = new StringBuilder();
    hocon.append("training { dataset = \"").append(dataset).append("\", output = \"").append(output)
        .append("\", epochs = ").append(epochs).append(", early-stopping-patience = 100 }\n");
    for (String o : overrides) {
      hocon.append(o).append('\n');
    }
    return TrainConfig.of(hocon.toString());
  }

  /**
   * The train split in memory with the statistics, weights and network of a training run; for the
   * beat-sequence model the beats as recorded, each record's beats together in time order.
   */
  record Prepared(TrainingData data, List<Beat> beats, Normalizer norm, double[] classWeights, NetworkConfig net) {}

  /** The rows the training job fits for the configured model kind. */
  static TrainingData.Rows rows(TrainConfig cfg) {
    return cfg.model() == ModelKind.SEQUENCE ? TrainingData.Rows.RECORDED_IN_ORDER : TrainingData.Rows.ALL;
  }

  static Prepared prepare(TrainingData data, TrainConfig cfg) {
    DatasetSchema schema = data.schema();
    List<Beat> beats = data.beats(data.split(DatasetSchema.TRAIN), rows(cfg)).collect();
    Normalizer norm = beats.stream().collect(
        () -> new Normalizer.Accumulator(schema.leadCount(), schema.rrFeatures().size(), cfg.rrEncoding(), cfg.windowCut(schema)),
        (a, b) -> a.add(b.window(), b.rr()), Normalizer.Accumulator::merge).finish();
    long[] counts = new long[schema.classes().size()];
    beats.forEach(b -> counts[b.label()]++);
    double[] weights = ClassWeights.of(cfg.classWeighting(), counts, schema.classes(), cfg.classWeightCap(),
        cfg.absentClassesAllowed());
    return new Prepared(data, beats, norm, weights, TrainJob.networkConfig(cfg, schema, cfg.seed()));
  }

  /**
   * The training rows (parameter averaging, the standalone cluster) run the training job, which
   * refuses a dataset without validation beats when early stopping is on; the export, the
   * benchmark's first step, refuses it first instead of minutes into the run.
   */
  static void requireValidationWhenStopping(TrainConfig cfg, TrainingData data, String dataset) {
    if (cfg.patience() > 0
        && (!data.hasSplit(DatasetSchema.VALIDATION) || data.split(DatasetSchema.VALIDATION).isEmpty())) {
      throw new DatasetContractException("Cannot benchmark on " + dataset + ": it has no validation beats, and the training"
          + " rows stop at that with early stopping on (training.early-stopping-patience = " + cfg.patience() + "); pass"
          + " training.early-stopping-patience=0 among the overrides for every row, or use a dataset with a val split");
    }
  }

  private static void export(SparkSession spark, String dataset, Path out, List<String> splits, List<String> overrides)
      throws IOException {
    TrainConfig cfg = config(dataset, out.resolve("unused").toUri().toString(), 1, overrides);
    boolean sequence = cfg.model() == ModelKind.SEQUENCE;
    TrainingData data = TrainingData.open(spark, cfg.datasetUri());
    requireValidationWhenStopping(cfg, data, dataset); // before the train split is read
    Prepared p = prepare(data, cfg);
    Files.createDirectories(out);
    Map<String, Object> facts = new LinkedHashMap<>();
    for (String split : splits) {
      List<Beat> beats = split.equals(DatasetSchema.TRAIN) ? p.beats()
          : p.data().beats(p.data().split(split), rows(cfg)).collect();
      MultiDataSet mds = BeatBatcher.toMultiDataSet(beats, p.norm(), p.net().windowSamples(), p.net().classCount());
      INDArray wave = mds.getFeatures(0);
      INDArray rr = mds.getFeatures(1);
      long[] labels = new long[beats.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = beats.get(i).label();
      }
      Npy.writeFloat(out.resolve(split + "-wave.npy"), wave.shape(), wave.data().asFloat());
      Npy.writeFloat(out.resolve(split + "-rr.npy"), rr.shape(), rr.data().asFloat());
      Npy.writeLong(out.resolve(split + "-labels.npy"), labels);
      facts.put(split + "_beats", beats.size());
      if (sequence) {
        long[] records = recordIndexes(beats, split);
        Npy.writeLong(out.resolve(split + "-records.npy"), records);
        facts.put(split + "_records", records.length == 0 ? 0 : records[records.length - 1] + 1);
      }
    }
    NetworkConfig n = p.net();
    facts.put("model", quoted(cfg.model().name().toLowerCase(Locale.ROOT)));
    facts.put("leads", n.leadCount());
    facts.put("window", n.windowSamples());
    facts.put("rr_features", n.rrFeatureCount());
    facts.put("classes", n.classCount());
    facts.put("conv1_filters", n.conv1Filters());
    facts.put("conv1_kernel", n.conv1Kernel());
    facts.put("conv2_filters", n.conv2Filters());
    facts.put("conv2_kernel", n.conv2Kernel());
    facts.put("pool", n.poolSize());
    facts.put("lstm_units", n.lstmUnits());
    facts.put("dense_units", n.denseUnits());
    facts.put("learning_rate", n.learningRate());
    facts.put("l2", n.l2());
    facts.put("batch", cfg.spark().batchSizePerWorker());
    if (sequence) {
      ChunkGeometry g = n.scoringGeometry(1);
      facts.put("direction", quoted(n.direction().name().toLowerCase(Locale.ROOT)));
      facts.put("sequence_length", g.length());
      facts.put("sequence_overlap", g.overlap());
      facts.put("context_before", g.before());
      facts.put("context_after", g.after());
      facts.put("chunks_per_batch", cfg.sequence().chunksPerBatch());
      facts.put("conv1_stride", n.conv1Stride());
      facts.put("dropout", n.dropout());
      facts.put("beat_encoder", quoted(n.beatEncoder().name().toLowerCase(Locale.ROOT)));
    }
    facts.put("class_weights", Arrays.toString(p.classWeights()));
    // Fused or DL4J's LSTM: same parameters; the fused one computes what the mirror does on padded sequences.
    ComputationGraph graph = cfg.model().build(n.withLstm(LstmImplementation.FUSED), p.classWeights());
    facts.put("parameters", graph.numParams());
    if (sequence) {
      writeCheck(out.resolve(CHECK_DIR), graph, p, n.scoringGeometry(1));
    }
    StringBuilder json = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Object> e : facts.entrySet()) {
      json.append("  \"").append(e.getKey()).append("\": ").append(e.getValue()).append(++i < facts.size() ? ",\n" : "\n");
    }
    Files.writeString(out.resolve("network.json"), json.append("}\n").toString(), StandardCharsets.UTF_8);
    System.out.println("exported " + facts + " to " + out);
  }

  /**
   * What the mirror checks its layers against (beat-sequence model), in {@code dir}: every parameter
   * of {@code graph} as {@code <layer>_<key>.npy} (float32, DL4J's shapes and gate order), and the
   * graph's class probabilities ({@code probabilities.npy}, float32 [n, classes, T]) for one
   * minibatch of the train split's first sequences as training cuts them ({@code spans.npy}, int64
   * [n, 2]: {@code [start, end)} rows of the train tensors), the last one cut to half its length so
   * that padding and masks are covered. The parameters are drawn at random (seeded) first: with the
   * initialisation's zero biases, padded steps would leave the LSTM state at zero and a mirror that
   * ran its backward half through the padding would pass unnoticed.
   */
  private static void writeCheck(Path dir, ComputationGraph graph, Prepared p, ChunkGeometry geometry) throws IOException {
    Files.createDirectories(dir);
    Nd4j.getRandom().setSeed(p.net().seed());
    graph.setParams(Nd4j.randn(DataType.FLOAT, 1, graph.numParams()).muli(CHECK_PARAMETER_SCALE));
    for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
      INDArray v = e.getValue();
      Npy.writeFloat(dir.resolve(e.getKey() + ".npy"), v.shape(), Nd4j.toFlattened('c', v).toFloatVector());
    }
    List<Beat> beats = p.beats();
    recordIndexes(beats, DatasetSchema.TRAIN); // fails unless every record's beats are together
    List<int[]> all = trainingSpans(beats, geometry);
    List<int[]> spans = new ArrayList<>(all.subList(0, Math.min(CHECK_SEQUENCES, all.size())));
    int[] last = spans.get(spans.size() - 1);
    last[1] = last[0] + Math.max(1, (last[1] - last[0]) / 2);
    List<Chunk> chunks = new ArrayList<>();
    long[] flat = new long[2 * spans.size()];
    for (int i = 0; i < spans.size(); i++) {
      chunks.add(Chunk.of(beats, spans.get(i)[0], spans.get(i)[1]));
      flat[2 * i] = spans.get(i)[0];
      flat[2 * i + 1] = spans.get(i)[1];
    }
    MultiDataSet mds = SequenceBatcher.toMultiDataSet(chunks, chunks.stream().map(Chunk::windows).toList(), p.norm(),
        p.net().classCount());
    INDArray probabilities = graph.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays())[0];
    Npy.writeFloat(dir.resolve("probabilities.npy"), probabilities.shape(),
        Nd4j.toFlattened('c', probabilities).toFloatVector());
    Npy.writeLong(dir.resolve("spans.npy"), new long[] {spans.size(), 2}, flat);
  }

  /**
   * The sequences the training job cuts ({@link ChunkGeometry#trainingSpans}) from each run of one
   * record's consecutive beats, as {@code [from, to)} indexes of {@code beats}.
   */
  private static List<int[]> trainingSpans(List<Beat> beats, ChunkGeometry geometry) {
    List<int[]> spans = new ArrayList<>();
    for (int from = 0; from < beats.size(); ) {
      int to = from;
      while (to < beats.size() && beats.get(to).record().equals(beats.get(from).record())) {
        to++;
      }
      for (int[] span : geometry.trainingSpans(to - from)) {
        spans.add(new int[] {from + span[0], from + span[1]});
      }
      from = to;
    }
    return spans;
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  /**
   * Each beat's record as 0, 1, … in order of appearance; every record's beats must be together
   * (as {@link TrainingData.Rows#RECORDED_IN_ORDER} delivers them), or sequences would be cut wrongly.
   */
  static long[] recordIndexes(List<Beat> beats, String split) {
    long[] index = new long[beats.size()];
    Set<String> seen = new HashSet<>();
    long current = -1;
    String previous = null;
    for (int i = 0; i < index.length; i++) {
      String record = beats.get(i).record();
      if (!record.equals(previous)) {
        if (!seen.add(record)) {
          throw new IllegalStateException("Cannot export the " + split + " split: the beats of record " + record
              + " are not together (beat " + i + " follows " + previous + ")");
        }
        current++;
        previous = record;
      }
      index[i] = current;
    }
    return index;
  }

  private static void localTrainer(SparkSession spark, String dataset, int epochs, Path result, List<String> overrides)
      throws IOException {
    TrainConfig cfg = config(dataset, result.resolveSibling("unused").toUri().toString(), epochs, overrides);
    Prepared p = prepare(TrainingData.open(spark, cfg.datasetUri()), cfg);
    if (cfg.model() == ModelKind.SEQUENCE) {
      localSequences(p, cfg, epochs, result);
      return;
    }
    LocalTrainer.Result r = LocalTrainer.train(p.net(), p.classWeights(), p.norm(), p.beats(),
        cfg.spark().batchSizePerWorker(), epochs, cfg.seed());
    write(result, r.examplesFitted(), r.fitSeconds(), r.epochLoss().get(r.epochLoss().size() - 1),
        "model=beat batch=" + cfg.spark().batchSizePerWorker() + " lstm=" + p.net().lstm());
  }

  /** The beat-sequence model fitted in this JVM on the sequences the training job would cut. */
  private static void localSequences(Prepared p, TrainConfig cfg, int epochs, Path result) throws IOException {
    TrainConfig.Sequence s = cfg.sequence();
    ChunkGeometry geometry = ChunkGeometry.of(s.length(), s.overlap(), s.direction());
    List<Chunk> chunks = new ArrayList<>();
    List<Beat> beats = p.beats();
    for (int[] span : trainingSpans(beats, geometry)) {
      chunks.add(Chunk.of(beats, span[0], span[1]));
    }
    ComputationGraph graph = ModelKind.SEQUENCE.build(p.net(), p.classWeights());
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(cfg.seed());
    int batch = s.chunksPerBatch();
    long fitted = 0;
    double lastLoss = Double.NaN;
    long t0 = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      List<Chunk> order = new ArrayList<>(chunks);
      java.util.Collections.shuffle(order, new java.util.Random(rnd.nextLong()));
      double lossSum = 0;
      long epochBeats = 0;
      for (int start = 0; start < order.size(); start += batch) {
        List<Chunk> mb = order.subList(start, Math.min(order.size(), start + batch));
        List<float[][]> windows = mb.stream().map(Chunk::windows).toList();
        graph.fit(SequenceBatcher.toMultiDataSet(mb, windows, p.norm(), p.net().classCount()));
        int mbBeats = mb.stream().mapToInt(Chunk::length).sum();
        lossSum += graph.score() * mbBeats;
        epochBeats += mbBeats;
      }
      lastLoss = lossSum / epochBeats;
      fitted += epochBeats;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    write(result, fitted, seconds, lastLoss, "model=sequence direction=" + s.direction() + " length=" + s.length()
        + " overlap=" + s.overlap() + " chunks-per-batch=" + batch + " sequences=" + chunks.size() + " lstm=" + p.net().lstm()
        + " (no oversampling, no augmentation)");
  }

  private static void parameterAveraging(SparkSession spark, String dataset, int epochs, Path work, Path result,
      List<String> overrides) throws IOException {
    TrainConfig cfg = config(dataset, work.resolve("model").toUri().toString(), epochs, overrides);
    TrainResult r = TrainJob.run(spark, cfg);
    long fitted = r.epochs().stream().mapToLong(EpochMetrics::examplesFitted).sum();
    double seconds = r.epochs().stream().mapToDouble(EpochMetrics::seconds).sum();
    EpochMetrics last = r.epochs().get(r.epochs().size() - 1);
    write(result, fitted, seconds, last.trainLoss(),
        "model=" + cfg.model() + " workers=" + cfg.spark().workers() + " batch=" + (cfg.model() == ModelKind.SEQUENCE
            ? cfg.sequence().chunksPerBatch() + " sequences" : cfg.spark().batchSizePerWorker()) + " frequency="
            + cfg.spark().averagingFrequency() + " lstm=" + cfg.network().lstm() + " val_macro_f1="
            + String.format(Locale.ROOT, "%.4f", last.valMacroF1()));
  }

  static void write(Path result, long beats, double seconds, double loss, String settings) throws IOException {
    System.out.print(BenchResult.write(result, beats, seconds, String.format(Locale.ROOT, "%.4f", loss), settings));
  }


  /** NumPy's .npy format, version 1.0, little-endian, C order (what numpy.load reads). */
  static final class Npy {
    private Npy() {}

    static void writeFloat(Path file, long[] shape, float[] data) throws IOException {
      ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(data);
      write(file, "<f4", shape, buf.array());
    }

    static void writeLong(Path file, long[] data) throws IOException {
      writeLong(file, new long[] {data.length}, data);
    }

    static void writeLong(Path file, long[] shape, long[] data) throws IOException {
      ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      buf.asLongBuffer().put(data);
      write(file, "<i8", shape, buf.array());
    }

    private static void write(Path file, String descr, long[] shape, byte[] body) throws IOException {
      StringBuilder dims = new StringBuilder();
      for (long d : shape) {
        dims.append(d).append(", ");
      }
      String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims.toString().trim() + "), }";
      int unpadded = 10 + dict.length() + 1;
      int padding = (64 - unpadded % 64) % 64;
      String header = dict + " ".repeat(padding) + "\n";
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = header.length();
        out.write(new byte[] {(byte) (len & 0xff), (byte) (len >> 8)});
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
      }
    }
  }
}
