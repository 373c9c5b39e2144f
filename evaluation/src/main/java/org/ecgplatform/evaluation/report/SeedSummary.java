package org.ecgplatform.evaluation.report;

import static org.ecgplatform.evaluation.report.CrossValidationSummary.format;
import static org.ecgplatform.evaluation.report.CrossValidationSummary.mean;
import static org.ecgplatform.evaluation.report.CrossValidationSummary.sd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.Ec57Statistics;
import org.ecgplatform.evaluation.metrics.Ratio;

/**
 * The figures of a model-quality benchmark over its seeds ({@code submit-scripts/benchmark-mitdb.sh}):
 * each evaluation's gross EC57 figures ({@link CrossValidationSummary#figures}, from its per-record
 * confusion matrices), their mean, sample standard deviation and range over the seeds' models, and
 * per record the SVEB and VEB Se and +P over the seeds. An ensemble's evaluation is listed beside
 * the seeds but counts in no mean: it is one more model built from them, not another seed.
 *
 * <p>A subset leaves records out of every evaluation of its set before the figures are computed (a
 * diagnostic such as "DS2 without record 232"); it never changes the figures of the whole set.
 *
 * <p>Where the records are distinct patients ({@link Resampling}), an interval over records says how
 * far the seeds' mean figure would move had other patients of the same kind been drawn: the seeds
 * measure the training's spread, the interval the test set's ({@link #bootstrap}).
 */
public final class SeedSummary {
  /** Figures reported, in order ({@link CrossValidationSummary#FIGURES} without the selection score). */
  public static final List<String> FIGURES =
      List.of("beats", "accuracy", "svebSe", "svebPpv", "svebF1", "vebSe", "vebPpv", "vebF1", "macroF1");

  /**
   * One evaluation: of set {@code set} (e.g. {@code ds2}, {@code nstdb}), by the model of seed
   * {@code run} ({@code seed42}) or by an ensemble ({@code ensemble-42_7}).
   */
  public record Evaluation(String set, String run, boolean ensemble, Map<String, ConfusionMatrix> perRecord) {}

  /** Records of one set to figure on their own or to leave out; {@code name} labels the rows. */
  public record Subset(String set, String name, Set<String> records, boolean leaveOut) {}

  private SeedSummary() {}

  /** True when {@code record} ({@code mitdb/232}) is named by {@code name} ({@code mitdb/232} or {@code 232}). */
  public static boolean names(String name, String record) {
    return record.equals(name) || record.endsWith("/" + name);
  }

  /** The evaluation's records that a subset keeps. */
  static Map<String, ConfusionMatrix> select(Map<String, ConfusionMatrix> perRecord, Subset subset) {
    Map<String, ConfusionMatrix> out = new TreeMap<>();
    perRecord.forEach((record, m) -> {
      boolean named = subset.records().stream().anyMatch(n -> names(n, record));
      if (named != subset.leaveOut()) {
        out.put(record, m);
      }
    });
    return out;
  }

  /**
   * Fails when a subset names a record that no evaluation of its set holds (a typo would otherwise
   * give the whole set's figures under the subset's name), or when its set has no evaluation.
   */
  public static void requireRecords(List<Evaluation> evaluations, List<Subset> subsets) {
    for (Subset s : subsets) {
      Set<String> held = evaluations.stream().filter(e -> e.set().equals(s.set()))
          .flatMap(e -> e.perRecord().keySet().stream()).collect(Collectors.toCollection(TreeSet::new));
      if (held.isEmpty()) {
        throw new EcgPlatformException("Cannot summarise '" + s.name() + "': no evaluation of set '" + s.set() + "'");
      }
      for (String n : s.records()) {
        if (held.stream().noneMatch(r -> names(n, r))) {
          throw new EcgPlatformException("Cannot summarise '" + s.name() + "': no evaluation of set '" + s.set()
              + "' holds record '" + n + "' (its records: " + String.join(" ", held) + ")");
        }
      }
    }
  }

  /** One row per evaluation and subset: set, subset ("all" or the subset's name), run, figures. */
  public static List<List<?>> runRows(List<Evaluation> evaluations, List<Subset> subsets) {
    return report(evaluations, subsets, Resampling.NONE).runRows();
  }

