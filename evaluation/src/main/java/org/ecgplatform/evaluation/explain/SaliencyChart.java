package org.ecgplatform.evaluation.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.Saliency;
import org.ecgplatform.training.model.SaliencyMethod;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One explained beat as a PNG (JFreeChart, headless), for a cardiologist to judge:
 *
 * <ul>
 *   <li>top: the ECG lead in mV against time from the beat's fiducial point, the beat in black, the
 *       record's template beat (the model's template channel) in grey, the previous and next beats'
 *       windows in light blue at their own times; markers at the previous and next beats with the
 *       RR intervals the model was given;
 *   <li>under it, on the same time axis, the saliency of the lead's samples as a shaded band:
 *       integrated gradients in red (evidence for the predicted class) and blue (against), or the
 *       gradient's magnitude in red; a thin orange line for the template channel's;
 *   <li>bottom left: the RR inputs' saliency, each with its value;
 *   <li>bottom right, beat-sequence model only: each beat of the sequence the model classified the
 *       beat in, with its share (integrated gradients: its attribution in nats, window and RR
 *       together), the explained beat in purple.
 * </ul>
 *
 * The title names the record, the time (hh:mm:ss.SSS), the reference symbol and class, and the
 * predicted class with its probability.
 */
public final class SaliencyChart {
  public static final int WIDTH_PX = 1100;
  public static final int TOP_PX = 520;
  public static final int BOTTOM_PX = 280;
  /** Neighbouring beats are drawn at most this far from the explained one, seconds. */
  static final double MAX_REACH_S = 2.5;

  private static final Color FOR = new Color(214, 39, 40);
  private static final Color AGAINST = new Color(31, 119, 180);
  private static final Color NEIGHBOUR = new Color(120, 160, 210);
  private static final Color TEMPLATE = new Color(140, 140, 140);
  private static final Color TEMPLATE_SALIENCY = new Color(230, 120, 20, 150);
  private static final Color TARGET = new Color(118, 42, 131);

  private SaliencyChart() {}

