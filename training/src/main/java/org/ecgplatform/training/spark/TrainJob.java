package org.ecgplatform.training.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.ClassWeights;
import org.ecgplatform.training.data.EpochPlan;
import org.ecgplatform.training.data.RecordBalance;
import org.ecgplatform.training.data.TrainingData;
import org.ecgplatform.training.model.AtrialMatch;
import org.ecgplatform.training.model.BeatEncoder;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.ModelKind;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.RecordAmplitude;
import org.ecgplatform.training.model.ValidationMetrics;
import org.ecgplatform.training.model.WindowCut;
import org.ecgplatform.training.report.TrainingReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark training job: trains the configured model kind ({@code training.model}: the per-beat
 * {@code BeatNetwork} or the beat-sequence {@code SequenceNetwork}) on the {@code train} split of an
 * ETL dataset with DL4J parameter averaging, validates on {@code val} after every epoch,
 * checkpoints, stops early on validation macro-F1, and writes the kept epoch (best-validated or
 * last, {@code training.kept-epoch}) as the model with its metadata.
 *
 * <p>Steps: (1) open the dataset and check its contract, the splits, the columns and the class
 * counts, all before any training ({@link Inputs}); (2) compute the {@link Normalizer} and class
 * weights on the training split; (3) per epoch, lay the shuffled examples (beats or sequences, from
 * {@link TrainingExamples}) out in whole averaging rounds ({@link EpochPlan}) and fit round by round,
 * counting fitted examples on the workers ({@link FitCounter}); (4) score the validation split on
 * the executors through the model's streaming scorer; (5) write a checkpoint, the metrics CSV and
 * the curve; (6) at the end, write {@code model.zip} (the kept epoch) and {@code model.json}.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  private TrainJob() {}

  public static TrainResult run(SparkSession spark, TrainConfig cfg) {
    LOG.info("Training with {}", cfg.toMap());
    TrainingExamples<?> examples = TrainingExamples.of(cfg);
    Inputs in = Inputs.open(spark, cfg, examples.rows()); // (1)
    Checkpoints checkpoints = new Checkpoints(cfg.outputUri(), spark.sparkContext().hadoopConfiguration());
    RunState resumed = resumedState(cfg, checkpoints, spark.sparkContext().hadoopConfiguration());
    StorageLevel level = StorageLevel.fromString(cfg.spark().storageLevel());
    JavaRDD<Beat> trainBeats = in.data().beats(in.trainRows(), examples.rows()).persist(level);
    JavaRDD<Beat> valBeats = (in.validated() ? in.data().beats(in.valRows(), TrainingData.Rows.RECORDED_IN_ORDER)
        : JavaSparkContext.fromSparkContext(spark.sparkContext()).<Beat>emptyRDD()).persist(level);
    try {
      return new Run<>(spark, cfg, in, examples, checkpoints, resumed).train(trainBeats, valBeats, level);
    } finally {
      trainBeats.unpersist(false);
      valBeats.unpersist(false);
    }
  }

  /**
   * The dataset, its splits and what training derives from them before any fitting; {@code validated}
   * is false when the dataset has no val split (allowed with early stopping off only).
   */
  record Inputs(TrainingData data, Dataset<Row> trainRows, Dataset<Row> valRows, double[] classWeights,
      RecordBalance balance, boolean validated) {
    static Inputs open(SparkSession spark, TrainConfig cfg, TrainingData.Rows rows) {
      TrainingData data = TrainingData.open(spark, cfg.datasetUri());
      DatasetSchema schema = data.schema();
      cfg.rrEncoding().requireColumns(schema.rrFeatures(), cfg.datasetUri());
      cfg.windowCut(schema); // fails before any work when the dataset cannot be cut
      Dataset<Row> trainRows = data.split(DatasetSchema.TRAIN);
      // The ETL writes no val split without validation records; only a run without early stopping accepts that.
      Dataset<Row> valRows = data.hasSplit(DatasetSchema.VALIDATION) ? data.split(DatasetSchema.VALIDATION) : null;
      long[] trainCounts = data.classCounts(trainRows, rows);
      if (Arrays.stream(trainCounts).sum() == 0) {
        throw new DatasetContractException("Cannot train on " + cfg.datasetUri() + ": the train split has no beats (check the ETL's split)");
      }
      long[] valCounts = valRows != null ? data.classCounts(valRows, TrainingData.Rows.RECORDED_IN_ORDER)
          : new long[schema.classes().size()];
      boolean validated = Arrays.stream(valCounts).sum() > 0;
      if (!validated && cfg.patience() > 0) {
        throw new DatasetContractException("Cannot train on " + cfg.datasetUri() + ": the val split has no beats (early stopping"
            + " needs it; with training.early-stopping-patience = 0 every epoch runs without validation and the last is kept)");
      }
      if (!validated) {
        LOG.warn("{} has no val split: no validation; all {} epochs run and the model keeps the last", cfg.datasetUri(), cfg.epochs());
      }
      double[] classWeights = ClassWeights.of(cfg.classWeighting(), trainCounts, schema.classes(), cfg.classWeightCap(),
          cfg.absentClassesAllowed());
      LOG.info("Train beats per class {} = {}, val {}; class weights {}", schema.classes(), Arrays.toString(trainCounts),
          Arrays.toString(valCounts), Arrays.toString(classWeights));
      RecordBalance balance = RecordBalance.OFF;
      if (cfg.recordBalance() > 0) {
        balance = RecordBalance.of(cfg.recordBalance(), data.recordClassCounts(trainRows, rows));
        LOG.info("Record balance {}: loss weight per record and class {}", cfg.recordBalance(), balance.describe(schema.classes()));
      }
      return new Inputs(data, trainRows, valRows, classWeights, balance, validated);
    }
  }

  /**
   * Refuses to resume a run whose windows were cut otherwise than this invocation asks: the model's
   * weights and statistics were fitted to the first invocation's cut.
   */
  static void requireSameCut(WindowCut resumed, WindowCut asked, String output) {
    if (!resumed.equals(asked)) {
      throw cannotResume(output, "its windows are cut " + describe(resumed) + ", this run asks for " + describe(asked),
          TrainConfig.WINDOW_CUT_KEY, resumed.enabled() ? resumed.beforeNextS() : "off");
    }
  }

  /**
   * Refuses to continue a run whose checkpoint was trained with ({@code resumed}) another
   * atrial-match setting than this invocation asks for: the network's RR input has one more or one
   * less value.
   */
  static void requireSameAtrialMatch(AtrialMatch resumed, AtrialMatch asked, String output) {
    if (resumed.enabled() != asked.enabled()) {
      throw cannotResume(output, "its model " + (resumed.enabled() ? "has the" : "has no") + " atrial-match input, this run asks for "
          + asked.enabled(), AtrialMatch.KEY, resumed.enabled());
    }
  }

  /**
   * Refuses to continue a run whose checkpoint was trained with ({@code resumed}) another
   * record-amplitude setting than this invocation asks for: its statistics and weights were fitted
   * to windows on that scale.
   */
  static void requireSameAmplitude(RecordAmplitude resumed, RecordAmplitude asked, String output) {
    if (resumed.enabled() != asked.enabled()) {
      throw cannotResume(output, "its windows are " + (resumed.enabled() ? "" : "not ")
          + "scaled by their record template, this run asks for " + asked.enabled(), RecordAmplitude.KEY, resumed.enabled());
    }
  }

  /**
   * The refusal to continue the run in {@code output} because {@code why} (what the checkpoint holds
   * against what this invocation asks); it names the setting that would let the run continue.
   */
  private static EcgPlatformException cannotResume(String output, String why, String key, Object resumedValue) {
    return new EcgPlatformException("Cannot resume the run in " + output + ": " + why + " (set " + key + " = " + resumedValue
        + " to continue it, or train into another --output)");
  }

  private static String describe(WindowCut cut) {
    return cut.enabled() ? cut.beforeNextS() + " s before the next beat" : "nowhere (off)";
  }

  private static RunState resumedState(TrainConfig cfg, Checkpoints checkpoints, Configuration hconf) {
    if (cfg.resume()) {
      RunState resumed = checkpoints.readState().orElse(null);
      if (resumed == null) {
        LOG.warn("--resume: no checkpoint in {}, starting a new run", cfg.outputUri());
      } else if (resumed.earlyStoppingF1Classes() != cfg.earlyStoppingF1Classes()) {
        throw cannotResume(cfg.outputUri(), "its best epoch so far was picked by the validation macro-F1 over "
            + resumed.earlyStoppingF1Classes().configValue() + " classes, this run asks for " + cfg.earlyStoppingF1Classes().configValue(),
            "training.early-stopping-f1-classes", resumed.earlyStoppingF1Classes().configValue());
      } else if (cfg.keptEpoch() == TrainConfig.KeptEpoch.LAST && resumed.bestEpoch() != resumed.epoch()) {
        throw cannotResume(cfg.outputUri(), "it keeps epoch " + resumed.bestEpoch() + " by its validation macro-F1 and has run "
            + resumed.epoch() + ", this run asks for the last epoch", TrainConfig.KEPT_EPOCH_KEY, TrainConfig.KeptEpoch.BEST.configValue());
      } else if (resumed.weightAverageHalfLife() != cfg.weightAverageHalfLife()) {
        throw cannotResume(cfg.outputUri(), "its best epoch so far was picked with weights averaged over a half-life of "
            + resumed.weightAverageHalfLife() + " epochs, this run asks for " + cfg.weightAverageHalfLife(),
            TrainConfig.WEIGHT_AVERAGE_KEY, resumed.weightAverageHalfLife());
      } else if (resumed.recordBalance() != cfg.recordBalance()) {
        throw cannotResume(cfg.outputUri(), "its beats were weighed with a record balance of " + resumed.recordBalance()
            + ", this run asks for " + cfg.recordBalance(), RecordBalance.KEY, resumed.recordBalance());
      }
      return resumed;
    }
    if (checkpoints.exists() || HadoopFiles.exists(new Path(cfg.outputUri(), ModelMetadata.FILE_NAME), hconf)) {
      throw new EcgPlatformException("Cannot train into " + cfg.outputUri() + ": it already holds a run (use --resume to continue it, or another --output)");
    }
    return null;
  }

  /** One invocation's training loop over examples of type {@code T}. */
  private static final class Run<T> {
    private final JavaSparkContext jsc;
    private final Configuration hconf;
    private final TrainConfig cfg;
    private final Inputs in;
    private final DatasetSchema schema;
    private final TrainingExamples<T> examples;
    private final Checkpoints checkpoints;
    private final RunState resumed;
    private final long seed;

    @SuppressWarnings("unchecked")
    Run(SparkSession spark, TrainConfig cfg, Inputs in, TrainingExamples<?> examples, Checkpoints checkpoints, RunState resumed) {
      this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.hconf = spark.sparkContext().hadoopConfiguration();
      this.cfg = cfg;
      this.in = in;
      this.schema = in.data().schema();
      this.examples = (TrainingExamples<T>) examples;
      this.checkpoints = checkpoints;
      this.resumed = resumed;
      this.seed = resumed != null ? resumed.seed() : cfg.seed();
    }

    TrainResult train(JavaRDD<Beat> trainBeats, JavaRDD<Beat> valBeats, StorageLevel level) {
      List<String> leadNames = in.data().leadNames(in.trainRows());
      int ecg = ecgChannels(leadNames, schema.leadCount());
      if (cfg.templateSwap() > 0 && !DatasetSchema.hasTemplatePerLead(leadNames)) {
        throw ConfigException.invalid("training.template-swap", cfg.templateSwap(),
            "0 " + DatasetSchema.noTemplatePerLead(cfg.datasetUri(), leadNames));
      }
      // (2) Training statistics (kept from the first invocation when resuming).
      AtrialMatch atrial = cfg.atrialMatch(schema, leadNames);
      RecordAmplitude amplitude = cfg.recordAmplitude(leadNames);
      if (resumed != null) {
        requireSameCut(resumed.normalizer().windowCut(), cfg.windowCut(schema), cfg.outputUri());
        requireSameAtrialMatch(resumed.normalizer().atrialMatch(), atrial, cfg.outputUri());
        requireSameAmplitude(resumed.normalizer().recordAmplitude(), amplitude, cfg.outputUri());
      }
      Normalizer norm = resumed != null ? resumed.normalizer() : trainBeats.aggregate(
          new Normalizer.Accumulator(schema.leadCount(), schema.rrFeatures().size(), cfg.rrEncoding(), cfg.windowCut(schema),
              atrial, amplitude),
          (acc, b) -> acc.add(b.window(), b.rr()), Normalizer.Accumulator::merge).finish();
      double[] classWeights = resumed != null ? resumed.classWeights() : in.classWeights();
      NetworkConfig netCfg = networkConfig(cfg, schema, seed);
      ModelMetadata meta = new ModelMetadata(ModelMetadata.CURRENT_VERSION, schema.classes(), schema.fsHz(),
          schema.samplesBefore(), schema.samplesAfter(), schema.leadCount(), leadNames,
          schema.rrFeatures(), norm, schema, cfg.datasetUri(), in.data().manifestSha256(), netCfg, cfg.toMap(),
          List.of(), 0, ModelMetadata.currentSoftwareVersion(), null);

      JavaRDD<T> fitted = examples.build(trainBeats);
      boolean own = fitted != (Object) trainBeats;
      if (own) {
        fitted.persist(level);
      }
      try {
        long n = fitted.count();
        int workers = cfg.spark().workers() > 0 ? cfg.spark().workers() : jsc.defaultParallelism();
        EpochPlan plan = new EpochPlan(n, examples.batchSize(), workers, cfg.spark().averagingFrequency());
        LOG.info("Epoch layout ({} model): {} examples -> {} rounds x {} workers x {} minibatches x {} examples = {} slots ({} padding examples fitted twice)",
            netCfg.kind().name().toLowerCase(java.util.Locale.ROOT), n, plan.rounds(), workers, plan.frequency(),
            plan.batchSize(), plan.slots(), plan.padding());
        TrainingExamples.BatchShape shape = new TrainingExamples.BatchShape(schema.windowSamples(),
            schema.samplesBefore(), schema.fsHz(), ecg, schema.leadCount());
        return epochs(fitted, valBeats, plan, workers, norm, classWeights, meta, shape, n);
      } finally {
        if (own) {
          fitted.unpersist(false);
        }
      }
    }

    /** Whether {@code sinceBest} epochs without a better validation macro-F1 end the run (never with patience 0). */
    private boolean stopsEarly(int sinceBest) {
      return cfg.patience() > 0 && sinceBest >= cfg.patience();
    }

    private TrainResult epochs(JavaRDD<T> fitted, JavaRDD<Beat> valBeats, EpochPlan plan, int workers, Normalizer norm,
        double[] classWeights, ModelMetadata meta, TrainingExamples.BatchShape shape, long n) {
      ComputationGraph graph = resumed != null ? checkpoints.restore(resumed.checkpointFile())
          : meta.network().kind().build(meta.network(), classWeights);
      SparkComputationGraph sparkNet = new SparkComputationGraph(jsc, graph, trainingMaster(cfg, workers, seed));
      FitCounter counter = FitCounter.register(jsc);
      sparkNet.setListeners(counter);
      WeightAverage average = WeightAverage.of(cfg.weightAverageHalfLife(), plan.rounds(),
          resumed != null && resumed.averageFile() != null ? checkpoints.restoreAverage(resumed.averageFile()) : null);
      if (average.enabled()) {
        LOG.info("Validation and the model use the weights' running mean: half-life {} epochs, {} per round",
            cfg.weightAverageHalfLife(), fmt(average.decay()));
      }
      LongAccumulator beatsBatched = jsc.sc().longAccumulator("beats in minibatches");
      LongAccumulator augmented = jsc.sc().longAccumulator("augmented examples");
      Batcher<T> batcher = examples.batcher(norm, schema.classes().size(), shape, in.balance(), beatsBatched, augmented);

      boolean keepsLast = !in.validated() || cfg.keptEpoch() == TrainConfig.KeptEpoch.LAST;
      List<EpochMetrics> history = new ArrayList<>(resumed != null ? resumed.epochs() : List.of());
      int bestEpoch = resumed != null ? resumed.bestEpoch() : 0;
      double bestF1 = resumed != null ? resumed.bestValMacroF1() : Double.NEGATIVE_INFINITY;
      int sinceBest = resumed != null ? resumed.epochsSinceBest() : 0;
      int lastEpoch = resumed != null ? resumed.epoch() : 0;
      boolean stoppedEarly = resumed != null && stopsEarly(sinceBest);
      int thisRun = 0;
      long fittedThisRun = 0;
      while (!stoppedEarly && lastEpoch < cfg.epochs()
          && (cfg.maxEpochsThisRun() == 0 || thisRun < cfg.maxEpochsThisRun())) {
        int epoch = lastEpoch + 1;
        // (3) Fit every example once (plus the padding), round by round.
        counter.reset();
        beatsBatched.reset();
        augmented.reset();
        long t0 = System.nanoTime();
        EpochBatches batches = EpochBatches.of(jsc, fitted, plan, batcher, epochSeed(seed, epoch));
        try {
          for (int r = 0; r < plan.rounds(); r++) {
            JavaRDD<org.nd4j.linalg.dataset.api.MultiDataSet> round = batches.round(r);
            sparkNet.fitMultiDataSet(round);
            round.unpersist(false);
            average.add(sparkNet.getNetwork().params());
          }
        } finally {
          batches.release();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        graph = sparkNet.getNetwork();
        if (counter.examples() != plan.slots()) {
          LOG.warn("Epoch {}: {} examples fitted, the layout planned {} (parameter averaging dropped data)",
              epoch, counter.examples(), plan.slots());
        }
        long beats = beatsBatched.value();
        // (4) Validation on the executors (all NaN without a val split).
        ComputationGraph scored = average.model(graph);
        ValidationMetrics vm = in.validated()
            ? Validation.evaluate(jsc, new BeatModel(scored, meta), valBeats, cfg.evalBatchSize())
            : ValidationMetrics.of(new long[schema.classes().size()][schema.classes().size()]);
        double valF1 = vm.macroF1(cfg.earlyStoppingF1Classes());
        EpochMetrics em = new EpochMetrics(epoch, counter.meanLoss(), beats, seconds, beats / seconds, vm.accuracy(),
            valF1, vm.recall(), vm.precision());
        history.add(em);
        fittedThisRun += beats;
        LOG.info("Epoch {}/{}: loss {}, {} examples ({} beats, {} examples augmented or template-swapped by the job) in {} s ({} beats/s), val accuracy {}, macro-F1 {}, recall {}, precision {}",
            epoch, cfg.epochs(), fmt(em.trainLoss()), counter.examples(), beats, augmented.value(), fmt(seconds),
            fmt(em.examplesPerSecond()), fmt(vm.accuracy()), fmt(valF1), vm.recall(), vm.precision());
        // (5) Early stopping bookkeeping and checkpoint (the latest epoch is kept without validation
        // or with training.kept-epoch = last).
        if (valF1 > bestF1 || keepsLast) {
          bestF1 = valF1;
          bestEpoch = epoch;
          sinceBest = 0;
          checkpoints.saveBest(scored);
        } else {
          sinceBest++;
        }
        checkpoints.save(graph, average.mean(), new RunState(RunState.CURRENT_VERSION, epoch, Checkpoints.fileFor(epoch),
            bestEpoch, bestF1, cfg.earlyStoppingF1Classes(), sinceBest, seed, norm, classWeights, history,
            cfg.weightAverageHalfLife(), average.enabled() ? Checkpoints.averageFileFor(epoch) : null, cfg.recordBalance()));
        writeReport(cfg.outputUri(), hconf, history, schema.classes());
        lastEpoch = epoch;
        thisRun++;
        if (stopsEarly(sinceBest)) {
          stoppedEarly = true;
          LOG.info("Early stop after epoch {}: no better validation macro-F1 for {} epochs (best {} at epoch {})",
              epoch, sinceBest, fmt(bestF1), bestEpoch);
        }
      }

      boolean finished = stoppedEarly || lastEpoch >= cfg.epochs();
      if (finished && bestEpoch > 0) {
        // (6) The artifact: best weights without updater state, plus metadata.
        BeatModel best = new BeatModel(checkpoints.restoreBest(),
            meta.withEpochs(history, bestEpoch).withCreatedAt(Instant.now().toString()));
        best.save(cfg.outputUri(), hconf);
        LOG.info("Wrote {}/model.zip ({})", cfg.outputUri(), TrainResult.keptEpoch(bestEpoch, bestF1));
      } else {
        LOG.info("Stopped after {} epochs this run (last epoch {} of {}); continue with --resume", thisRun, lastEpoch, cfg.epochs());
      }
      return new TrainResult(cfg.outputUri(), n, thisRun, lastEpoch, bestEpoch, bestF1, finished, stoppedEarly,
          fittedThisRun, history);
    }
  }

  /** ECG channels of a window: the channels not named {@code <lead>:template}. */
  static int ecgChannels(List<String> leadNames, int channels) {
    if (leadNames.size() != channels) {
      return channels;
    }
    return (int) leadNames.stream().filter(n -> !DatasetSchema.isTemplateChannel(n)).count();
  }

  /** The network for the dataset's input shape and the configured sizes. */
  public static NetworkConfig networkConfig(TrainConfig cfg, DatasetSchema schema, long seed) {
    TrainConfig.Network n = cfg.network();
    int rrInputs = cfg.rrEncoding().width(schema.rrFeatures().size()) + (cfg.atrialMatch() ? 1 : 0);
    return new NetworkConfig(schema.leadCount(), schema.windowSamples(), rrInputs,
        schema.classes().size(), n.conv1Filters(), n.conv1Kernel(), n.conv2Filters(), n.conv2Kernel(), n.poolSize(),
        n.lstmUnits(), n.denseUnits(), cfg.learningRate(), cfg.l2(), seed, cfg.model(), cfg.sequence().direction(),
        cfg.model() == ModelKind.SEQUENCE ? cfg.sequence().length() : 0,
        cfg.model() == ModelKind.SEQUENCE ? cfg.sequence().overlap() : 0,
        cfg.model() == ModelKind.SEQUENCE ? cfg.sequence().conv1Stride() : 1,
        cfg.model() == ModelKind.SEQUENCE ? cfg.sequence().dropout() : cfg.dropout(),
        n.lstm(), cfg.model() == ModelKind.SEQUENCE ? cfg.sequence().beatEncoder() : BeatEncoder.LSTM);
  }

  /**
   * Parameter averaging over {@code workers}: the RDD of each call is one round already split into
   * {@code workers} partitions of {@code averagingFrequency} minibatches, so no repartitioning.
   */
  static ParameterAveragingTrainingMaster trainingMaster(TrainConfig cfg, int workers, long seed) {
    TrainConfig.SparkSettings s = cfg.spark();
    ParameterAveragingTrainingMaster.Builder b =
        new ParameterAveragingTrainingMaster.Builder(workers, s.batchSizePerWorker())
            .batchSizePerWorker(s.batchSizePerWorker())
            .averagingFrequency(s.averagingFrequency())
            .workerPrefetchNumBatches(s.workerPrefetchBatches())
            .saveUpdater(true)
            .repartionData(Repartition.Never)
            .rngSeed(seed);
    if (s.direct()) {
      // Rounds are fitted as laid out, neither cached nor counted first (LaidOutRoundsMaster).
      return new LaidOutRoundsMaster(b.rddTrainingApproach(RDDTrainingApproach.Direct).storageLevel(null));
    }
    return b.rddTrainingApproach(RDDTrainingApproach.Export).exportDirectory(s.exportDirectory())
        .storageLevel(StorageLevel.fromString(s.storageLevel())).build();
  }

  static long epochSeed(long seed, int epoch) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void writeReport(String output, Configuration hconf, List<EpochMetrics> epochs, List<String> classes) {
    HadoopFiles.writeString(new Path(output, TrainingReport.CSV_FILE), TrainingReport.csv(epochs, classes), hconf);
    HadoopFiles.writeBytes(new Path(output, TrainingReport.CURVE_FILE), TrainingReport.curvePng(epochs, 800, 500), hconf);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