  /** Header of {@link #runRows}. */
  public static List<String> runHeader() {
    List<String> h = new ArrayList<>(List.of("set", "subset", "run"));
    h.addAll(FIGURES);
    return h;
  }

  /**
   * One row per set, subset and figure, over the seeds' evaluations (ensembles left out): the number
   * of seeds, mean, sample sd, smallest, largest, the interval over the records drawn again where
   * {@code resampling} asks for one ({@link #bootstrap}; empty otherwise), and every seed's value
   * (run=value, space-separated).
   */
  public static List<List<?>> statRows(List<Evaluation> evaluations, List<Subset> subsets, Resampling resampling) {
    return report(evaluations, subsets, resampling).statRows();
  }

  /**
   * Which sets' records are resampled ({@link #bootstrap}), and how many times: sets whose records
   * are distinct patients (DS2), not the noise-stress set, whose records are two patients at six
   * noise levels.
   */
  public record Resampling(int samples, Set<String> sets) {
    /** No interval over records. */
    public static final Resampling NONE = new Resampling(0, Set.of());

    int samplesFor(String set) {
      return sets.contains(set) ? samples : 0;
    }
  }

  /**
   * How much a figure owes to which records were drawn ({@link RecordBootstrap}): for each draw of
   * the group's records, each seed's figure on the drawn records' summed matrices, averaged over the
   * seeds; per figure the central 95 % of those means (draws where it is undefined, such as Se
   * without a beat of the class, left out). Ensembles are left out. Empty when {@code samples} is 0.
   */
  static Map<String, RecordBootstrap.Interval> bootstrap(List<Evaluation> seeds, Subset selection, int samples) {
    Map<String, RecordBootstrap.Interval> out = new LinkedHashMap<>();
    if (samples <= 0 || seeds.isEmpty()) {
      return out;
    }
    List<Map<String, ConfusionMatrix>> perSeed = seeds.stream()
        .map(e -> selection == null ? e.perRecord() : select(e.perRecord(), selection)).toList();
    List<String> records = List.copyOf(new TreeSet<>(perSeed.get(0).keySet()));
    List<long[][]> counts = perSeed.stream().map(m -> RecordBootstrap.counts(records, m)).toList();
    double[][] values = RecordBootstrap.draws(records.size(), samples, draw -> {
      List<Map<String, Double>> bySeed = counts.stream()
          .map(c -> CrossValidationSummary.figures(Map.of("draw", RecordBootstrap.sum(draw, c)))).toList();
      return BOOTSTRAPPED.stream().mapToDouble(fig -> mean(bySeed.stream().map(f -> f.get(fig)).toList())).toArray();
    });
    for (int k = 0; k < BOOTSTRAPPED.size(); k++) {
      out.put(BOOTSTRAPPED.get(k), RecordBootstrap.central95(values, k));
    }
    return out;
  }

  /** The figures {@link #bootstrap} gives an interval for (gross figures; the record count and macro F1 not). */
  static final List<String> BOOTSTRAPPED = List.of("accuracy", "svebSe", "svebPpv", "svebF1", "vebSe", "vebPpv", "vebF1");

  /** Header of {@link #statRows}. */
  public static List<String> statHeader() {
    return List.of("set", "subset", "figure", "seeds", "mean", "sd", "min", "max", "records_ci95_low", "records_ci95_high", "values");
  }

