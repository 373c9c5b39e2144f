package org.ecgplatform.evaluation.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.math3.distribution.TDistribution;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.Ec57Statistics;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;

/**
 * The table of a cross-validation: per configuration, seed and fold the figures of that fold's
 * test records; per configuration and seed the figures of all folds pooled (gross EC57 statistics
 * over every DS1 record, each scored by the model that never saw it); per configuration the mean
 * and standard deviation of the pooled figures over seeds, and of the per-fold figures.
 *
 * <p>The figure the selection compares is fixed before any run: the pooled {@link #SCORE} = (SVEB
 * F1 + VEB F1) / 2, the two arrhythmia classes EC57 reports; accuracy is shown but dominated by
 * normal beats. Rules select with it: {@link #best}, the highest mean over seeds (the first rule,
 * used without a reference), and {@link #selectPaired}, which keeps the reference unless another
 * configuration leads it by a {@link Rule}: seed for seed beyond the seeds' disagreement (the rule
 * since a lead inside the seed spread twice failed to hold on MIT-BIH DS2), and, from the choices
 * after the supraventricular-run rule on, over the patients too.
 */
public final class CrossValidationSummary {
  /** Configuration name of an ensemble of seeds: {@code <config>+ensemble<s1>_<s2>…}. */
  private static final Pattern ENSEMBLE = Pattern.compile("(.+)\\+ensemble(-?\\d+(?:_-?\\d+)+)");

  /** Name of the selection figure. */
  public static final String SCORE = "score";

  /** The figures reported for each unit, in column order. */
  public static final List<String> FIGURES = List.of(
      "beats", "accuracy", "svebSe", "svebPpv", "svebF1", "vebSe", "vebPpv", "vebF1", "macroF1", SCORE);

  /** One evaluated fold. */
  public record Fold(String config, long seed, int fold, Map<String, ConfusionMatrix> perRecord) {}

  private CrossValidationSummary() {}