  /** The PNG of {@code e}, for a model with {@code metadata}. */
  public static byte[] png(Explanation e, ModelMetadata metadata) {
    System.setProperty("java.awt.headless", "true");
    Channels ch = Channels.of(metadata);
    boolean sequence = e.saliency().beats() > 1;
    BufferedImage image = new BufferedImage(WIDTH_PX, TOP_PX + BOTTOM_PX, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(Color.WHITE);
      g.fillRect(0, 0, WIDTH_PX, TOP_PX + BOTTOM_PX);
      signal(e, metadata, ch).draw(g, new Rectangle2D.Double(0, 0, WIDTH_PX, TOP_PX));
      int rrWidth = sequence ? WIDTH_PX * 2 / 5 : WIDTH_PX;
      rrInputs(e, metadata).draw(g, new Rectangle2D.Double(0, TOP_PX, rrWidth, BOTTOM_PX));
      if (sequence) {
        beats(e).draw(g, new Rectangle2D.Double(rrWidth, TOP_PX, WIDTH_PX - rrWidth, BOTTOM_PX));
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot render saliency PNG of " + e.error().where(), ex);
    }
    return out.toByteArray();
  }

  /** Which channel of the window is the ECG lead drawn, and which (if any) its record template. */
  record Channels(int lead, int template, String leadName) {
    static Channels of(ModelMetadata m) {
      List<String> names = m.leadNames();
      int lead = 0;
      for (int c = 0; c < names.size(); c++) {
        if (!DatasetSchema.isTemplateChannel(names.get(c))) {
          lead = c;
          break;
        }
      }
      String name = names.size() > lead ? names.get(lead) : "lead " + lead;
      int template = names.indexOf(DatasetSchema.templateChannel(name));
      return new Channels(lead, template, name);
    }
  }

  private static JFreeChart signal(Explanation e, ModelMetadata m, Channels ch) {
    int w = m.windowSamples();
    double fs = m.fsHz();
    BeatContext c = e.context();
    RecordBeat beat = c.beat();
    XYSeriesCollection signals = new XYSeriesCollection();
    signals.addSeries(trace(ch.leadName() + ", this beat", beat.window(), ch.lead(), w, m.samplesBefore(), fs, 0));
    if (ch.template() >= 0) {
      signals.addSeries(trace("record template", beat.window(), ch.template(), w, m.samplesBefore(), fs, 0));
    }
    int neighbours = 0;
    for (RecordBeat n : new RecordBeat[] {c.previous(), c.next()}) {
      double dt = n == null ? Double.NaN : n.timeS() - beat.timeS();
      if (n != null && Math.abs(dt) <= MAX_REACH_S) {
        signals.addSeries(trace(dt < 0 ? "previous beat" : "next beat", n.window(), ch.lead(), w, m.samplesBefore(), fs, dt));
        neighbours++;
      }
    }
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    lines.setSeriesPaint(0, Color.BLACK);
    lines.setSeriesStroke(0, new BasicStroke(1.8f));
    int s = 1;
    if (ch.template() >= 0) {
      lines.setSeriesPaint(s, TEMPLATE);
      lines.setSeriesStroke(s, new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      s++;
    }
    for (int k = 0; k < neighbours; k++, s++) {
      lines.setSeriesPaint(s, NEIGHBOUR);
      lines.setSeriesStroke(s, new BasicStroke(1.2f));
    }

    Saliency sal = e.saliency();
    boolean integrated = sal.method() == SaliencyMethod.INTEGRATED_GRADIENTS;
    XYSeriesCollection shade = new XYSeriesCollection();
    float[] lead = sal.window()[ch.lead()];
    XYSeries pos = new XYSeries(integrated ? "attribution for " + AamiClass.ofIndex(sal.predictedClass()) : "|gradient|", false, true);
    XYSeries neg = new XYSeries("attribution against", false, true);
    double peak = 1e-12;
    for (int i = 0; i < w; i++) {
      double x = (i - m.samplesBefore()) / fs;
      double v = integrated ? lead[i] : Math.abs(lead[i]);
      pos.add(x, Math.max(0, v));
      neg.add(x, Math.min(0, v));
      peak = Math.max(peak, Math.abs(v));
    }
    shade.addSeries(pos);
    if (integrated) {
      shade.addSeries(neg);
    }
    XYAreaRenderer area = new XYAreaRenderer(XYAreaRenderer.AREA);
    area.setSeriesPaint(0, new Color(FOR.getRed(), FOR.getGreen(), FOR.getBlue(), 110));
    area.setSeriesPaint(1, new Color(AGAINST.getRed(), AGAINST.getGreen(), AGAINST.getBlue(), 110));
    XYSeriesCollection templateShade = new XYSeriesCollection();
    if (ch.template() >= 0) {
      XYSeries t = new XYSeries("template channel's " + (integrated ? "attribution" : "|gradient|"), false, true);
      float[] tv = sal.window()[ch.template()];
      for (int i = 0; i < w; i++) {
        double v = integrated ? tv[i] : Math.abs(tv[i]);
        t.add((i - m.samplesBefore()) / fs, v);
        peak = Math.max(peak, Math.abs(v));
      }
      templateShade.addSeries(t);
    }

    NumberAxis time = new NumberAxis("time from this beat (s)");
    time.setRange(domain(c, m));
    NumberAxis mv = new NumberAxis("mV");
    mv.setAutoRangeIncludesZero(false);
    XYPlot ecg = new XYPlot(signals, null, mv, lines);
    style(ecg);
    markers(ecg, c, true);

    NumberAxis salAxis = new NumberAxis(integrated ? "attribution (nats)" : "|∂ log p / ∂x| per mV");
    salAxis.setRange(integrated ? -1.1 * peak : 0, 1.1 * peak);
    XYPlot band = new XYPlot(shade, null, salAxis, area);
    if (ch.template() >= 0) {
      XYLineAndShapeRenderer tl = new XYLineAndShapeRenderer(true, false);
      tl.setSeriesPaint(0, TEMPLATE_SALIENCY);
      tl.setSeriesStroke(0, new BasicStroke(0.8f));
      band.setDataset(1, templateShade);
      band.setRenderer(1, tl);
    }
    band.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
    style(band);
    markers(band, c, false);

    // The saliency under the ECG, on the same time axis.
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(6);
    plot.add(ecg, 3);
    plot.add(band, 2);
    JFreeChart chart = new JFreeChart(title(e), new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
    chart.addSubtitle(new TextTitle(subtitle(e, m), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYSeries trace(String name, float[] window, int channel, int w, int before, double fs, double offsetS) {
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < w; i++) {
      s.add(offsetS + (i - before) / fs, window[channel * w + i]);
    }
    return s;
  }

  /** The window, widened to the previous and next beats (and their RR markers), at most {@link #MAX_REACH_S} away. */
  private static org.jfree.data.Range domain(BeatContext c, ModelMetadata m) {
    double lo = -m.samplesBefore() / (double) m.fsHz();
    double hi = m.samplesAfter() / (double) m.fsHz();
    double windowLo = lo;
    double windowHi = hi;
    RecordBeat b = c.beat();
    for (RecordBeat n : new RecordBeat[] {c.previous(), c.next()}) {
      if (n != null) {
        double dt = n.timeS() - b.timeS();
        if (Math.abs(dt) <= MAX_REACH_S) {
          lo = Math.min(lo, dt + windowLo);
          hi = Math.max(hi, dt + windowHi);
        }
      }
    }
    float[] rr = b.rr();
    if (rr.length > 1) {
      if (Float.isFinite(rr[0]) && rr[0] <= MAX_REACH_S) {
        lo = Math.min(lo, -rr[0] - 0.05);
      }
      if (Float.isFinite(rr[1]) && rr[1] <= MAX_REACH_S) {
        hi = Math.max(hi, rr[1] + 0.05);
      }
    }
    return new org.jfree.data.Range(lo, hi);
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(225, 225, 225));
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
  }

  /**
   * This beat at 0; the previous and next beats where the RR intervals the model saw put them;
   * labelled when {@code labels}.
   */
  private static void markers(XYPlot plot, BeatContext c, boolean labels) {
    RecordBeat b = c.beat();
    plot.addDomainMarker(marker(0, labels ? "this beat " + symbol(b) : null));
    float[] rr = b.rr();
    if (rr.length > 1) {
      addRrMarker(plot, -rr[0], labels ? "previous " + neighbourSymbol(c.previous(), b, -rr[0]) + " RR " + seconds(rr[0]) : null);
      addRrMarker(plot, rr[1], labels ? "next " + neighbourSymbol(c.next(), b, rr[1]) + " RR " + seconds(rr[1]) : null);
    }
  }

  private static void addRrMarker(XYPlot plot, double at, String label) {
    if (Double.isFinite(at) && Math.abs(at) <= MAX_REACH_S) {
      plot.addDomainMarker(marker(at, label));
    }
  }

  private static ValueMarker marker(double at, String label) {
    ValueMarker v = new ValueMarker(at, new Color(90, 90, 90),
        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
    if (label != null) {
      v.setLabel(label);
      v.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      v.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      v.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    }
    return v;
  }

  /** The dataset neighbour's symbol when it is where the RR interval says (within 20 ms), else "beat". */
  private static String neighbourSymbol(RecordBeat n, RecordBeat b, double dt) {
    if (n != null && Math.abs((n.timeS() - b.timeS()) - dt) <= 0.02) {
      return symbol(n);
    }
    return "beat";
  }

  private static String symbol(RecordBeat b) {
    return b.symbol().isEmpty() ? "?" : b.symbol();
  }

  static String title(Explanation e) {
    ErrorBeat err = e.error();
    Saliency s = e.saliency();
    return String.format(Locale.ROOT, "%s at %s: reference %s (%s), predicted %s (p = %.2f)", err.recordKey(),
        ClockTime.format(err.timeS()), symbol(e.context().beat()), err.reference(), AamiClass.ofIndex(s.predictedClass()),
        s.probabilities()[s.predictedClass()]);
  }

  private static String subtitle(Explanation e, ModelMetadata m) {
    Saliency s = e.saliency();
    String cls = AamiClass.ofIndex(s.predictedClass()).name();
    StringBuilder t = new StringBuilder(Explainer.probabilities(s.probabilities())).append("   |   ");
    if (s.method() == SaliencyMethod.INTEGRATED_GRADIENTS) {
      t.append(String.format(Locale.ROOT, "integrated gradients of log p(%s): red for %s, blue against; this window %+.2f, "
          + "its RR %+.2f nats", cls, cls, s.beatWindow()[s.target()], s.beatRr()[s.target()]));
    } else {
      t.append("gradient of log p(").append(cls).append("): shaded |∂ log p / ∂x| per mV");
    }
    if (s.beats() > 1) {
      t.append(String.format(Locale.ROOT, "; beat %d of %d in its sequence, neighbours' share %.0f%%", s.target() + 1, s.beats(),
          100 * s.neighbourShare()));
    }
    return t.toString();
  }

  private static JFreeChart rrInputs(Explanation e, ModelMetadata m) {
    Saliency s = e.saliency();
    float[] values = m.normalizer().encodeRr(e.context().beat().window(), e.context().beat().rr());
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int f = 0; f < s.rr().length; f++) {
      String name = s.rrFeatures().get(f);
      String value = f < values.length ? String.format(Locale.ROOT, "%.3f", values[f]) : "?";
      data.addValue(s.rr()[f], "saliency", name + " = " + value);
    }
    String axis = s.method() == SaliencyMethod.INTEGRATED_GRADIENTS ? "attribution (nats)" : "∂ log p / ∂z (per training SD)";
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(null), new NumberAxis(axis), new SignRenderer(-1));
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    JFreeChart chart = new JFreeChart("RR inputs of this beat", new Font(Font.SANS_SERIF, Font.BOLD, 12), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static JFreeChart beats(Explanation e) {
    Saliency s = e.saliency();
    boolean integrated = s.method() == SaliencyMethod.INTEGRATED_GRADIENTS;
    float[] values = integrated ? s.beatTotal() : s.beatShare();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<RecordBeat> seq = e.context().sequence();
    for (int b = 0; b < values.length; b++) {
      int offset = b - s.target();
      data.addValue(values[b], "beats", (offset > 0 ? "+" : "") + offset + " " + symbol(seq.get(b)));
    }
    String axis = integrated ? "attribution, window + RR (nats)" : "share of |gradient|";
    CategoryAxis beatsAxis = new CategoryAxis("beat, from this one");
    beatsAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, values.length > 24 ? 8 : 10));
    beatsAxis.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    CategoryPlot plot = new CategoryPlot(data, beatsAxis, new NumberAxis(axis), new SignRenderer(s.target()));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    JFreeChart chart = new JFreeChart("The beats the model saw with it", new Font(Font.SANS_SERIF, Font.BOLD, 12), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static String seconds(float s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  /** Bars red when positive, blue when negative; the bar of column {@code highlight} purple. */
  private static final class SignRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final int highlight;

    SignRenderer(int highlight) {
      this.highlight = highlight;
      setBarPainter(new StandardBarPainter());
      setShadowVisible(false);
      setMaximumBarWidth(0.08);
    }

    @Override
    public Paint getItemPaint(int row, int column) {
      if (column == highlight) {
        return TARGET;
      }
      Number v = getPlot().getDataset().getValue(row, column);
      return v != null && v.doubleValue() < 0 ? AGAINST : FOR;
    }
  }
}
