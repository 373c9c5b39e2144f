package org.ecgplatform.etl.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.io.HadoopFiles;

/** Lists the records of a WFDB database directory: its {@code RECORDS} file, else its headers. */
public final class RecordLister {
  private RecordLister() {}

  public static List<String> list(String databaseUri, Configuration conf) {
    FileSystem fs = HadoopFiles.fs(databaseUri, conf);
    Path dir = new Path(databaseUri);
    try {
      if (!fs.exists(dir)) {
        throw new EcgPlatformException(
            "Cannot read input " + databaseUri + ": it does not exist (give a directory of WFDB records)");
      }
      if (!fs.getFileStatus(dir).isDirectory()) {
        throw new EcgPlatformException("Cannot read input " + databaseUri + ": not a directory of WFDB records");
      }
      Path records = new Path(dir, "RECORDS");
      List<String> out = new ArrayList<>();
      if (fs.exists(records)) {
        for (String line : HadoopFiles.readString(records.toString(), conf).split("\\R")) {
          String r = line.trim();
          if (!r.isEmpty() && !r.startsWith("#")) {
            out.add(r);
          }
        }
        return out;
      }
      TreeSet<String> names = new TreeSet<>();
      for (FileStatus st : fs.listStatus(dir)) {
        String n = st.getPath().getName();
        if (st.isFile() && n.endsWith(".hea")) {
          names.add(n.substring(0, n.length() - 4));
        }
      }
      if (names.isEmpty()) {
        throw new EcgPlatformException(
            "Cannot read input " + databaseUri + ": no RECORDS file and no .hea headers in it");
      }
      out.addAll(names);
      return out;
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot list input " + databaseUri + ": " + e.getMessage(), e);
    }
  }
}
