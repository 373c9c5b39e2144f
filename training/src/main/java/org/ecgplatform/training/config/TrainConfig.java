package org.ecgplatform.training.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.training.data.ChunkAugmenter;
import org.ecgplatform.training.data.ClassWeights;
import org.ecgplatform.training.data.RecordBalance;
import org.ecgplatform.training.model.AtrialMatch;
import org.ecgplatform.training.model.BeatEncoder;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.LstmImplementation;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.RecordAmplitude;
import org.ecgplatform.training.model.RrEncoding;
import org.ecgplatform.training.model.SequenceDirection;
import org.ecgplatform.training.model.ValidationMetrics;
import org.ecgplatform.training.model.WindowCut;

/**
 * Effective configuration of a training run, read from the {@code training} block (keys and
 * defaults in {@code reference.conf}). Precedence, lowest first: reference.conf, environment
 * file, command-line {@code key=value}, command-line options ({@code --dataset}, {@code --output},
 * {@code --resume}). Validated on construction; messages name the key and the value.
 *
 * @param datasetUri dataset directory written by the ETL
 * @param outputUri output directory
 * @param resume continue the run in {@code outputUri} from its last checkpoint
 * @param epochs maximum epochs of the whole run
 * @param maxEpochsThisRun stop this invocation after this many epochs (0: no limit)
 * @param patience early-stopping patience in epochs (0: early stopping off)
 * @param earlyStoppingF1Classes the classes the validation macro-F1 that picks the best epoch
 *     averages over
 * @param keptEpoch which epoch becomes the model: the best-validated or the last one run
 * @param seed seed of initialisation, shuffles and averaging
 * @param learningRate Adam learning rate
 * @param l2 L2 weight decay
 * @param classWeighting how loss weights follow the class frequencies
 * @param classWeightCap upper bound of a class weight
 * @param rrEncoding how the dataset's RR columns become the network's RR input
 * @param evalBatchSize beats per prediction batch on the validation split
 * @param network network sizes
 * @param spark parameter-averaging settings
 * @param model the model kind: one beat at a time, or sequences of beats
 * @param sequence settings of the beat-sequence model
 * @param templateSwap per-beat model: probability per training beat and epoch that its
 *     record-template channels are replaced by its own ECG channels ({@code TemplateSwap}; 0: never)
 * @param dropout per-beat model: probability of dropping each input of the dense layer and of the
 *     output layer while training (0: none; the sequence model's is {@link Sequence#dropout()})
 * @param windowCutBeforeNextS seconds before the next beat's fiducial point where each beat's window
 *     ends ({@code WindowCut}); negative: windows are not cut ({@code off})
 * @param weightAverageHalfLife half-life in epochs of the running mean of the weights that
 *     validation, the best epoch and the model use ({@code WeightAverage}); 0: the trained weights
 * @param atrialMatch whether each beat's RR input also holds the correlation of its pre-QRS segment
 *     with its record template's ({@code AtrialMatch})
 * @param recordAmplitude whether each lead's window and template are divided by the template's
 *     peak-to-peak amplitude ({@code RecordAmplitude})
 * @param recordBalance per-beat model: exponent in [0, 1] by which each training record's beats of a
 *     class share that class's loss weight ({@code RecordBalance}; 0: every beat weighs the same)
 */
