package org.ecgplatform.training.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.training.model.EpochMetrics;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The human-readable training record: {@code training-metrics.csv} (one row per epoch) and
 * {@code training-curve.png} (training loss and validation macro-F1 per epoch, rendered headless).
 */
public final class TrainingReport {
  public static final String CSV_FILE = "training-metrics.csv";
  public static final String CURVE_FILE = "training-curve.png";

  private TrainingReport() {}

  /** CSV with a header; per-class columns are named {@code val_recall_<class>} and {@code val_precision_<class>}. */
  public static String csv(List<EpochMetrics> epochs, List<String> classes) {
    StringBuilder sb = new StringBuilder("epoch,train_loss,examples_fitted,seconds,examples_per_s,val_accuracy,val_macro_f1");
    for (String c : classes) {
      sb.append(",val_recall_").append(c);
    }
    for (String c : classes) {
      sb.append(",val_precision_").append(c);
    }
    sb.append('\n');
    for (EpochMetrics e : epochs) {
      sb.append(e.epoch()).append(',').append(num(e.trainLoss())).append(',').append(e.examplesFitted())
          .append(',').append(num(e.seconds())).append(',').append(num(e.examplesPerSecond()))
          .append(',').append(num(e.valAccuracy())).append(',').append(num(e.valMacroF1()));
      for (double v : e.valRecall()) {
        sb.append(',').append(num(v));
      }
      for (double v : e.valPrecision()) {
        sb.append(',').append(num(v));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** PNG bytes of the training curve (loss on the left axis, macro-F1 on the right). */
  public static byte[] curvePng(List<EpochMetrics> epochs, int widthPx, int heightPx) {
    System.setProperty("java.awt.headless", "true");
    XYSeries loss = new XYSeries("training loss");
    XYSeries f1 = new XYSeries("validation macro-F1");
    for (EpochMetrics e : epochs) {
      loss.add(e.epoch(), e.trainLoss());
      if (!Double.isNaN(e.valMacroF1())) {
        f1.add(e.epoch(), e.valMacroF1());
      }
    }
    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYPlot plot = new XYPlot(new XYSeriesCollection(loss), epochAxis, new NumberAxis("loss"),
        new XYLineAndShapeRenderer(true, true));
    NumberAxis f1Axis = new NumberAxis("macro-F1");
    f1Axis.setRange(0, 1);
    plot.setRangeAxis(1, f1Axis);
    plot.setDataset(1, new XYSeriesCollection(f1));
    plot.mapDatasetToRangeAxis(1, 1);
    plot.setRenderer(1, new XYLineAndShapeRenderer(true, true));
    JFreeChart chart = new JFreeChart("Training curve", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChartUtils.writeChartAsPNG(out, chart, widthPx, heightPx);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render training curve: " + e.getMessage(), e);
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }
}
