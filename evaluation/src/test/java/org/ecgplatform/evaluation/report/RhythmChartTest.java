package org.ecgplatform.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ecgplatform.etl.beats.AamiClass;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;

class RhythmChartTest {
  private static final int V_RGB = 0xd62728;

  @Test
  void drawsTheTachogramAndTheHourlyCountsOfEveryClassPresent() throws IOException {
    // Three hours at 60 bpm; a V beat every 100th beat in the second hour only.
    int n = 3 * 3600;
    double[] times = new double[n];
    AamiClass[] classes = new AamiClass[n];
    for (int i = 0; i < n; i++) {
      times[i] = i;
      classes[i] = i >= 3600 && i < 7200 && i % 100 == 0 ? AamiClass.V : AamiClass.N;
    }
    BufferedImage withV = image(RhythmChart.png("three hours", times, classes));
    java.util.Arrays.fill(classes, AamiClass.N);
    BufferedImage withoutV = image(RhythmChart.png("three hours", times, classes));

    assertThat(withV.getWidth()).isEqualTo(RhythmChart.WIDTH_PX);
    assertThat(withV.getHeight()).isEqualTo(RhythmChart.HEIGHT_PX);
    // V's colour is in the legend of both; the V dots and the V count add to it only in the first.
    assertThat(pixels(withV, V_RGB)).isGreaterThan(pixels(withoutV, V_RGB) + 36 * 4);
  }

  @Test
  void aHolterDayIsDrawnWithBoundedDotsAndEveryEctopicBeatOfAShortRecordKept() {
    // 24 h at ~72 bpm with beat-to-beat variation: ~100,000 beats, a V beat every 500th.
    java.util.Random random = new java.util.Random(3);
    int n = 100_000;
    double[] times = new double[n];
    AamiClass[] classes = new AamiClass[n];
    for (int i = 1; i < n; i++) {
      times[i] = times[i - 1] + 0.83 + 0.05 * random.nextGaussian();
      classes[i] = i % 500 == 0 ? AamiClass.V : AamiClass.N;
    }
    classes[0] = AamiClass.N;
    Map<AamiClass, XYSeries> day = RhythmChart.tachogram(times, classes);
    int dots = day.values().stream().mapToInt(XYSeries::getItemCount).sum();
    assertThat(dots).isLessThan(n / 2);
    // The 199 V beats fall in distinct pixel columns: every one is drawn.
    assertThat(day.get(AamiClass.V).getItemCount()).isEqualTo((n - 1) / 500);

    // Thirty minutes at 60 bpm, one dot per pixel column at most per bpm: each beat its own dot.
    int m = 1000;
    double[] shortTimes = new double[m];
    AamiClass[] shortClasses = new AamiClass[m];
    for (int i = 0; i < m; i++) {
      shortTimes[i] = i * 1.0;
      shortClasses[i] = i % 10 == 0 ? AamiClass.S : AamiClass.N;
    }
    Map<AamiClass, XYSeries> half = RhythmChart.tachogram(shortTimes, shortClasses);
    assertThat(half.get(AamiClass.S).getItemCount()).isEqualTo(m / 10 - 1);
    assertThat(half.get(AamiClass.N).getItemCount()).isEqualTo(m - m / 10);
  }

  @Test
  void aRecordWithoutBeatsStillGetsAPicture() throws IOException {
    BufferedImage empty = image(RhythmChart.png("empty", new double[0], new AamiClass[0]));
    assertThat(empty.getWidth()).isEqualTo(RhythmChart.WIDTH_PX);
  }

  private static BufferedImage image(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  private static int pixels(BufferedImage image, int rgb) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        count += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
      }
    }
    return count;
  }
}
