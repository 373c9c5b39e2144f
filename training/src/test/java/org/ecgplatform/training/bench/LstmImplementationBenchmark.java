package org.ecgplatform.training.bench;

import java.io.IOException;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgplatform.training.model.BeatNetwork;
import org.ecgplatform.training.model.LstmImplementation;
import org.ecgplatform.training.model.NetworkConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One lever on its own: the reference network ({@link BeatNetwork}, 1 lead x 256 samples, batch
 * 128, Adam) with DL4J's LSTM and with the fused one, on the same in-memory tensors, in one JVM,
 * interleaved rounds so that both see the same machine load. Prints training and inference
 * examples/s per implementation and round; writes {@code training/target/bench/lstm-implementation.txt}.
 * Not a test. Run with {@code OMP_NUM_THREADS=1}:
 *
 * <pre>
 * java -cp ... org.ecgplatform.training.bench.LstmImplementationBenchmark [batches per round] [rounds] [batch]
 * </pre>
 */
public final class LstmImplementationBenchmark {
  private LstmImplementationBenchmark() {}

  public static void main(String[] args) throws IOException {
    int batches = BenchReport.intArg(args, 0, 40);
    int rounds = BenchReport.intArg(args, 1, 3);
    int batch = BenchReport.intArg(args, 2, 128);
    BenchReport report = new BenchReport();
    report.line("LstmImplementationBenchmark: reference network 1 x 256, batch %d, %d batches per round, %d rounds;"
        + " OMP_NUM_THREADS=%s; load average %.1f", batch, batches, rounds, System.getenv("OMP_NUM_THREADS"),
        BenchReport.load());
    Nd4j.getRandom().setSeed(1);
    MultiDataSet[] data = new MultiDataSet[8];
    for (int i = 0; i < data.length; i++) {
      INDArray wave = Nd4j.randn(DataType.FLOAT, batch, 1, 256);
      INDArray rr = Nd4j.randn(DataType.FLOAT, batch, 4);
      INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 5);
      for (int j = 0; j < batch; j++) {
        labels.putScalar(j, (i + j) % 5, 1);
      }
      data[i] = new MultiDataSet(new INDArray[] {wave, rr}, new INDArray[] {labels});
    }
    INDArray inferWave = Nd4j.randn(DataType.FLOAT, 512, 1, 256);
    INDArray inferRr = Nd4j.randn(DataType.FLOAT, 512, 4);
    LstmImplementation[] kinds = LstmImplementation.values();
    ComputationGraph[] graphs = new ComputationGraph[kinds.length];
    for (int k = 0; k < kinds.length; k++) {
      graphs[k] = BeatNetwork.build(NetworkConfig.reference(1, 256, 5, 1e-3, 42).withLstm(kinds[k]), null);
      for (int w = 0; w < 3; w++) {
        graphs[k].fit(data[w]);
        graphs[k].output(false, inferWave, inferRr);
      }
    }
    for (int r = 1; r <= rounds; r++) {
      for (int k = 0; k < kinds.length; k++) {
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
          graphs[k].fit(data[b % data.length]);
        }
        double train = (double) batches * batch / ((System.nanoTime() - t0) / 1e9);
        int inferCalls = Math.max(1, batches / 4);
        long t1 = System.nanoTime();
        for (int b = 0; b < inferCalls; b++) {
          graphs[k].output(false, inferWave, inferRr);
        }
        double infer = inferCalls * 512.0 / ((System.nanoTime() - t1) / 1e9);
        report.line("round %d %-5s train %6.0f examples/s  infer (batch 512) %6.0f examples/s  load %.1f",
            r, kinds[k].name().toLowerCase(Locale.ROOT), train, infer, BenchReport.load());
      }
    }
    report.write("lstm-implementation.txt");
  }
}
