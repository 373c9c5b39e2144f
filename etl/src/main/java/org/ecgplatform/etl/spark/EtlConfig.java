package org.ecgplatform.etl.spark;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * Immutable, validated configuration of the ETL job. Built from the {@code etl} block of the merged
 * HOCON configuration (see {@code reference.conf} for every key, its meaning and default, and
 * {@link ConfigLoader} for the precedence).
 */
public record EtlConfig(
    List<String> inputs,
    String output,
    int targetFsHz,
    double windowBeforeS,
    double windowAfterS,
    List<String> leadPreference,
    boolean secondLead,
    List<String> secondLeadPreference,
    String baseline,
    double lowpassHz,
    double notchHz,
    Map<String, String> splitPresets,
    double validationFraction,
    double hashTrain,
    double hashVal,
    double hashTest,
    boolean augment,
    Map<String, Integer> augmentCopies,
    double[] gaussianSnrDb,
    String nstdb,
    double[] nstdbSnrDb,
    double maxShiftS,
    double[] scale,
    double baselineWanderMv,
    long seed,
    int rowGroupMb,
    long maxRowsPerFile,
    String configJson)
    implements Serializable {

  public EtlConfig {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty()) {
      throw new ConfigException("No input database given (use --input <dir-or-URI>, or etl.inputs in conf/)");
    }
    if (output == null || output.isBlank()) {
      throw new ConfigException("No output given (use --output <URI>, or etl.output)");
    }
    positive("etl.targetFsHz", targetFsHz);
    if (windowBeforeS < 0 || windowBeforeS > 5) {
      throw ConfigException.invalid("etl.window.beforeS", windowBeforeS, "seconds in [0, 5]");
    }
    if (windowAfterS <= 0 || windowAfterS > 5) {
      throw ConfigException.invalid("etl.window.afterS", windowAfterS, "seconds in (0, 5]");
    }
    if (!List.of("median", "highpass", "none").contains(baseline)) {
      throw ConfigException.invalid("etl.cleaning.baseline", baseline, "median, highpass or none");
    }
    if (lowpassHz < 0 || (lowpassHz > 0 && lowpassHz >= targetFsHz / 2.0)) {
      throw ConfigException.invalid("etl.cleaning.lowpassHz", lowpassHz, "0 (off) or below half of etl.targetFsHz");
    }
    if (notchHz != 0 && notchHz != 50 && notchHz != 60) {
      throw ConfigException.invalid("etl.cleaning.notchHz", notchHz, "0, 50 or 60");
    }
    splitPresets = Map.copyOf(splitPresets);
    for (Map.Entry<String, String> e : splitPresets.entrySet()) {
      if (!List.of("dechazal", "hash").contains(e.getValue())) {
        throw ConfigException.invalid("etl.split.presets." + e.getKey(), e.getValue(), "dechazal or hash");
      }
    }
    if (validationFraction < 0 || validationFraction >= 1) {
      throw ConfigException.invalid("etl.split.validationFraction", validationFraction, "a fraction in [0, 1)");
    }
    if (hashTrain <= 0 || hashVal < 0 || hashTest < 0 || Math.abs(hashTrain + hashVal + hashTest - 1) > 1e-6) {
      throw ConfigException.invalid(
          "etl.split.hash", hashTrain + "/" + hashVal + "/" + hashTest, "train > 0, val and test >= 0, summing to 1");
    }
    augmentCopies = Map.copyOf(augmentCopies);
    for (Map.Entry<String, Integer> e : augmentCopies.entrySet()) {
      if (AamiClass.ofSymbol(e.getKey()).isEmpty() && !AamiClass.vocabulary().contains(e.getKey())) {
        throw ConfigException.invalid("etl.augment.copies." + e.getKey(), e.getValue(), "keys N, S, V, F, Q");
      }
      if (e.getValue() < 0 || e.getValue() > 50) {
        throw ConfigException.invalid("etl.augment.copies." + e.getKey(), e.getValue(), "0..50 copies");
      }
    }
    range("etl.augment.gaussianSnrDb", gaussianSnrDb);
    range("etl.augment.nstdbSnrDb", nstdbSnrDb);
    range("etl.augment.scale", scale);
    if (scale[0] <= 0) {
      throw ConfigException.invalid("etl.augment.scale", scale[0], "positive factors");
    }
    if (maxShiftS < 0 || maxShiftS > windowBeforeS + windowAfterS) {
      throw ConfigException.invalid("etl.augment.maxShiftS", maxShiftS, "seconds in [0, window length]");
    }
    if (baselineWanderMv < 0) {
      throw ConfigException.invalid("etl.augment.baselineWanderMv", baselineWanderMv, ">= 0");
    }
    positive("etl.rowGroupMb", rowGroupMb);
    if (maxRowsPerFile < 0) {
      throw ConfigException.invalid("etl.maxRowsPerFile", maxRowsPerFile, ">= 0 (0 = no limit)");
    }
  }

  /** Builds the job config from a merged configuration (see {@link ConfigLoader#load}). */
  public static EtlConfig from(Config root) {
    Config c = root.getConfig("etl");
    Map<String, String> presets = new LinkedHashMap<>();
    Config p = c.getConfig("split.presets");
    for (String k : p.root().keySet()) {
      presets.put(k, p.getString(k));
    }
    Map<String, Integer> copies = new LinkedHashMap<>();
    Config cp = c.getConfig("augment.copies");
    for (String k : cp.root().keySet()) {
      copies.put(k, ConfigLoader.get("etl.augment.copies." + k, () -> cp.getInt(k)));
    }
    return new EtlConfig(
        ConfigLoader.get("etl.inputs", () -> c.getStringList("inputs")),
        c.getIsNull("output") ? null : c.getString("output"),
        ConfigLoader.get("etl.targetFsHz", () -> c.getInt("targetFsHz")),
        ConfigLoader.get("etl.window.beforeS", () -> c.getDouble("window.beforeS")),
        ConfigLoader.get("etl.window.afterS", () -> c.getDouble("window.afterS")),
        c.getStringList("leads.preference"),
        ConfigLoader.get("etl.leads.second", () -> c.getBoolean("leads.second")),
        c.getStringList("leads.secondPreference"),
        c.getString("cleaning.baseline"),
        ConfigLoader.get("etl.cleaning.lowpassHz", () -> c.getDouble("cleaning.lowpassHz")),
        ConfigLoader.get("etl.cleaning.notchHz", () -> c.getDouble("cleaning.notchHz")),
        presets,
        ConfigLoader.get("etl.split.validationFraction", () -> c.getDouble("split.validationFraction")),
        ConfigLoader.get("etl.split.hash.train", () -> c.getDouble("split.hash.train")),
        ConfigLoader.get("etl.split.hash.val", () -> c.getDouble("split.hash.val")),
        ConfigLoader.get("etl.split.hash.test", () -> c.getDouble("split.hash.test")),
        ConfigLoader.get("etl.augment.enabled", () -> c.getBoolean("augment.enabled")),
        copies,
        doubles(c, "augment.gaussianSnrDb"),
        c.getIsNull("augment.nstdb") ? null : c.getString("augment.nstdb"),
        doubles(c, "augment.nstdbSnrDb"),
        ConfigLoader.get("etl.augment.maxShiftS", () -> c.getDouble("augment.maxShiftS")),
        doubles(c, "augment.scale"),
        ConfigLoader.get("etl.augment.baselineWanderMv", () -> c.getDouble("augment.baselineWanderMv")),
        ConfigLoader.get("etl.seed", () -> c.getLong("seed")),
        ConfigLoader.get("etl.rowGroupMb", () -> c.getInt("rowGroupMb")),
        ConfigLoader.get("etl.maxRowsPerFile", () -> c.getLong("maxRowsPerFile")),
        ConfigLoader.toJson(c));
  }

  /** Samples before the fiducial point at the target rate. */
  public int samplesBefore() {
    return (int) Math.round(windowBeforeS * targetFsHz);
  }

  /** Samples from the fiducial point on, at the target rate. */
  public int samplesAfter() {
    return (int) Math.round(windowAfterS * targetFsHz);
  }

  public int leadCount() {
    return secondLead ? 2 : 1;
  }

  /** The split preset of a database (by its name); hash when none is configured. */
  public String presetFor(String database) {
    return splitPresets.getOrDefault(database, "hash");
  }

  private static double[] doubles(Config c, String key) {
    List<Double> l = ConfigLoader.get("etl." + key, () -> c.getDoubleList(key));
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i);
    }
    return out;
  }

  private static void positive(String key, int v) {
    if (v <= 0) {
      throw ConfigException.invalid(key, v, "a positive integer");
    }
  }

  private static void range(String key, double[] r) {
    if (r.length != 2 || r[0] > r[1]) {
      throw ConfigException.invalid(key, java.util.Arrays.toString(r), "[low, high] with low <= high");
    }
  }
}
