package org.ecgplatform.training.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.ClassWeights;
import org.ecgplatform.training.data.EpochPlan;
import org.ecgplatform.training.data.TrainingData;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.BeatNetwork;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.HadoopFiles;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.ValidationMetrics;
import org.ecgplatform.training.report.TrainingReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark training job: trains {@link BeatNetwork} on the {@code train} split of an ETL dataset
 * with DL4J parameter averaging, validates on {@code val} after every epoch, checkpoints, stops
 * early on validation macro-F1, and writes the best model with its metadata.
 *
 * <p>Steps: (1) open the dataset and check its contract, the splits, the columns and the class
 * counts, all before any training; (2) compute the {@link Normalizer} and class weights on the
 * training split; (3) per epoch, lay the shuffled beats out in whole averaging rounds
 * ({@link EpochPlan}) and fit round by round, counting fitted examples on the workers
 * ({@link FitCounter}); (4) score the validation split on the executors; (5) write a checkpoint,
 * the metrics CSV and the curve; (6) at the end, write {@code model.zip} (best epoch) and
 * {@code model.json}.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  private TrainJob() {}

  public static TrainResult run(SparkSession spark, TrainConfig cfg) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hconf = spark.sparkContext().hadoopConfiguration();
    LOG.info("Training with {}", cfg.toMap());

    // (1) Contract and inputs, before anything expensive.
    TrainingData data = TrainingData.open(spark, cfg.datasetUri());
    DatasetSchema schema = data.schema();
    cfg.rrEncoding().requireColumns(schema.rrFeatures(), cfg.datasetUri());
    Dataset<Row> trainRows = data.split(DatasetSchema.TRAIN);
    Dataset<Row> valRows = data.split(DatasetSchema.VALIDATION);
    long[] trainCounts = data.classCounts(trainRows);
    if (Arrays.stream(trainCounts).sum() == 0) {
      throw new DatasetContractException("Cannot train on " + cfg.datasetUri() + ": the train split has no beats (check the ETL's split)");
    }
    long[] valCounts = data.classCounts(valRows);
    if (Arrays.stream(valCounts).sum() == 0) {
      throw new DatasetContractException("Cannot train on " + cfg.datasetUri() + ": the val split has no beats (early stopping needs it)");
    }
    double[] classWeights = ClassWeights.of(cfg.classWeighting(), trainCounts, schema.classes(), cfg.classWeightCap(),
        cfg.absentClassesAllowed());
    LOG.info("Train beats per class {} = {}, val {}; class weights {}", schema.classes(), Arrays.toString(trainCounts),
        Arrays.toString(valCounts), Arrays.toString(classWeights));

    Checkpoints checkpoints = new Checkpoints(cfg.outputUri(), hconf);
    RunState resumed = null;
    if (cfg.resume()) {
      resumed = checkpoints.readState().orElse(null);
      if (resumed == null) {
        LOG.warn("--resume: no checkpoint in {}, starting a new run", cfg.outputUri());
      }
    } else if (checkpoints.exists() || HadoopFiles.exists(HadoopFiles.child(cfg.outputUri(), ModelMetadata.FILE_NAME), hconf)) {
      throw new EcgPlatformException("Cannot train into " + cfg.outputUri() + ": it already holds a run (use --resume to continue it, or another --output)");
    }

    StorageLevel level = StorageLevel.fromString(cfg.spark().storageLevel());
    JavaRDD<Beat> trainBeats = data.beats(trainRows).persist(level);
    JavaRDD<Beat> valBeats = data.beats(valRows).persist(level);
    try {
      long n = trainBeats.count();
      // (2) Training statistics (kept from the first invocation when resuming).
      Normalizer norm = resumed != null ? resumed.normalizer() : trainBeats.aggregate(
          new Normalizer.Accumulator(schema.leadCount(), schema.rrFeatures().size(), cfg.rrEncoding()),
          (acc, b) -> acc.add(b.window(), b.rr()), Normalizer.Accumulator::merge).finish();
      if (resumed != null) {
        classWeights = resumed.classWeights();
      }
      long seed = resumed != null ? resumed.seed() : cfg.seed();
      NetworkConfig netCfg = networkConfig(cfg, schema, seed);
      ModelMetadata meta = new ModelMetadata(ModelMetadata.CURRENT_VERSION, schema.classes(), schema.fsHz(),
          schema.samplesBefore(), schema.samplesAfter(), schema.leadCount(), data.leadNames(trainRows),
          schema.rrFeatures(), norm, schema, cfg.datasetUri(), data.manifestSha256(), netCfg, cfg.toMap(),
          List.of(), 0, ModelMetadata.currentSoftwareVersion(), null);

      int workers = cfg.spark().workers() > 0 ? cfg.spark().workers() : jsc.defaultParallelism();
      EpochPlan plan = new EpochPlan(n, cfg.spark().batchSizePerWorker(), workers, cfg.spark().averagingFrequency());
      LOG.info("Epoch layout: {} beats -> {} rounds x {} workers x {} minibatches x {} beats = {} slots ({} padding beats fitted twice)",
          n, plan.rounds(), workers, plan.frequency(), plan.batchSize(), plan.slots(), plan.padding());

      ComputationGraph graph = resumed != null ? checkpoints.restore(resumed.checkpointFile())
          : BeatNetwork.build(netCfg, classWeights);
      SparkComputationGraph sparkNet = new SparkComputationGraph(jsc, graph, trainingMaster(cfg, workers, seed));
      FitCounter counter = FitCounter.register(jsc);
      sparkNet.setListeners(counter);

      List<EpochMetrics> epochs = new ArrayList<>(resumed != null ? resumed.epochs() : List.of());
      int bestEpoch = resumed != null ? resumed.bestEpoch() : 0;
      double bestF1 = resumed != null ? resumed.bestValMacroF1() : Double.NEGATIVE_INFINITY;
      int sinceBest = resumed != null ? resumed.epochsSinceBest() : 0;
      int lastEpoch = resumed != null ? resumed.epoch() : 0;
      boolean stoppedEarly = resumed != null && sinceBest >= cfg.patience();
      int thisRun = 0;
      long fittedThisRun = 0;
      while (!stoppedEarly && lastEpoch < cfg.epochs()
          && (cfg.maxEpochsThisRun() == 0 || thisRun < cfg.maxEpochsThisRun())) {
        int epoch = lastEpoch + 1;
        // (3) Fit every beat once (plus the padding), round by round.
        counter.reset();
        long t0 = System.nanoTime();
        EpochBatches batches = EpochBatches.of(jsc, trainBeats, plan, norm, schema.windowSamples(),
            schema.classes().size(), epochSeed(seed, epoch));
        try {
          for (int r = 0; r < plan.rounds(); r++) {
            JavaRDD<org.nd4j.linalg.dataset.api.MultiDataSet> round = batches.round(r);
            sparkNet.fitMultiDataSet(round);
            round.unpersist(false);
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
        // (4) Validation on the executors.
        ValidationMetrics vm = Validation.evaluate(jsc, new BeatModel(graph, meta), valBeats, cfg.evalBatchSize());
        EpochMetrics em = new EpochMetrics(epoch, counter.meanLoss(), counter.examples(), seconds,
            counter.examples() / seconds, vm.accuracy(), vm.macroF1(), vm.recall(), vm.precision());
        epochs.add(em);
        fittedThisRun += counter.examples();
        LOG.info("Epoch {}/{}: loss {}, {} examples in {} s ({} ex/s), val accuracy {}, macro-F1 {}, recall {}, precision {}",
            epoch, cfg.epochs(), fmt(em.trainLoss()), em.examplesFitted(), fmt(seconds), fmt(em.examplesPerSecond()),
            fmt(vm.accuracy()), fmt(vm.macroF1()), vm.recall(), vm.precision());
        // (5) Early stopping bookkeeping and checkpoint.
        if (vm.macroF1() > bestF1) {
          bestF1 = vm.macroF1();
          bestEpoch = epoch;
          sinceBest = 0;
          checkpoints.saveBest(graph);
        } else {
          sinceBest++;
        }
        checkpoints.save(graph, new RunState(RunState.CURRENT_VERSION, epoch, Checkpoints.fileFor(epoch), bestEpoch,
            bestF1, sinceBest, seed, norm, classWeights, epochs));
        writeReport(cfg.outputUri(), hconf, epochs, schema.classes());
        lastEpoch = epoch;
        thisRun++;
        if (sinceBest >= cfg.patience()) {
          stoppedEarly = true;
          LOG.info("Early stop after epoch {}: no better validation macro-F1 for {} epochs (best {} at epoch {})",
              epoch, sinceBest, fmt(bestF1), bestEpoch);
        }
      }

      boolean finished = stoppedEarly || lastEpoch >= cfg.epochs();
      if (finished && bestEpoch > 0) {
        // (6) The artifact: best weights without updater state, plus metadata.
        BeatModel best = new BeatModel(checkpoints.restoreBest(),
            meta.withEpochs(epochs, bestEpoch).withCreatedAt(Instant.now().toString()));
        best.save(cfg.outputUri(), hconf);
        LOG.info("Wrote {}/model.zip (epoch {}, val macro-F1 {})", cfg.outputUri(), bestEpoch, fmt(bestF1));
      } else {
        LOG.info("Stopped after {} epochs this run (last epoch {} of {}); continue with --resume", thisRun, lastEpoch, cfg.epochs());
      }
      return new TrainResult(cfg.outputUri(), n, thisRun, lastEpoch, bestEpoch, bestF1, finished, stoppedEarly,
          fittedThisRun, epochs);
    } finally {
      trainBeats.unpersist(false);
      valBeats.unpersist(false);
    }
  }

  /** The network for the dataset's input shape and the configured sizes. */
  static NetworkConfig networkConfig(TrainConfig cfg, DatasetSchema schema, long seed) {
    TrainConfig.Network n = cfg.network();
    return new NetworkConfig(schema.leadCount(), schema.windowSamples(), cfg.rrEncoding().width(schema.rrFeatures().size()),
        schema.classes().size(), n.conv1Filters(), n.conv1Kernel(), n.conv2Filters(), n.conv2Kernel(), n.poolSize(),
        n.lstmUnits(), n.denseUnits(), cfg.learningRate(), cfg.l2(), seed, n.lstm());
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
            .storageLevel(StorageLevel.fromString(s.storageLevel()))
            .rngSeed(seed);
    if (s.direct()) {
      b.rddTrainingApproach(RDDTrainingApproach.Direct);
    } else {
      b.rddTrainingApproach(RDDTrainingApproach.Export).exportDirectory(s.exportDirectory());
    }
    return b.build();
  }

  static long epochSeed(long seed, int epoch) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void writeReport(String output, Configuration hconf, List<EpochMetrics> epochs, List<String> classes) {
    HadoopFiles.writeString(HadoopFiles.child(output, TrainingReport.CSV_FILE), hconf, TrainingReport.csv(epochs, classes));
    HadoopFiles.writeBytes(HadoopFiles.child(output, TrainingReport.CURVE_FILE), hconf, TrainingReport.curvePng(epochs, 800, 500));
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
