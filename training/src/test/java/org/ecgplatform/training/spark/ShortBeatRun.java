package org.ecgplatform.training.spark;

import org.ecgplatform.training.config.TrainConfig;

/** The short per-beat training run that tests of one training setting share (local[2], 2 epochs). */
final class ShortBeatRun {
  private ShortBeatRun() {}

  /**
   * @param setting the setting under test, as a line of {@code training { }} (e.g. {@code record-balance = 0.5})
   * @param maxThisRun epochs this invocation may run (0: all)
   * @param resume whether to continue the run in {@code output}
   */
  static TrainConfig config(String dataset, String output, String setting, int maxThisRun, boolean resume) {
    return TrainConfig.of("""
        training {
          dataset = "%s"
          output = "%s"
          %s
          epochs = 2
          max-epochs-this-run = %d
          resume = %s
          early-stopping-patience = 0
          learning-rate = 0.005
          model = beat
          spark { workers = 2, batch-size-per-worker = 32, averaging-frequency = 2 }
        }
        """.formatted(dataset, output, setting, maxThisRun, resume));
  }
}
