package org.ecgplatform.evaluation.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.ecgplatform.etl.beats.AamiClass;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A record's rhythm as one PNG (JFreeChart, headless), two panels over a shared time axis
 * (minutes):
 *
 * <ul>
 *   <li>the heart-rate tachogram: one dot per beat at its time and its instantaneous heart rate (60
 *       / the RR interval before it, bpm), coloured by its class (dots closer than a pixel column
 *       and a bpm drawn once, see {@link #tachogram}), so that ectopic beats (early:
 *       above the band of N beats) and runs stand out. The first beat has no RR interval and is
 *       left out; rates above {@value #MAX_BPM} bpm (a detection error or a split beat) are drawn
 *       at the top edge;
 *   <li>the beats of each class per clock hour of the record (hour 0 = its first 60 minutes), on a
 *       logarithmic axis so that a few V beats show beside thousands of N; an hour without a class's
 *       beat has no point for it. The same counts are in {@code summary-hourly.csv}.
 * </ul>
 *
 * Dots are small squares drawn without anti-aliasing (a 24-hour Holter has ~100,000 of them), N
 * first so that the other classes are drawn over them.
 */
public final class RhythmChart {
  public static final int WIDTH_PX = 1200;
  public static final int HEIGHT_PX = 600;
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
    Map<AamiClass, XYSeries> rate = tachogram(timesS, classes);
    NumberAxis bpmAxis = new NumberAxis("heart rate (bpm)");
    bpmAxis.setRange(0, MAX_BPM + 5);
    XYPlot tachogram = panel(rate, bpmAxis, new XYLineAndShapeRenderer(false, true), 2);

    int hours = timesS.length == 0 ? 1 : (int) (timesS[timesS.length - 1] / 3600) + 1;
    long[][] perHour = new long[AamiClass.values().length][hours];
    for (int i = 0; i < timesS.length; i++) {
      perHour[classes[i].ordinal()][(int) (timesS[i] / 3600)]++;
    }
    Map<AamiClass, XYSeries> counts = new EnumMap<>(AamiClass.class);
    for (AamiClass c : AamiClass.values()) {
      XYSeries series = new XYSeries(c.name() + " per hour", false, true);
      for (int h = 0; h < hours; h++) {
        if (perHour[c.ordinal()][h] > 0) {
          series.add(h * 60 + 30, perHour[c.ordinal()][h]);
        }
      }
      counts.put(c, series);
    }
    long most = 1;
    for (long[] c : perHour) {
      for (long v : c) {
        most = Math.max(most, v);
      }
    }
    // Decades from 1 to above the largest count: ticks at 1, 10, 100 ... whatever the counts.
    LogAxis countAxis = new LogAxis("beats per hour");
    countAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    countAxis.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    countAxis.setRange(0.5, Math.pow(10, Math.ceil(Math.log10(most * 1.5))));
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    XYPlot hourly = panel(counts, countAxis, lines, 6);
    hourly.getRenderer().setDefaultSeriesVisibleInLegend(false);

    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("time (min)"));
    plot.add(tachogram, 2);
    plot.add(hourly, 1);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(false);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH_PX, HEIGHT_PX);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(String.format(Locale.ROOT, "Cannot render the rhythm chart of %s", title), e);
    }
  }

  /**
   * The tachogram's dots per class: one per beat, but at most one per class, pixel column ({@value
   * #WIDTH_PX} across the record) and whole bpm, the first beat of each such cell. Dots that close
   * overlap in the picture anyway, and the chart's memory stays bounded whatever the record's length
   * (a 24-hour Holter has ~100,000 beats, a week ~700,000).
   */
  static Map<AamiClass, XYSeries> tachogram(double[] timesS, AamiClass[] classes) {
    Map<AamiClass, XYSeries> rate = new EnumMap<>(AamiClass.class);
    for (AamiClass c : AamiClass.values()) {
      rate.put(c, new XYSeries(c.name() + " (" + c.description() + ")", false, true));
    }
    double span = timesS.length == 0 ? 1 : Math.max(timesS[timesS.length - 1], 1e-9);
    int rows = (int) MAX_BPM + 1;
    BitSet[] drawn = new BitSet[AamiClass.values().length];
    for (int i = 1; i < timesS.length; i++) {
      double rr = timesS[i] - timesS[i - 1];
      double bpm = rr > 0 ? Math.min(MAX_BPM, 60 / rr) : MAX_BPM;
      int column = Math.min(WIDTH_PX - 1, (int) (timesS[i] / span * WIDTH_PX));
      int cell = column * rows + (int) bpm;
      int c = classes[i].ordinal();
      if (drawn[c] == null) {
        drawn[c] = new BitSet(WIDTH_PX * rows);
      }
      if (!drawn[c].get(cell)) {
        drawn[c].set(cell);
        rate.get(classes[i]).add(timesS[i] / 60, bpm);
      }
    }
    return rate;
  }

  /** One panel: a series per class, in the class colours, with square marks of {@code markPx}. */
  private static XYPlot panel(Map<AamiClass, XYSeries> series, org.jfree.chart.axis.ValueAxis range,
      XYLineAndShapeRenderer renderer, double markPx) {
    XYSeriesCollection data = new XYSeriesCollection();
    int k = 0;
    for (AamiClass c : AamiClass.values()) {
      data.addSeries(series.get(c));
      renderer.setSeriesPaint(k, COLOURS.get(c));
      renderer.setSeriesShape(k, new Rectangle2D.Double(-markPx / 2, -markPx / 2, markPx, markPx));
      k++;
    }
    XYPlot plot = new XYPlot(data, null, range, renderer);
    // N first, so that the ectopic classes are drawn over the dense band of N beats.
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
