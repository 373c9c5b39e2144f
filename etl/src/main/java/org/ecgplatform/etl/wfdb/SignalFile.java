package org.ecgplatform.etl.wfdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signals a header stores in one file, and where each sits in the file's frame: signal
 * {@code signals[k]} occupies samples {@code slotOffset[k] .. slotOffset[k] + sampsPerFrame[k] - 1}
 * of each frame of {@code samplesPerFrame} samples.
 */
record SignalFile(
    String fileName,
    SignalFormat format,
    long byteOffset,
    int[] signals,
    int[] slotOffset,
    int[] sampsPerFrame,
    int[] initValue,
    int samplesPerFrame) {

  /** Groups a header's stored signals by file, in order of first appearance. */
  static List<SignalFile> of(String record, String headerFile, WfdbHeader header) {
    Map<String, List<Integer>> byFile = new LinkedHashMap<>();
    List<SignalSpec> specs = header.signals();
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).hasFile()) {
        byFile.computeIfAbsent(specs.get(i).fileName(), k -> new ArrayList<>()).add(i);
      }
    }
    List<SignalFile> files = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
      List<Integer> idx = e.getValue();
      SignalSpec first = specs.get(idx.get(0));
      int n = idx.size();
      int[] signals = new int[n];
      int[] offsets = new int[n];
      int[] spf = new int[n];
      int[] init = new int[n];
      long total = 0;
      for (int k = 0; k < n; k++) {
        SignalSpec s = specs.get(idx.get(k));
        if (s.format() != first.format() || s.byteOffset() != first.byteOffset()) {
          throw new WfdbHeaderException(record, headerFile, null, "Cannot lay out signal file " + e.getKey()
              + ": its signals give different formats or byte offsets (" + first.format().code() + "+" + first.byteOffset()
              + " vs " + s.format().code() + "+" + s.byteOffset() + ") (all signals of one file share its format)");
        }
        if (s.format().isFlac() && s.sampsPerFrame() != first.sampsPerFrame()) {
          throw new WfdbHeaderException(record, headerFile, null, "Cannot lay out FLAC file " + e.getKey()
              + ": its signals have different samples per frame (WFDB requires one value per FLAC file)");
        }
        signals[k] = idx.get(k);
        offsets[k] = (int) total;
        spf[k] = s.sampsPerFrame();
        init[k] = s.initValue();
        total += s.sampsPerFrame();
      }
      if (total > Integer.MAX_VALUE / 8) {
        throw new WfdbHeaderException(record, headerFile, null, "Cannot lay out signal file " + e.getKey()
            + ": " + total + " samples per frame is absurd (check the samples-per-frame fields)");
      }
      files.add(new SignalFile(e.getKey(), first.format(), first.byteOffset(), signals, offsets, spf, init, (int) total));
    }
    return files;
  }
}