  /** A record's Se or +P over the seeds: defined in {@code n} of them. */
  public record RecordFigure(int n, double mean, double sd) {
    /** The table's cell: "–" when no seed defines it, one value alone, else mean ± sd (percent). */
    public String cell() {
      if (n == 0) {
        return "–";
      }
      return n == 1 ? String.format(Locale.ROOT, "%.1f", 100 * mean)
          : String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * sd);
    }
  }

  /** One record of a set over the seeds' evaluations. */
  public record RecordRow(String set, String record, long sBeats, long vBeats, int seeds, RecordFigure svebSe,
      RecordFigure svebPpv, RecordFigure vebSe, RecordFigure vebPpv) {}

  /**
   * Per set, every record that holds S or V reference beats, over the seeds' evaluations (ensembles
   * left out). Se is undefined where the record has no beat of the class; +P where the model called
   * none in that seed (it is 0 where it called some and the record has none). A figure's mean and
   * sd are over the seeds that define it.
   */
  public static List<RecordRow> recordRows(List<Evaluation> evaluations) {
    Map<String, Map<String, List<ConfusionMatrix>>> bySet = new TreeMap<>();
    for (Evaluation e : evaluations) {
      if (!e.ensemble()) {
        e.perRecord().forEach((record, m) ->
            bySet.computeIfAbsent(e.set(), k -> new TreeMap<>()).computeIfAbsent(record, k -> new ArrayList<>()).add(m));
      }
    }
    List<RecordRow> rows = new ArrayList<>();
    bySet.forEach((set, records) -> records.forEach((record, matrices) -> {
      long s = matrices.get(0).referenceTotal(AamiClass.S);
      long v = matrices.get(0).referenceTotal(AamiClass.V);
      for (ConfusionMatrix m : matrices) {
        if (m.referenceTotal(AamiClass.S) != s || m.referenceTotal(AamiClass.V) != v) {
          throw new EcgPlatformException("Cannot summarise record " + record + " of set '" + set + "': its evaluations"
              + " hold different reference beats (S " + s + " and " + m.referenceTotal(AamiClass.S) + ", V " + v + " and "
              + m.referenceTotal(AamiClass.V) + "); were they made on different datasets?");
        }
      }
      if (s + v > 0) {
        List<Ec57Statistics> stats = matrices.stream().map(Ec57Statistics::of).toList();
        rows.add(new RecordRow(set, record, s, v, matrices.size(),
            over(stats, x -> x.sveb().sensitivity()), over(stats, x -> x.sveb().positivePredictivity()),
            over(stats, x -> x.veb().sensitivity()), over(stats, x -> x.veb().positivePredictivity())));
      }
    }));
    return rows;
  }

  /** {@link #recordRows} as CSV rows (fractions; the sd empty where fewer than two seeds define it). */
  public static List<List<?>> recordCsvRows(List<RecordRow> rows) {
    List<List<?>> out = new ArrayList<>();
    for (RecordRow r : rows) {
      List<Object> row = new ArrayList<>(List.of(r.set(), r.record(), r.sBeats(), r.vBeats(), r.seeds()));
      for (RecordFigure f : List.of(r.svebSe(), r.svebPpv(), r.vebSe(), r.vebPpv())) {
        row.add(f.n());
        row.add(f.n() == 0 ? "" : format(f.mean()));
        row.add(f.n() < 2 ? "" : format(f.sd()));
      }
      out.add(row);
    }
    return out;
  }

  /** Header of {@link #recordCsvRows}. */
  public static List<String> recordHeader() {
    List<String> h = new ArrayList<>(List.of("set", "record", "s_beats", "v_beats", "seeds"));
    for (String f : List.of("sveb_se", "sveb_ppv", "veb_se", "veb_ppv")) {
      h.add(f + "_seeds");
      h.add(f + "_mean");
      h.add(f + "_sd");
    }
    return h;
  }

  /** {@link #statRows} as CSV. */
  public static String statsCsv(List<Evaluation> evaluations, List<Subset> subsets, Resampling resampling) {
    return report(evaluations, subsets, resampling).statsCsv();
  }

  /** {@link #runRows} as CSV. */
  public static String runsCsv(List<Evaluation> evaluations, List<Subset> subsets) {
    return report(evaluations, subsets, Resampling.NONE).runsCsv();
  }

  /** {@link #recordCsvRows} as CSV. */
  public static String recordsCsv(List<RecordRow> rows) {
    return Csv.write(recordHeader(), recordCsvRows(rows));
  }

  /**
   * The summary as Markdown, for docs/results.md: per set and subset a table of the figures (mean ±
   * sd over the seeds, range, each seed's value, each ensemble's), then per set the per-record table.
   */
  public static String markdown(List<Evaluation> evaluations, List<Subset> subsets, Resampling resampling) {
    return report(evaluations, subsets, resampling).markdown();
  }

  /**
   * Every table of the summary from one pass: each set's and subset's figures per evaluation, their
   * intervals over records (the bootstrap, the costly part, runs once per group) and the per-record
   * rows, computed when the report is made and read by each table.
   */
  public static Report report(List<Evaluation> evaluations, List<Subset> subsets, Resampling resampling) {
    Map<String, List<Evaluation>> bySet = new TreeMap<>();
    evaluations.forEach(e -> bySet.computeIfAbsent(e.set(), k -> new ArrayList<>()).add(e));
    List<Group> groups = new ArrayList<>();
    bySet.forEach((set, list) -> {
      groups.add(Group.of(set, ALL, null, list, resampling));
      subsets.stream().filter(s -> s.set().equals(set)).forEach(s -> groups.add(Group.of(set, s.name(), s, list, resampling)));
    });
    return new Report(groups, recordRows(evaluations));
  }

  /** The summary's tables, read from figures computed once ({@link #report}). */
  public static final class Report {
    private final List<Group> groups;
    private final List<RecordRow> records;

    private Report(List<Group> groups, List<RecordRow> records) {
      this.groups = groups;
      this.records = records;
    }

    /** {@link SeedSummary#runRows}. */
    public List<List<?>> runRows() {
      List<List<?>> rows = new ArrayList<>();
      for (Group g : groups) {
        for (Evaluation e : g.evaluations) {
          List<Object> row = new ArrayList<>(List.of(g.set, g.subset, e.run()));
          g.figures.get(e).values().forEach(v -> row.add(format(v)));
          rows.add(row);
        }
      }
      return rows;
    }

    /** {@link SeedSummary#statRows}. */
    public List<List<?>> statRows() {
      List<List<?>> rows = new ArrayList<>();
      for (Group g : groups) {
        if (g.seeds.isEmpty()) {
          continue;
        }
        for (String fig : FIGURES) {
          List<Double> values = g.values(fig);
          RecordBootstrap.Interval in = g.ci.get(fig);
          rows.add(List.of(g.set, g.subset, fig, g.seeds.size(), format(mean(values)),
              format(sd(values)), format(min(values)), format(max(values)), in == null ? "" : format(in.low()),
              in == null ? "" : format(in.high()),
              g.seeds.stream().map(e -> e.run() + "=" + format(g.figures.get(e).get(fig))).collect(Collectors.joining(" "))));
        }
      }
      return rows;
    }

    /** The per-record rows ({@link SeedSummary#recordRows}). */
    public List<RecordRow> records() {
      return records;
    }

    public String statsCsv() {
      return Csv.write(statHeader(), statRows());
    }

    public String runsCsv() {
      return Csv.write(runHeader(), runRows());
    }

    public String recordsCsv() {
      return SeedSummary.recordsCsv(records);
    }

    /** {@link SeedSummary#markdown}. */
    public String markdown() {
      StringBuilder md = new StringBuilder();
      for (Group g : groups) {
        md.append("## ").append(g.set).append(g.subset.equals(ALL) ? "" : ", " + g.subset).append(": ").append(g.seeds.size())
            .append(g.seeds.size() == 1 ? " seed" : " seeds").append(g.ensembles.isEmpty() ? "" : " and " + g.ensembles.size()
                + (g.ensembles.size() == 1 ? " ensemble" : " ensembles")).append(" (gross EC57 statistics)\n\n");
        List<String> head = new ArrayList<>(List.of("figure", "mean ± sd", "range"));
        if (!g.ci.isEmpty()) {
          head.add("records resampled, 95 %");
        }
        g.seeds.forEach(e -> head.add(e.run()));
        g.ensembles.forEach(e -> head.add(e.run()));
        md.append(row(head)).append(row(head.stream().map(x -> "---").toList()));
        for (String fig : FIGURES) {
          List<Double> values = g.values(fig);
          List<String> cells = new ArrayList<>(List.of(label(fig)));
          if (g.seeds.isEmpty()) {
            cells.add("–");
            cells.add("–");
          } else {
            cells.add(show(fig, mean(values)) + (g.seeds.size() > 1 ? " ± " + show(fig, sd(values)) : ""));
            cells.add(show(fig, min(values)) + "–" + show(fig, max(values)));
          }
          if (!g.ci.isEmpty()) {
            RecordBootstrap.Interval in = g.ci.get(fig);
            cells.add(in == null ? "" : show(fig, in.low()) + "–" + show(fig, in.high()));
          }
          g.seeds.forEach(e -> cells.add(show(fig, g.figures.get(e).get(fig))));
          g.ensembles.forEach(e -> cells.add(show(fig, g.figures.get(e).get(fig))));
          md.append(row(cells));
        }
        md.append('\n');
      }
      Map<String, List<RecordRow>> bySet = records.stream()
          .collect(Collectors.groupingBy(RecordRow::set, TreeMap::new, Collectors.toList()));
      bySet.forEach((set, rows) -> {
        md.append("## ").append(set).append(": every record with S or V beats, over ").append(rows.get(0).seeds())
            .append(rows.get(0).seeds() == 1 ? " seed" : " seeds").append(" (Se, +P in %; – where no seed defines it)\n\n");
        List<String> head = List.of("record", "S beats", "V beats", "SVEB Se %", "SVEB +P %", "VEB Se %", "VEB +P %");
        md.append(row(head)).append(row(head.stream().map(x -> "---").toList()));
        for (RecordRow r : rows) {
          md.append(row(List.of(r.record(), Long.toString(r.sBeats()), Long.toString(r.vBeats()), r.svebSe().cell(),
              r.svebPpv().cell(), r.vebSe().cell(), r.vebPpv().cell())));
        }
        md.append('\n');
      });
      return md.toString();
    }
  }

  private static final String ALL = "all";

  /**
   * The evaluations of one set, whole ({@link #ALL}) or a subset of its records: the seeds' and the
   * ensembles', each evaluation's figures, and the seeds' intervals over records (empty where the
   * set is not resampled).
   */
  private record Group(String set, String subset, List<Evaluation> evaluations, List<Evaluation> seeds,
      List<Evaluation> ensembles, Map<Evaluation, Map<String, Double>> figures, Map<String, RecordBootstrap.Interval> ci) {
    static Group of(String set, String subset, Subset selection, List<Evaluation> evaluations, Resampling resampling) {
      List<Evaluation> seeds = evaluations.stream().filter(e -> !e.ensemble()).toList();
      Map<Evaluation, Map<String, Double>> figures = new IdentityHashMap<>();
      for (Evaluation e : evaluations) {
        Map<String, Double> all = CrossValidationSummary.figures(selection == null ? e.perRecord() : select(e.perRecord(), selection));
        Map<String, Double> mine = new LinkedHashMap<>();
        FIGURES.forEach(f -> mine.put(f, all.get(f)));
        figures.put(e, mine);
      }
      return new Group(set, subset, evaluations, seeds, evaluations.stream().filter(Evaluation::ensemble).toList(), figures,
          bootstrap(seeds, selection, resampling.samplesFor(set)));
    }

    /** A figure's value in each seed's evaluation, in order. */
    List<Double> values(String fig) {
      return seeds.stream().map(e -> figures.get(e).get(fig)).toList();
    }
  }

  private static RecordFigure over(Collection<Ec57Statistics> stats, Function<Ec57Statistics, Ratio> ratio) {
    List<Double> values = stats.stream().map(ratio).filter(Ratio::isDefined).map(Ratio::value).toList();
    return new RecordFigure(values.size(), mean(values), sd(values));
  }

  private static String label(String fig) {
    return switch (fig) {
      case "beats" -> "beats";
      case "accuracy" -> "accuracy %";
      case "svebSe" -> "SVEB Se %";
      case "svebPpv" -> "SVEB +P %";
      case "svebF1" -> "SVEB F1";
      case "vebSe" -> "VEB Se %";
      case "vebPpv" -> "VEB +P %";
      case "vebF1" -> "VEB F1";
      case "macroF1" -> "macro F1";
      default -> fig;
    };
  }

  /** A figure as the tables of docs/results.md show it: percent with one decimal, F1 with three. */
  private static String show(String fig, Double v) {
    if (v == null || Double.isNaN(v)) {
      return "–";
    }
    if (fig.equals("beats")) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return fig.endsWith("F1") ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1f", 100 * v);
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static double min(List<Double> values) {
    return values.stream().filter(v -> v != null && !Double.isNaN(v)).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().filter(v -> v != null && !Double.isNaN(v)).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
