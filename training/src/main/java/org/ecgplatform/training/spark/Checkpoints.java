package org.ecgplatform.training.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.training.model.BeatModel;

/**
 * The checkpoint directory {@code <output>/checkpoints/}:
 *
 * <pre>
 * epoch-NNNN.zip   weights + updater state after epoch NNNN (only the latest is kept)
 * best.zip         weights + updater state of the best epoch so far
 * state.json       {@link RunState}, written last: it names a complete epoch-NNNN.zip
 * </pre>
 *
 * Every file is written under a temporary name and renamed, so a run killed mid-write leaves the
 * previous checkpoint intact.
 */
final class Checkpoints {
  static final String DIR = "checkpoints";
  static final String STATE = "state.json";
  static final String BEST = "best.zip";

  private final Path dir;
  private final Configuration conf;

  Checkpoints(String outputUri, Configuration conf) {
    this.dir = new Path(outputUri, DIR);
    this.conf = conf;
  }

  Optional<RunState> readState() {
    Path p = new Path(dir, STATE);
    if (!HadoopFiles.exists(p, conf)) {
      return Optional.empty();
    }
    return Optional.of(RunState.fromJson(HadoopFiles.readString(p, conf), p.toString()));
  }

  boolean exists() {
    return HadoopFiles.exists(new Path(dir, STATE), conf);
  }

  ComputationGraph restore(String file) {
    Path p = new Path(dir, file);
    return BeatModel.restore(HadoopFiles.readBytes(p, conf), true, p.toString());
  }

  void saveBest(ComputationGraph graph) {
    HadoopFiles.writeBytes(new Path(dir, BEST), BeatModel.graphBytes(graph, true), conf);
  }

  ComputationGraph restoreBest() {
    return restore(BEST);
  }

  /** Writes the epoch's weights, then the state naming them, then removes older epoch files. */
  void save(ComputationGraph graph, RunState state) {
    HadoopFiles.writeBytes(new Path(dir, state.checkpointFile()), BeatModel.graphBytes(graph, true), conf);
    HadoopFiles.writeString(new Path(dir, STATE), state.toJson(), conf);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (name.startsWith("epoch-") && name.endsWith(".zip") && !name.equals(state.checkpointFile())) {
          fs.delete(st.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prune old checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  static String fileFor(int epoch) {
    return String.format("epoch-%04d.zip", epoch);
  }
}
