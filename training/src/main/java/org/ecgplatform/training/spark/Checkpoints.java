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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checkpoint directory {@code <output>/checkpoints/}:
 *
 * <pre>
 * epoch-NNNN.zip   weights + updater state after epoch NNNN (only the latest is kept)
 * best.zip         weights + updater state of the best epoch so far (the averaged weights with
 *                  training.weight-average-half-life)
 * average-NNNN.bin the running mean of the weights after epoch NNNN ({@link WeightAverage}; only
 *                  with training.weight-average-half-life, only the latest is kept)
 * state.json       {@link RunState}, written last: it names a complete epoch-NNNN.zip (and
 *                  average-NNNN.bin)
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

  /** The running weight mean a state names ({@link RunState#averageFile()}). */
  INDArray restoreAverage(String file) {
    return WeightAverage.read(HadoopFiles.readBytes(new Path(dir, file), conf));
  }

  /**
   * Writes the epoch's weights (and the weight mean, when {@code state} names a file for it), then
   * the state naming them, then removes older epoch files.
   */
  void save(ComputationGraph graph, INDArray average, RunState state) {
    HadoopFiles.writeBytes(new Path(dir, state.checkpointFile()), BeatModel.graphBytes(graph, true), conf);
    if (state.averageFile() != null) {
      HadoopFiles.writeBytes(new Path(dir, state.averageFile()), WeightAverage.bytes(average), conf);
    }
    HadoopFiles.writeString(new Path(dir, STATE), state.toJson(), conf);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        boolean old = name.startsWith("epoch-") && name.endsWith(".zip") && !name.equals(state.checkpointFile())
            || name.startsWith("average-") && name.endsWith(".bin") && !name.equals(state.averageFile());
        if (old) {
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

  static String averageFileFor(int epoch) {
    return String.format("average-%04d.bin", epoch);
  }
}