  /** Parses {@code confusion_matrix_per_record.csv} ({@code record,reference,predicted,count}). */
  public static Map<String, ConfusionMatrix> parsePerRecord(String csv, String source) {
    Map<String, ConfusionMatrix> out = new TreeMap<>();
    try {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new StringReader(csv))) {
        AamiClass ref = AamiClass.valueOf(r.get("reference"));
        AamiClass pred = AamiClass.valueOf(r.get("predicted"));
        out.computeIfAbsent(r.get("record"), k -> new ConfusionMatrix()).add(ref.ordinal(), pred.ordinal(), Long.parseLong(r.get("count")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new EcgPlatformException("Cannot read " + source + ": " + e.getMessage() + " (is it an evaluation's "
          + ReportWriter.CONFUSION_PER_RECORD_CSV + "?)", e);
    }
    return out;
  }

  /** The figures of a set of records: gross EC57 statistics of their summed matrices. */
  public static Map<String, Double> figures(Map<String, ConfusionMatrix> perRecord) {
    EvaluationMetrics m = EvaluationMetrics.compute(perRecord);
    Ec57Statistics gross = Ec57Statistics.of(ConfusionMatrix.sum(perRecord.values()));
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("beats", (double) m.beats());
    f.put("accuracy", m.flat().get("accuracy"));
    double sse = gross.sveb().sensitivity().value();
    double sp = gross.sveb().positivePredictivity().value();
    double vse = gross.veb().sensitivity().value();
    double vp = gross.veb().positivePredictivity().value();
    f.put("svebSe", sse);
    f.put("svebPpv", sp);
    f.put("svebF1", f1(sse, sp));
    f.put("vebSe", vse);
    f.put("vebPpv", vp);
    f.put("vebF1", f1(vse, vp));
    f.put("macroF1", m.flat().get("macroF1"));
    f.put(SCORE, score(f.get("svebF1"), f.get("vebF1")));
    return f;
  }

  /** The {@link #SCORE} of a gross matrix alone: what {@link #figures} gives, without its other figures. */
  static double score(ConfusionMatrix gross) {
    Ec57Statistics s = Ec57Statistics.of(gross);
    return score(f1(s.sveb().sensitivity().value(), s.sveb().positivePredictivity().value()),
        f1(s.veb().sensitivity().value(), s.veb().positivePredictivity().value()));
  }

  /** (SVEB F1 + VEB F1) / 2, an undefined F1 counted as 0. */
  private static double score(Double svebF1, Double vebF1) {
    return (zeroIfNaN(svebF1) + zeroIfNaN(vebF1)) / 2;
  }

  /** F1 of a sensitivity and a positive predictivity; 0 when either is 0 or undefined. */
  public static double f1(double se, double ppv) {
    if (Double.isNaN(se) || Double.isNaN(ppv) || se + ppv == 0) {
      return Double.isNaN(se) && Double.isNaN(ppv) ? Double.NaN : 0;
    }
    return 2 * se * ppv / (se + ppv);
  }

  /** Rows of the per-fold table: config, seed, fold, figures. */
  public static List<List<?>> foldRows(List<Fold> folds) {
    List<List<?>> rows = new ArrayList<>();
    for (Fold f : folds) {
      List<Object> row = new ArrayList<>(List.of(f.config(), f.seed(), f.fold()));
      figures(f.perRecord()).values().forEach(v -> row.add(format(v)));
      rows.add(row);
    }
    return rows;
  }

  /** Pooled figures per configuration and seed (every fold's records together). */
  public static Map<String, Map<Long, Map<String, Double>>> pooled(List<Fold> folds) {
    Map<String, Map<Long, Map<String, ConfusionMatrix>>> byConfig = new TreeMap<>();
    for (Fold f : folds) {
      Map<String, ConfusionMatrix> records = byConfig.computeIfAbsent(f.config(), k -> new TreeMap<>())
          .computeIfAbsent(f.seed(), k -> new TreeMap<>());
      addRecords(records, f.perRecord());
    }
    Map<String, Map<Long, Map<String, Double>>> out = new TreeMap<>();
    byConfig.forEach((config, seeds) -> seeds.forEach((seed, records) ->
        out.computeIfAbsent(config, k -> new TreeMap<>()).put(seed, figures(records))));
    return out;
  }

  /**
   * Rows of the summary: per configuration, the folds and seeds seen, then for every figure the
   * mean and standard deviation over seeds of the pooled figure, then the per-fold mean and sd.
   */
  public static List<List<?>> summaryRows(List<Fold> folds) {
    Map<String, Map<Long, Map<String, Double>>> pooled = pooled(folds);
    List<List<?>> rows = new ArrayList<>();
    for (Map.Entry<String, Map<Long, Map<String, Double>>> e : pooled.entrySet()) {
      List<Fold> mine = folds.stream().filter(f -> f.config().equals(e.getKey())).toList();
      List<Object> row = new ArrayList<>();
      row.add(e.getKey());
      row.add(e.getValue().size());
      row.add(mine.stream().map(Fold::fold).distinct().count());
      for (String fig : FIGURES) {
        List<Double> seedValues = e.getValue().values().stream().map(m -> m.get(fig)).toList();
        row.add(format(mean(seedValues)));
        row.add(format(sd(seedValues)));
      }
      for (String fig : List.of("svebF1", "vebF1", SCORE)) {
        List<Double> foldValues = mine.stream().map(f -> figures(f.perRecord()).get(fig)).toList();
        row.add(format(mean(foldValues)));
        row.add(format(sd(foldValues)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Header of {@link #summaryRows}. */
  public static List<String> summaryHeader() {
    List<String> h = new ArrayList<>(List.of("config", "seeds", "folds"));
    for (String fig : FIGURES) {
      h.add("pooled_" + fig + "_mean");
      h.add("pooled_" + fig + "_sd");
    }
    for (String fig : List.of("svebF1", "vebF1", SCORE)) {
      h.add("fold_" + fig + "_mean");
      h.add("fold_" + fig + "_sd");
    }
    return h;
  }

  /** Header of {@link #foldRows}. */
  public static List<String> foldHeader() {
    List<String> h = new ArrayList<>(List.of("config", "seed", "fold"));
    h.addAll(FIGURES);
    return h;
  }

  /** The per-fold table as CSV. */
  public static String foldsCsv(List<Fold> folds) {
    return Csv.write(foldHeader(), foldRows(folds));
  }

  /** The summary table as CSV. */
  public static String summaryCsv(List<Fold> folds) {
    return Csv.write(summaryHeader(), summaryRows(folds));
  }

  /**
   * The configuration with the highest mean pooled {@link #SCORE}, or null when there is none.
   *
   * <p>An ensemble ({@code <config>+ensemble<s1>_<s2>…}) is a candidate only when its seeds are all
   * the seeds evaluated for {@code <config>} (or {@code <config>} has none here): a work directory
   * that holds ensembles of several subsets of one configuration's seeds (an earlier {@code
   * --ensemble} run with fewer {@code --seeds}) would otherwise let the criterion choose seeds.
   * The other ensembles stay in the tables.
   */
  public static String best(List<Fold> folds) {
    Map<String, Map<Long, Map<String, Double>>> pooled = pooled(folds);
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Map<Long, Map<String, Double>>> e : pooled.entrySet()) {
      if (!isCandidate(e.getKey(), pooled)) {
        continue;
      }
      double s = mean(e.getValue().values().stream().map(m -> m.get(SCORE)).toList());
      if (s > bestScore) {
        bestScore = s;
        best = e.getKey();
      }
    }
    return best;
  }

  /**
   * Every configuration against {@code reference}, seed for seed: for each seed both ran, the
   * difference of their pooled {@link #SCORE} over the folds both evaluated for that seed. A seed
   * fixes the network's initialisation and, on the same dataset, the order of the training
   * batches, so the paired difference removes the share of the seed spread that two
   * configurations have in common: a configuration is ahead of the reference only when it is ahead
   * for most seeds, not when one lucky seed lifts its mean. Configurations without a seed in
   * common with the reference (ensembles among them) are left out; empty when the reference has
   * no runs.
   */
  public static List<Paired> paired(List<Fold> folds, String reference) {
    return paired(folds, reference, RecordBootstrap.DEFAULT_SAMPLES);
  }

  /**
   * {@link #paired(List, String)}, with each comparison's interval over the test records drawn
   * again {@code samples} times ({@link Paired#overRecords}; none when 0).
   */
  public static List<Paired> paired(List<Fold> folds, String reference, int samples) {
    Map<String, Map<Long, Map<Integer, Map<String, ConfusionMatrix>>>> runs = new TreeMap<>();
    for (Fold f : folds) {
      runs.computeIfAbsent(f.config(), k -> new TreeMap<>()).computeIfAbsent(f.seed(), k -> new TreeMap<>())
          .merge(f.fold(), f.perRecord(), (a, b) -> {
            throw new IllegalArgumentException("Cannot pair " + f.config() + ": seed " + f.seed() + " has fold "
                + f.fold() + " twice");
          });
    }
    Map<Long, Map<Integer, Map<String, ConfusionMatrix>>> ref = runs.get(reference);
    List<Paired> out = new ArrayList<>();
    if (ref == null) {
      return out;
    }
    for (var e : runs.entrySet()) {
      if (e.getKey().equals(reference)) {
        continue;
      }
      List<Long> seeds = new ArrayList<>();
      List<Double> diffs = new ArrayList<>();
      List<SeedPair> pairs = new ArrayList<>();
      int foldPairs = 0;
      int foldsHigher = 0;
      for (var seed : e.getValue().entrySet()) {
        SeedPair pair = SeedPair.of(seed.getValue(), ref.getOrDefault(seed.getKey(), Map.of()));
        if (pair.folds() > 0) {
          seeds.add(seed.getKey());
          diffs.add(pair.scoreDiff());
          pairs.add(pair);
          foldPairs += pair.folds();
          foldsHigher += pair.foldsHigher();
        }
      }
      if (!seeds.isEmpty()) {
        out.add(new Paired(e.getKey(), reference, List.copyOf(seeds), List.copyOf(diffs), foldPairs, foldsHigher,
            overRecords(pairs, samples)));
      }
    }
    return out;
  }

  /**
   * What a configuration must show to replace the reference. Each was fixed before the DS2 figure
   * of the choice it made (docs/results.md, "Protocol").
   */
  public enum Rule {
    /**
     * A lead seed for seed beyond the seeds' disagreement ({@link Paired#leads}): the rule of the
     * choices up to the supraventricular-run rule. Kept so that those choices can be read again as
     * they were made.
     */
    SEEDS("seeds"),
    /**
     * That lead, and one that holds over the patients: the central 95 % of the mean paired
     * difference with the test records drawn again stays above 0 ({@link Paired#leadsOverPatients}).
     * The rule of every choice after those, fixed before any of them was measured.
     */
    SEEDS_AND_PATIENTS("seeds-and-patients");

    private final String id;

    Rule(String id) {
      this.id = id;
    }

    /** The name {@code crossvalidate.sh --rule} and {@code CrossValidationMain --rule} take. */
    public String id() {
      return id;
    }

    /** The rule named {@code id}; an error that lists the names otherwise. */
    public static Rule of(String id) {
      for (Rule r : values()) {
        if (r.id.equals(id)) {
          return r;
        }
      }
      throw new IllegalArgumentException("Unknown selection rule '" + id + "': expected one of "
          + String.join(", ", Arrays.stream(values()).map(Rule::id).toList()));
    }

    /** Whether {@code p} leads its reference by this rule. */
    public boolean admits(Paired p) {
      return this == SEEDS ? p.leads() : p.leadsOverPatients();
    }
  }

  /** The rule a selection uses unless told otherwise. */
  public static final Rule DEFAULT_RULE = Rule.SEEDS_AND_PATIENTS;

  /**
   * The selection by the {@link #DEFAULT_RULE}: a configuration replaces the reference only when
   * the rule {@link Rule#admits admits} it; of several, the one with the highest lower bound. The
   * reference otherwise, also when it has no runs. An ensemble has no seeds to pair, so it is
   * never selected.
   */
  public static String selectPaired(List<Fold> folds, String reference) {
    return selectPaired(folds, reference, DEFAULT_RULE);
  }

  /** {@link #selectPaired} by {@code rule}. */
  public static String selectPaired(List<Fold> folds, String reference, Rule rule) {
    // Only the patients' rule reads the interval over records; the seed rule skips the draws.
    return selectAmong(paired(folds, reference, rule == Rule.SEEDS ? 0 : RecordBootstrap.DEFAULT_SAMPLES), reference, rule);
  }

  /** {@link #selectPaired} over comparisons already made with {@link #paired}. */
  public static String selectAmong(List<Paired> paired, String reference, Rule rule) {
    return paired.stream().filter(rule::admits)
        .max(Comparator.comparingDouble(Paired::lowerBound)).map(Paired::config).orElse(reference);
  }

  /**
   * One configuration against the reference, seed for seed: the seeds both ran, the difference of
   * the pooled score for each (configuration minus reference), how many folds were paired and on
   * how many the configuration scored higher; and {@code overRecords}, the central 95 % of the
   * mean difference when the pooled test records (patients) are drawn again with replacement
   * ({@link RecordBootstrap}): where it reaches below 0, a lead stands on a few patients. The seed
   * rule ({@link #leads}) does not use it; the rule of the later choices ({@link
   * #leadsOverPatients}) does.
   */
  public record Paired(String config, String reference, List<Long> seeds, List<Double> diffs, int foldPairs,
      int foldsHigher, RecordBootstrap.Interval overRecords) {
    /** A comparison without an interval over records. */
    public Paired(String config, String reference, List<Long> seeds, List<Double> diffs, int foldPairs, int foldsHigher) {
      this(config, reference, seeds, diffs, foldPairs, foldsHigher, RecordBootstrap.Interval.NONE);
    }

    /** Mean paired difference of the pooled score. */
    public double mean() {
      return CrossValidationSummary.mean(diffs);
    }

    /** Sample standard deviation of the paired differences. */
    public double sd() {
      return CrossValidationSummary.sd(diffs);
    }

    /** Seeds on which the configuration's pooled score is higher. */
    public long seedsHigher() {
      return diffs.stream().filter(d -> d > 0).count();
    }

    /**
     * The one-sided {@link #RULE_CONFIDENCE} lower confidence bound of the mean paired difference
     * (Student's t with n - 1 degrees of freedom); NaN with fewer than two seeds.
     */
    public double lowerBound() {
      return CrossValidationSummary.lowerBound(mean(), sd(), diffs.size());
    }

    /**
     * Whether the configuration leads the reference beyond the seeds' own disagreement: at least
     * {@link #RULE_MIN_SEEDS} paired seeds and a {@link #lowerBound} above 0 (a one-sided paired
     * t-test at 5 %). A higher mean alone is not a lead: twice on MIT-BIH a lead inside the seed
     * spread did not hold on DS2 (docs/results.md).
     */
    public boolean leads() {
      return diffs.size() >= RULE_MIN_SEEDS && lowerBound() > 0;
    }

    /**
     * A {@link #leads lead} that also holds over the patients: the lower end of {@link
     * #overRecords} is above 0, so the gain does not vanish when the test records are drawn again.
     * False without that interval.
     */
    public boolean leadsOverPatients() {
      return leads() && overRecords.low() > 0;
    }

    /**
     * How many paired seeds the same mean and standard deviation would need to lead: empty when the
     * mean is not above 0 or more than {@link #MAX_SEEDS_NEEDED} would be needed; the present
     * count when it already leads. A planning figure (the next seeds will not keep the mean and sd
     * exactly), not a promise.
     */
    public OptionalInt seedsNeeded() {
      double m = mean();
      double s = sd();
      if (!(m > 0)) {
        return OptionalInt.empty();
      }
      for (int n = Math.max(RULE_MIN_SEEDS, diffs.size()); n <= MAX_SEEDS_NEEDED; n++) {
        if (CrossValidationSummary.lowerBound(m, s, n) > 0) {
          return OptionalInt.of(n);
        }
      }
      return OptionalInt.empty();
    }
  }

  /** Fewest paired seeds of a {@link Paired#leads lead}. */
  public static final int RULE_MIN_SEEDS = 3;

  /** Confidence of the one-sided lower bound of the {@link Paired#leads paired rule}. */
  public static final double RULE_CONFIDENCE = 0.95;

  /** Largest seed count {@link Paired#seedsNeeded} reports. */
  public static final int MAX_SEEDS_NEEDED = 100;

  /** One-sided lower confidence bound of a mean over {@code n} values with sample sd {@code sd}. */
  static double lowerBound(double mean, double sd, int n) {
    if (n < 2 || Double.isNaN(mean) || Double.isNaN(sd)) {
      return Double.NaN;
    }
    double t = new TDistribution(null, n - 1).inverseCumulativeProbability(RULE_CONFIDENCE);
    return mean - t * sd / Math.sqrt(n);
  }

  /**
   * Rows of the seed-for-seed table ({@link #paired}): config, reference, seeds (paired), seed_list,
   * score_diffs (per seed, in seed_list's order), score_diff_mean, score_diff_sd, seeds_higher,
   * fold_pairs, folds_higher (per seed and fold, the fold's score against the reference's),
   * score_diff_lower95 ({@link Paired#lowerBound}), leads ({@link Paired#leads}: yes or no),
   * seeds_needed ({@link Paired#seedsNeeded}; empty when there is none) and the interval over the
   * test records drawn again, score_diff_records_low95 and _high95 ({@link Paired#overRecords}),
   * and leads_over_patients ({@link Paired#leadsOverPatients}: yes or no; empty without that
   * interval).
   */
  public static List<List<?>> pairedRows(List<Fold> folds, String reference) {
    return pairedRows(paired(folds, reference));
  }

  private static List<List<?>> pairedRows(List<Paired> paired) {
    List<List<?>> rows = new ArrayList<>();
    for (Paired p : paired) {
      rows.add(List.of(p.config(), p.reference(), p.seeds().size(),
          String.join(" ", p.seeds().stream().map(String::valueOf).toList()),
          String.join(" ", p.diffs().stream().map(d -> String.format(Locale.ROOT, "%+.4f", d)).toList()),
          format(p.mean()), format(p.sd()), p.seedsHigher(), p.foldPairs(), p.foldsHigher(),
          signed(p.lowerBound()),
          p.leads() ? "yes" : "no",
          p.seedsNeeded().isPresent() ? String.valueOf(p.seedsNeeded().getAsInt()) : "",
          signed(p.overRecords().low()), signed(p.overRecords().high()),
          Double.isNaN(p.overRecords().low()) ? "" : p.leadsOverPatients() ? "yes" : "no"));
    }
    return rows;
  }

  /**
   * The central 95 % of the mean paired difference when the pooled test records (patients) are
   * drawn again with replacement: each draw's difference of the {@link #SCORE} of the drawn
   * records, seed for seed, averaged over the seeds. Not part of the rule: it says whether a lead
   * stands on many patients or on a few.
   */
  private static RecordBootstrap.Interval overRecords(List<SeedPair> pairs, int samples) {
    if (samples <= 0) {
      return RecordBootstrap.Interval.NONE;
    }
    Set<String> union = new TreeSet<>();
    pairs.forEach(p -> {
      union.addAll(p.mine().keySet());
      union.addAll(p.theirs().keySet());
    });
    List<String> records = List.copyOf(union);
    List<long[][]> mine = pairs.stream().map(p -> RecordBootstrap.counts(records, p.mine())).toList();
    List<long[][]> theirs = pairs.stream().map(p -> RecordBootstrap.counts(records, p.theirs())).toList();
    double[][] values = RecordBootstrap.draws(records.size(), samples, draw -> {
      List<Double> diffs = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        diffs.add(score(RecordBootstrap.sum(draw, mine.get(i))) - score(RecordBootstrap.sum(draw, theirs.get(i))));
      }
      return new double[] {mean(diffs)};
    });
    return RecordBootstrap.central95(values, 0);
  }

  /**
   * One seed of a configuration against the same seed of the reference, over the folds both ran:
   * the difference of their pooled score, the number of such folds and of folds where the
   * configuration scores higher.
   */
  private record SeedPair(double scoreDiff, int folds, int foldsHigher, Map<String, ConfusionMatrix> mine,
      Map<String, ConfusionMatrix> theirs) {
    static SeedPair of(Map<Integer, Map<String, ConfusionMatrix>> mine, Map<Integer, Map<String, ConfusionMatrix>> theirs) {
      Set<Integer> common = new TreeSet<>(mine.keySet());
      common.retainAll(theirs.keySet());
      Map<String, ConfusionMatrix> minePooled = new TreeMap<>();
      Map<String, ConfusionMatrix> theirsPooled = new TreeMap<>();
      int higher = 0;
      for (int fold : common) {
        addRecords(minePooled, mine.get(fold));
        addRecords(theirsPooled, theirs.get(fold));
        if (figures(mine.get(fold)).get(SCORE) > figures(theirs.get(fold)).get(SCORE)) {
          higher++;
        }
      }
      double diff = common.isEmpty() ? Double.NaN : figures(minePooled).get(SCORE) - figures(theirsPooled).get(SCORE);
      return new SeedPair(diff, common.size(), higher, minePooled, theirsPooled);
    }
  }

  /** Adds each record's matrix of {@code records} to that record's matrix in {@code into}. */
  static void addRecords(Map<String, ConfusionMatrix> into, Map<String, ConfusionMatrix> records) {
    records.forEach((record, m) -> into.merge(record, m, ConfusionMatrix::merge));
  }

  /** Header of {@link #pairedRows}. */
  public static List<String> pairedHeader() {
    return List.of("config", "reference", "seeds", "seed_list", "score_diffs", "score_diff_mean", "score_diff_sd",
        "seeds_higher", "fold_pairs", "folds_higher", "score_diff_lower95", "leads", "seeds_needed",
        "score_diff_records_low95", "score_diff_records_high95", "leads_over_patients");
  }

  /** The seed-for-seed table as CSV. */
  public static String pairedCsv(List<Fold> folds, String reference) {
    return Csv.write(pairedHeader(), pairedRows(folds, reference));
  }

  /** The seed-for-seed table of comparisons already made with {@link #paired}, as CSV. */
  public static String pairedCsv(List<Paired> paired) {
    return Csv.write(pairedHeader(), pairedRows(paired));
  }

  /** The ensembles that {@link #best} leaves out: those of a subset of their configuration's seeds. */
  public static List<String> subsetEnsembles(List<Fold> folds) {
    Map<String, Map<Long, Map<String, Double>>> pooled = pooled(folds);
    return pooled.keySet().stream().filter(c -> !isCandidate(c, pooled)).toList();
  }

  /**
   * How many trained models stand behind each candidate of {@link #best}, when that differs between
   * candidates (else an empty map): a configuration's number of seeds, an ensemble's number of
   * members. A mean over one seed is not comparable with a mean over five: one lucky seed can
   * outrank a configuration that several seeds have measured, so the caller says so next to the
   * selection.
   */
  public static Map<String, Integer> unevenSeedCounts(List<Fold> folds) {
    Map<String, Map<Long, Map<String, Double>>> pooled = pooled(folds);
    Map<String, Integer> counts = new TreeMap<>();
    pooled.forEach((config, seeds) -> {
      if (isCandidate(config, pooled)) {
        Set<Long> members = ensembleMembers(config);
        counts.put(config, members.isEmpty() ? seeds.size() : members.size());
      }
    });
    return counts.values().stream().distinct().count() > 1 ? counts : Map.of();
  }

  private static boolean isCandidate(String config, Map<String, Map<Long, Map<String, Double>>> pooled) {
    Matcher m = ENSEMBLE.matcher(config);
    if (!m.matches() || !pooled.containsKey(m.group(1))) {
      return true;
    }
    return ensembleMembers(config).equals(new TreeSet<>(pooled.get(m.group(1)).keySet()));
  }

  /** The configuration an ensemble's name is of ({@code <config>+ensemble1_2} → config); any other name as it is. */
  public static String configOf(String config) {
    Matcher m = ENSEMBLE.matcher(config);
    return m.matches() ? m.group(1) : config;
  }

  /** The seeds of an ensemble's name ({@code <config>+ensemble1_2} → 1, 2); empty for any other name. */
  private static Set<Long> ensembleMembers(String config) {
    Matcher m = ENSEMBLE.matcher(config);
    Set<Long> members = new TreeSet<>();
    if (m.matches()) {
      for (String seed : m.group(2).split("_")) {
        members.add(Long.parseLong(seed));
      }
    }
    return members;
  }

  static double mean(List<Double> values) {
    double s = 0;
    int n = 0;
    for (Double v : values) {
      if (v != null && !Double.isNaN(v)) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /** Sample standard deviation (n - 1); 0 for a single value, NaN for none. */
  static double sd(List<Double> values) {
    double m = mean(values);
    double s = 0;
    int n = 0;
    for (Double v : values) {
      if (v != null && !Double.isNaN(v)) {
        s += (v - m) * (v - m);
        n++;
      }
    }
    return n == 0 ? Double.NaN : n == 1 ? 0 : Math.sqrt(s / (n - 1));
  }

  private static double zeroIfNaN(Double v) {
    return v == null || Double.isNaN(v) ? 0 : v;
  }

  private static String signed(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.4f", v);
  }

  static String format(double v) {
    return Double.isNaN(v) ? "" : v == Math.rint(v) && Math.abs(v) > 1 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.4f", v);
  }
}
