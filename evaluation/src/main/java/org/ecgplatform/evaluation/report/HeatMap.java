package org.ecgplatform.evaluation.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Renders a confusion matrix as a PNG heat map with JFreeChart (headless). Cell colour is the
 * row-normalised fraction (share of the reference class's beats), so rare classes are as visible as
 * N; each cell shows the count and that percentage. Reference classes run down, predicted across.
 */
public final class HeatMap {
  public static final int WIDTH_PX = 640;
  public static final int HEIGHT_PX = 560;

  private HeatMap() {}

  public static byte[] png(ConfusionMatrix m, String title) {
    List<String> names = AamiClass.vocabulary();
    return png(m.toArray(), names, names, title, "Predicted class", "Reference class");
  }

  /**
   * A heat map of any count matrix, rows down and columns across, coloured by row share. A
   * negative count marks a cell that does not exist (bxb has no O/o cell, for example): it is left
   * blank and does not enter the row total.
   */
  public static byte[] png(long[][] a, List<String> rowNames, List<String> columnNames, String title, String columnAxis,
      String rowAxis) {
    System.setProperty("java.awt.headless", "true");
    int rows = rowNames.size();
    int cols = columnNames.size();
    double[] xs = new double[rows * cols];
    double[] ys = new double[rows * cols];
    double[] zs = new double[rows * cols];
    boolean[] blank = new boolean[rows * cols];
    DefaultXYZDataset data = new DefaultXYZDataset();
    int i = 0;
    for (int r = 0; r < rows; r++) {
      long row = 0;
      for (long c : a[r]) {
        row += Math.max(0, c);
      }
      for (int p = 0; p < cols; p++, i++) {
        xs[i] = p;
        ys[i] = r;
        blank[i] = a[r][p] < 0;
        zs[i] = row == 0 || blank[i] ? 0 : (double) a[r][p] / row;
      }
    }
    data.addSeries("confusion", new double[][] {xs, ys, zs});

    SymbolAxis predicted = new SymbolAxis(columnAxis, columnNames.toArray(new String[0]));
    SymbolAxis reference = new SymbolAxis(rowAxis, rowNames.toArray(new String[0]));
    reference.setInverted(true);
    predicted.setGridBandsVisible(false);
    reference.setGridBandsVisible(false);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(new BluePaintScale());
    XYPlot plot = new XYPlot(data, predicted, reference, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);

    Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    Font pctFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    for (int k = 0; k < zs.length; k++) {
      if (blank[k]) {
        continue;
      }
      Color ink = zs[k] > 0.55 ? Color.WHITE : Color.BLACK;
      int r = (int) ys[k];
      int p = (int) xs[k];
      XYTextAnnotation count = new XYTextAnnotation(Long.toString(a[r][p]), xs[k], ys[k] - 0.12);
      count.setFont(countFont);
      count.setPaint(ink);
      plot.addAnnotation(count);
      XYTextAnnotation pct =
          new XYTextAnnotation(String.format(Locale.ROOT, "%.1f%%", 100 * zs[k]), xs[k], ys[k] + 0.18);
      pct.setFont(pctFont);
      pct.setPaint(ink);
      plot.addAnnotation(pct);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH_PX, HEIGHT_PX);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render confusion matrix PNG", e);
    }
    return out.toByteArray();
  }

  /** White (0) to dark blue (1). */
  private static final class BluePaintScale implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double value) {
      double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
      int red = (int) Math.round(255 - v * (255 - 8));
      int green = (int) Math.round(255 - v * (255 - 48));
      int blue = (int) Math.round(255 - v * (255 - 107));
      return new Color(red, green, blue);
    }
  }
}
