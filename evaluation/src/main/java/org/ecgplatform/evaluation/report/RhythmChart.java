package org.ecgplatform.evaluation.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.ecgplatform.etl.beats.AamiClass;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A record's heart-rate tachogram as a PNG (JFreeChart, headless): one dot per beat at its time
 * (minutes) and its instantaneous heart rate (60 / the RR interval before it, bpm), coloured by
 * its class, so that ectopic beats (early: above the band of N beats) and runs stand out. The first
 * beat has no RR interval and is left out; rates above {@value #MAX_BPM} bpm (a detection error or
 * a split beat) are drawn at the top edge.
 */
public final class RhythmChart {
  public static final int WIDTH_PX = 1200;
  public static final int HEIGHT_PX = 400;
  static final double MAX_BPM = 250;

  private static final Map<AamiClass, Paint> COLOURS = new EnumMap<>(Map.of(
      AamiClass.N, new Color(0x60, 0x60, 0x60),
      AamiClass.S, new Color(0x1f, 0x77, 0xb4),
      AamiClass.V, new Color(0xd6, 0x27, 0x28),
      AamiClass.F, new Color(0xff, 0x7f, 0x0e),
      AamiClass.Q, new Color(0x94, 0x67, 0xbd)));

  private RhythmChart() {}

  /**
   * @param timesS beat times from the record start, s, ascending
   * @param classes each beat's class
   */
  public static byte[] png(String title, double[] timesS, AamiClass[] classes) {
    System.setProperty("java.awt.headless", "true");
    Map<AamiClass, XYSeries> series = new EnumMap<>(AamiClass.class);
    for (AamiClass c : AamiClass.values()) {
      series.put(c, new XYSeries(c.name() + " (" + c.description() + ")", false, true));
    }
    for (int i = 1; i < timesS.length; i++) {
      double rr = timesS[i] - timesS[i - 1];
      double bpm = rr > 0 ? Math.min(MAX_BPM, 60 / rr) : MAX_BPM;
      series.get(classes[i]).add(timesS[i] / 60, bpm);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    int k = 0;
    for (AamiClass c : AamiClass.values()) {
      data.addSeries(series.get(c));
      renderer.setSeriesPaint(k, COLOURS.get(c));
      renderer.setSeriesShape(k, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
      k++;
    }
    NumberAxis x = new NumberAxis("time (min)");
    NumberAxis y = new NumberAxis("heart rate (bpm)");
    y.setRange(0, MAX_BPM + 5);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH_PX, HEIGHT_PX);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(String.format(Locale.ROOT, "Cannot render the tachogram of %s", title), e);
    }
  }
}
