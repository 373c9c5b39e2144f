package org.ecgplatform.etl.wfdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the expected files of the wfdb-formats corpus (written by WFDB 10.7's rdsamp and rdann). */
final class GoldenFiles {
  private GoldenFiles() {}

  static List<String> lines(Path gz) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
        StandardCharsets.ISO_8859_1))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.add(line);
      }
    }
    return out;
  }

  /** {@code rdsamp -v -H} rows without the header row: column 0 the sample number, then values. */
  static long[][] samples(Path gz) throws IOException {
    List<String> lines = lines(gz);
    long[][] rows = new long[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      rows[i - 1] = new long[f.length];
      for (int j = 0; j < f.length; j++) {
        rows[i - 1][j] = Long.parseLong(f[j].strip());
      }
    }
    return rows;
  }

  /**
   * {@code rdann -v} rows as "sample mnemonic subtype chan num aux" (the time column dropped; the
   * remaining columns are whitespace-free but for aux, which follows a tab).
   */
  static List<String> annotations(Path gz) throws IOException {
    List<String> lines = lines(gz);
    List<String> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      int tab = line.indexOf('\t');
      String aux = tab < 0 ? "" : line.substring(tab + 1);
      String[] f = (tab < 0 ? line : line.substring(0, tab)).strip().split("\\s+");
      int k = f.length;
      out.add(String.join(" ", f[k - 5], f[k - 4], f[k - 3], f[k - 2], f[k - 1]) + "|" + aux);
    }
    return out;
  }

  static String format(Annotation a) {
    return a.sample() + " " + a.symbol() + " " + a.subtype() + " " + a.chan() + " " + a.num() + "|" + a.aux();
  }
}