public record TrainConfig(
    String datasetUri,
    String outputUri,
    boolean resume,
    int epochs,
    int maxEpochsThisRun,
    int patience,
    ValidationMetrics.F1Classes earlyStoppingF1Classes,
    KeptEpoch keptEpoch,
    long seed,
    double learningRate,
    double l2,
    ClassWeights.Mode classWeighting,
    double classWeightCap,
    List<String> absentClassesAllowed,
    RrEncoding rrEncoding,
    int evalBatchSize,
    Network network,
    SparkSettings spark,
    ModelKind model,
    Sequence sequence,
    double templateSwap,
    double dropout,
    double windowCutBeforeNextS,
    double weightAverageHalfLife,
    boolean atrialMatch,
    boolean recordAmplitude,
    double recordBalance) {

  /** Root of every key this class reads. */
  public static final String ROOT = "training";

  /** Key of {@link #keptEpoch()}. */
  public static final String KEPT_EPOCH_KEY = "training.kept-epoch";

  /**
   * Which epoch's weights become the model ({@code training.kept-epoch}).
   * {@link #BEST}: the epoch with the best validation macro-F1 (the last epoch when the dataset has
   * no val split). {@link #LAST}: the last epoch run, validated or not; only with early stopping off,
   * so that the number of epochs is fixed by {@code training.epochs} alone.
   */
  public enum KeptEpoch {
    BEST,
    LAST;

    /** Parses a configuration value (any case), naming {@code key} in the error. */
    public static KeptEpoch parse(String key, String value) {
      return org.ecgplatform.common.ConfigLoader.enumValue(key, value, KeptEpoch.class);
    }

    /** The value as written in configuration files. */
    public String configValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Storage levels accepted by {@code training.spark.storage-level}. */
  public static final Set<String> STORAGE_LEVELS =
      Set.of("MEMORY_ONLY", "MEMORY_AND_DISK", "MEMORY_ONLY_SER", "MEMORY_AND_DISK_SER", "DISK_ONLY");

  /** Network sizes and the LSTM implementation ({@code training.network.*}). */
  public record Network(
      int conv1Filters, int conv1Kernel, int conv2Filters, int conv2Kernel, int poolSize, int lstmUnits, int denseUnits,
      LstmImplementation lstm) {}

  /**
   * Settings of the beat-sequence model ({@code training.sequence.*}).
   *
   * @param direction bidirectional or causal
   * @param length beats per sequence
   * @param overlap beats shared by consecutive sequences
   * @param chunksPerBatch sequences per minibatch (replaces {@code spark.batch-size-per-worker})
   * @param oversampling per AAMI class, how many times a training sequence holding a beat of that
   *     class is fitted per epoch (the largest factor of its classes; 1: once)
   * @param augment training-time augmentation of whole sequences
   * @param conv1Stride stride of the first convolution of the per-beat encoder
   * @param dropout probability of dropping inputs of the beat embedding and of the output layer
   * @param beatEncoder how each beat window is encoded before the LSTM across beats
   */
  public record Sequence(SequenceDirection direction, int length, int overlap, int chunksPerBatch,
      Map<String, Integer> oversampling, ChunkAugmenter augment, int conv1Stride, double dropout,
      BeatEncoder beatEncoder) {
    public Sequence {
      java.util.Objects.requireNonNull(beatEncoder, "beatEncoder");
      atLeast("training.sequence.conv1-stride", conv1Stride, 1);
      ChunkGeometry.of(length, overlap, direction); // validates length and overlap
      atLeast("training.sequence.chunks-per-batch", chunksPerBatch, 1);
      oversampling = Map.copyOf(oversampling);
      for (Map.Entry<String, Integer> e : oversampling.entrySet()) {
        if (!org.ecgplatform.etl.beats.AamiClass.vocabulary().contains(e.getKey())) {
          throw ConfigException.invalid("training.sequence.oversampling." + e.getKey(), e.getValue(),
              "keys among the AAMI classes N, S, V, F, Q");
        }
        atLeast("training.sequence.oversampling." + e.getKey(), e.getValue(), 1);
      }
    }

    /** Times a sequence holding a beat of each class (label-index order) is fitted per epoch. */
    public int[] factors(java.util.List<String> classes) {
      int[] f = new int[classes.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = oversampling.getOrDefault(classes.get(i), 1);
      }
      return f;
    }
  }

  /**
   * Parameter-averaging settings ({@code training.spark.*}).
   *
   * @param workers workers per averaging round (0: spark.default.parallelism)
   * @param batchSizePerWorker beats per minibatch
   * @param averagingFrequency minibatches per worker between averagings
   * @param workerPrefetchBatches minibatches prefetched per worker
   * @param exportDirectory shared directory for the Export approach, empty for Direct
   * @param storageLevel Spark storage level name
   * @param ompNumThreads ND4J threads per task
   */
  public record SparkSettings(
      int workers,
      int batchSizePerWorker,
      int averagingFrequency,
      int workerPrefetchBatches,
      String exportDirectory,
      String storageLevel,
      int ompNumThreads) {

    public SparkSettings {
      atLeast("training.spark.workers", workers, 0);
      atLeast("training.spark.batch-size-per-worker", batchSizePerWorker, 1);
      atLeast("training.spark.averaging-frequency", averagingFrequency, 1);
      atLeast("training.spark.worker-prefetch-batches", workerPrefetchBatches, 0);
      atLeast("training.spark.omp-num-threads", ompNumThreads, 1);
      if (!STORAGE_LEVELS.contains(storageLevel)) {
        throw ConfigException.invalid("training.spark.storage-level", storageLevel, "one of " + new java.util.TreeSet<>(STORAGE_LEVELS));
      }
    }

    /** True when DL4J's Direct approach is used (no export directory). */
    public boolean direct() {
      return exportDirectory == null || exportDirectory.isBlank();
    }
  }

  public TrainConfig {
    if (datasetUri == null || datasetUri.isBlank()) {
      throw ConfigException.invalid("training.dataset", datasetUri, "a dataset URI (--dataset)");
    }
    if (outputUri == null || outputUri.isBlank()) {
      throw ConfigException.invalid("training.output", outputUri, "an output URI (--output)");
    }
    atLeast("training.epochs", epochs, 1);
    atLeast("training.max-epochs-this-run", maxEpochsThisRun, 0);
    atLeast("training.early-stopping-patience", patience, 0);
    if (keptEpoch == KeptEpoch.LAST && patience > 0) {
      throw ConfigException.invalid(KEPT_EPOCH_KEY, "last",
          "best while early stopping is on (training.early-stopping-patience = " + patience
              + "); set the patience to 0 to keep the last of a fixed number of epochs");
    }
    atLeast("training.eval-batch-size", evalBatchSize, 1);
    if (!(classWeightCap >= 1)) {
      throw ConfigException.invalid("training.class-weight-cap", classWeightCap, "a number >= 1");
    }
    if (!(learningRate > 0 && learningRate < 1)) {
      throw ConfigException.invalid("training.learning-rate", learningRate, "a number in (0, 1)");
    }
    absentClassesAllowed = List.copyOf(absentClassesAllowed);
    for (String cls : absentClassesAllowed) {
      if (!org.ecgplatform.etl.beats.AamiClass.vocabulary().contains(cls)) {
        throw ConfigException.invalid("training.absent-classes-allowed", cls, "AAMI classes N, S, V, F, Q");
      }
    }
    if (!(l2 >= 0)) {
      throw ConfigException.invalid("training.l2", l2, "a number >= 0");
    }
    if (!(templateSwap >= 0 && templateSwap <= 1)) {
      throw ConfigException.invalid("training.template-swap", templateSwap, "a probability in [0, 1]");
    }
    if (templateSwap > 0 && model == ModelKind.SEQUENCE) {
      throw ConfigException.invalid("training.template-swap", templateSwap,
          "0 with training.model = sequence (the swap is implemented for the per-beat model only)");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw ConfigException.invalid("training.dropout", dropout, "a probability in [0, 1)");
    }
    if (dropout > 0 && model == ModelKind.SEQUENCE) {
      throw ConfigException.invalid("training.dropout", dropout,
          "0 with training.model = sequence (the sequence model's dropout is training.sequence.dropout)");
    }
    if (Double.isNaN(windowCutBeforeNextS) || windowCutBeforeNextS > 1) {
      throw ConfigException.invalid(WINDOW_CUT_KEY, windowCutBeforeNextS, WINDOW_CUT_VALUES);
    }
    if (!(weightAverageHalfLife >= 0 && weightAverageHalfLife <= 1000)) {
      throw ConfigException.invalid(WEIGHT_AVERAGE_KEY, weightAverageHalfLife, "epochs in [0, 1000] (0: off)");
    }
    if (!(recordBalance >= 0 && recordBalance <= 1)) {
      throw ConfigException.invalid(RecordBalance.KEY, recordBalance,
          "an exponent in [0, 1] (0: off, 1: every record an equal share of each class it has)");
    }
    if (recordBalance > 0 && model == ModelKind.SEQUENCE) {
      throw ConfigException.invalid(RecordBalance.KEY, recordBalance,
          "0 with training.model = sequence (the balance is implemented for the per-beat model only)");
    }
  }

  /** Key of {@link #weightAverageHalfLife()}. */
  public static final String WEIGHT_AVERAGE_KEY = "training.weight-average-half-life";

  /**
   * The window cut this configuration asks for, placed in {@code schema}'s windows.
   *
   * @throws ConfigException when cutting and the dataset has no {@code rr_next_s} column
   */
  public WindowCut windowCut(DatasetSchema schema) {
    return WindowCut.of(windowCutBeforeNextS, schema.fsHz(), schema.samplesBefore(), schema.rrFeatures(), datasetUri);
  }

  /**
   * The atrial-match input this configuration asks for, placed in {@code schema}'s windows.
   *
   * @param leadNames the dataset's channel names
   * @throws ConfigException when asked for and the dataset's windows cannot give it
   */
  public AtrialMatch atrialMatch(DatasetSchema schema, List<String> leadNames) {
    return AtrialMatch.of(atrialMatch, schema.fsHz(), schema.samplesBefore(), leadNames, datasetUri);
  }

  /**
   * The amplitude scaling this configuration asks for, placed in the dataset's windows.
   *
   * @param leadNames the dataset's channel names
   * @throws ConfigException when asked for and the dataset's windows hold no record template per lead
   */
  public RecordAmplitude recordAmplitude(List<String> leadNames) {
    return RecordAmplitude.of(recordAmplitude, leadNames, datasetUri);
  }

  /** Key of {@link #windowCutBeforeNextS()}. */
  public static final String WINDOW_CUT_KEY = "training.window-cut-before-next-s";

  private static final String WINDOW_CUT_VALUES = "off, or seconds in [0, 1]";

  private static double windowCut(Config c) {
    String v = c.getString("window-cut-before-next-s").trim();
    if (v.equalsIgnoreCase("off")) {
      return -1;
    }
    double s;
    try {
      s = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(WINDOW_CUT_KEY, v, WINDOW_CUT_VALUES);
    }
    if (!(s >= 0)) {
      throw ConfigException.invalid(WINDOW_CUT_KEY, v, WINDOW_CUT_VALUES);
    }
    return s;
  }

  /** Reference defaults with {@code overrides} ("training.x = y" HOCON) on top; for tests and tools. */
  public static TrainConfig of(String overrides) {
    return from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  /**
   * Reads and validates the {@code training} block of a resolved config.
   *
   * @throws ConfigException on an unknown key under {@code training} or a value of the wrong type
   */
  public static TrainConfig from(Config root) {
    Config ref = ConfigFactory.defaultReference().getConfig(ROOT);
    Config c = root.getConfig(ROOT);
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      if (!ref.hasPathOrNull(e.getKey())) {
        throw new ConfigException(
            "Unknown configuration key training." + e.getKey() + " = '" + e.getValue().unwrapped()
                + "' (known keys are listed in training's reference.conf)");
      }
    }
    try {
      Config n = c.getConfig("network");
      Config s = c.getConfig("spark");
      return new TrainConfig(
          c.getString("dataset"),
          c.getString("output"),
          c.getBoolean("resume"),
          c.getInt("epochs"),
          c.getInt("max-epochs-this-run"),
          c.getInt("early-stopping-patience"),
          ValidationMetrics.F1Classes.parse("training.early-stopping-f1-classes", c.getString("early-stopping-f1-classes")),
          KeptEpoch.parse(KEPT_EPOCH_KEY, c.getString("kept-epoch")),
          c.getLong("seed"),
          c.getDouble("learning-rate"),
          c.getDouble("l2"),
          ClassWeights.Mode.parse("training.class-weighting", c.getString("class-weighting")),
          c.getDouble("class-weight-cap"),
          c.getStringList("absent-classes-allowed"),
          RrEncoding.parse("training.rr-encoding", c.getString("rr-encoding")),
          c.getInt("eval-batch-size"),
          new Network(n.getInt("conv1-filters"), n.getInt("conv1-kernel"), n.getInt("conv2-filters"),
              n.getInt("conv2-kernel"), n.getInt("pool-size"), n.getInt("lstm-units"), n.getInt("dense-units"),
              LstmImplementation.parse("training.network.lstm", n.getString("lstm"))),
          new SparkSettings(s.getInt("workers"), s.getInt("batch-size-per-worker"), s.getInt("averaging-frequency"),
              s.getInt("worker-prefetch-batches"), s.getString("export-directory"), s.getString("storage-level"),
              s.getInt("omp-num-threads")),
          ModelKind.parse("training.model", c.getString("model")),
          sequence(c.getConfig("sequence")),
          c.getDouble("template-swap"),
          c.getDouble("dropout"),
          windowCut(c),
          c.getDouble("weight-average-half-life"),
          c.getBoolean("atrial-match"),
          c.getBoolean("record-amplitude"),
          c.getDouble("record-balance"));
    } catch (com.typesafe.config.ConfigException.WrongType e) {
      throw new ConfigException("Invalid configuration value: " + e.getMessage() + " (see training's reference.conf)", e);
    }
  }

  private static Sequence sequence(Config q) {
    Config a = q.getConfig("augment");
    Map<String, Integer> over = new java.util.TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : q.getConfig("oversampling").entrySet()) {
      over.put(e.getKey(), q.getConfig("oversampling").getInt(e.getKey()));
    }
    ChunkAugmenter aug = new ChunkAugmenter(a.getBoolean("enabled"),
        a.getDouble("gaussian.probability"), doubles(a, "gaussian.snr-db"),
        a.getDouble("scale.probability"), doubles(a, "scale.range"),
        a.getDouble("wander.probability"), a.getDouble("wander.max-mv"), doubles(a, "wander.hz"));
    return new Sequence(SequenceDirection.parse("training.sequence.direction", q.getString("direction")),
        q.getInt("length"), q.getInt("overlap"), q.getInt("chunks-per-batch"), over, aug, q.getInt("conv1-stride"),
        q.getDouble("dropout"), BeatEncoder.parse("training.sequence.beat-encoder", q.getString("beat-encoder")));
  }

  private static double[] doubles(Config c, String key) {
    return c.getDoubleList(key).stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A copy with dataset, output and resume replaced (the CLI's options win over config files). */
  public TrainConfig withLocations(String dataset, String output, boolean resumeRun) {
    return new TrainConfig(dataset, output, resumeRun, epochs, maxEpochsThisRun, patience, earlyStoppingF1Classes, keptEpoch, seed, learningRate, l2,
        classWeighting, classWeightCap, absentClassesAllowed, rrEncoding, evalBatchSize, network, spark, model, sequence,
        templateSwap, dropout, windowCutBeforeNextS, weightAverageHalfLife, atrialMatch, recordAmplitude, recordBalance);
  }

  /** A copy with a different per-invocation epoch limit. */
  public TrainConfig withMaxEpochsThisRun(int max) {
    return new TrainConfig(datasetUri, outputUri, resume, epochs, max, patience, earlyStoppingF1Classes, keptEpoch, seed, learningRate, l2,
        classWeighting, classWeightCap, absentClassesAllowed, rrEncoding, evalBatchSize, network, spark, model, sequence,
        templateSwap, dropout, windowCutBeforeNextS, weightAverageHalfLife, atrialMatch, recordAmplitude, recordBalance);
  }

  /** The settings as flat {@code key -> value} pairs, for logging and for {@code model.json}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", datasetUri);
    m.put("output", outputUri);
    m.put("resume", resume);
    m.put("epochs", epochs);
    m.put("max-epochs-this-run", maxEpochsThisRun);
    m.put("early-stopping-patience", patience);
    m.put("early-stopping-f1-classes", earlyStoppingF1Classes.name().toLowerCase(java.util.Locale.ROOT));
    m.put("kept-epoch", keptEpoch.configValue());
    m.put("seed", seed);
    m.put("learning-rate", learningRate);
    m.put("l2", l2);
    m.put("class-weighting", classWeighting.name().toLowerCase(java.util.Locale.ROOT));
    m.put("class-weight-cap", classWeightCap);
    m.put("absent-classes-allowed", absentClassesAllowed);
    m.put("rr-encoding", rrEncoding.name().toLowerCase(java.util.Locale.ROOT));
    m.put("eval-batch-size", evalBatchSize);
    m.put("network", network.toString());
    m.put("spark.workers", spark.workers());
    m.put("spark.batch-size-per-worker", spark.batchSizePerWorker());
    m.put("spark.averaging-frequency", spark.averagingFrequency());
    m.put("spark.worker-prefetch-batches", spark.workerPrefetchBatches());
    m.put("spark.export-directory", spark.exportDirectory());
    m.put("spark.storage-level", spark.storageLevel());
    m.put("spark.omp-num-threads", spark.ompNumThreads());
    m.put("model", model.name().toLowerCase(java.util.Locale.ROOT));
    m.put("template-swap", templateSwap);
    m.put("window-cut-before-next-s", windowCutBeforeNextS < 0 ? "off" : windowCutBeforeNextS);
    m.put("weight-average-half-life", weightAverageHalfLife);
    m.put("atrial-match", atrialMatch);
    m.put("record-amplitude", recordAmplitude);
    if (model == ModelKind.BEAT) {
      m.put("dropout", dropout);
      m.put("record-balance", recordBalance);
    }
    if (model == ModelKind.SEQUENCE) {
      m.put("sequence.direction", sequence.direction().name().toLowerCase(java.util.Locale.ROOT));
      m.put("sequence.length", sequence.length());
      m.put("sequence.overlap", sequence.overlap());
      m.put("sequence.chunks-per-batch", sequence.chunksPerBatch());
      m.put("sequence.conv1-stride", sequence.conv1Stride());
      m.put("sequence.beat-encoder", sequence.beatEncoder().name().toLowerCase(java.util.Locale.ROOT));
      m.put("sequence.dropout", sequence.dropout());
      m.put("sequence.oversampling", sequence.oversampling().toString());
      ChunkAugmenter a = sequence.augment();
      m.put("sequence.augment", a.enabled() ? "gaussian p=" + a.gaussianProbability() + " snr-db="
          + java.util.Arrays.toString(a.snrDb()) + ", scale p=" + a.scaleProbability() + " range="
          + java.util.Arrays.toString(a.scaleRange()) + ", wander p=" + a.wanderProbability() + " max-mv="
          + a.wanderMaxMv() + " hz=" + java.util.Arrays.toString(a.wanderHz()) : "off");
    }
    return new TreeMap<>(m);
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw ConfigException.invalid(key, value, "an integer >= " + min);
    }
  }

  /** Keys a user may set, for help texts. */
  public static List<String> knownKeys() {
    return ConfigFactory.defaultReference().getConfig(ROOT).entrySet().stream()
        .map(e -> ROOT + "." + e.getKey()).sorted().toList();
  }
}
