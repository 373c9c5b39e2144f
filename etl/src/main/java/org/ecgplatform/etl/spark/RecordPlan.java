package org.ecgplatform.etl.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.PatientMapper;
import org.ecgplatform.etl.beats.Split;
import org.ecgplatform.etl.beats.SplitAssigner;
import org.ecgplatform.etl.io.HadoopFiles;

/**
 * The driver's plan: every record of every input database with its patient and split. Splits are
 * decided here, per record and therefore per patient, before any beat is read, so no beat of a
 * patient can end up on two sides.
 *
 * @param tasks records to process
 * @param excluded records the split preset leaves out (paced MIT-BIH records), with the reason
 * @param databaseUris database name to its qualified directory
 */
public record RecordPlan(List<RecordTask> tasks, List<Map<String, String>> excluded, Map<String, String> databaseUris) {

  public static RecordPlan create(EtlConfig config, Configuration hadoop) {
    List<RecordTask> tasks = new ArrayList<>();
    List<Map<String, String>> excluded = new ArrayList<>();
    Map<String, String> uris = new LinkedHashMap<>();
    for (String input : config.inputs()) {
      String uri = HadoopFiles.qualify(input, hadoop);
      String database = HadoopFiles.baseName(uri);
      if (uris.containsKey(database)) {
        throw new EcgPlatformException("Cannot plan ETL: two inputs are named '" + database + "' (" + uris.get(database)
            + " and " + uri + "); database names come from the directory names and must be unique");
      }
      uris.put(database, uri);
      SplitAssigner splits = config.splitFor(database);
      for (String record : RecordLister.list(uri, hadoop)) {
        Split split = splits.assign(database, record);
        if (split == Split.EXCLUDED) {
          excluded.add(Map.of("database", database, "record", record,
              "reason", "excluded by split preset " + config.splitPresets().getOrDefault(database, "hash")));
          continue;
        }
        tasks.add(new RecordTask(database, uri, record, PatientMapper.DEFAULT.patientOf(database, record),
            split.columnValue()));
      }
    }
    return new RecordPlan(List.copyOf(tasks), List.copyOf(excluded), Map.copyOf(uris));
  }

  /** Records per split, for the log. */
  public Map<String, Integer> countsBySplit() {
    Map<String, Integer> m = new TreeMap<>();
    for (RecordTask t : tasks) {
      m.merge(t.split(), 1, Integer::sum);
    }
    return m;
  }
}
