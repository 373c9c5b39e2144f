package org.ecgplatform.etl.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrossBeatMatcherTest {
  private static final int N = 1;
  private static final int VFON = 32;
  private static final int VFOFF = 33;
  private static final int FLWAV = 31;
  private static final int RHYTHM = 28;

  private static List<Annotation> annotations(long[] samples, int... codes) {
    List<Annotation> out = new ArrayList<>();
    for (int k = 0; k < samples.length; k++) {
      out.add(Annotation.of(samples[k], codes.length == 0 ? N : codes[k]));
    }
    return out;
  }

  @Test
  void matchesWithinTheWindowAndCountsTheRest() {
    // 360 Hz: window 54 samples.
    List<Annotation> ref = annotations(new long[] {1000, 2000, 3000, 4000});
    GrossBeatMatcher.Result r = GrossBeatMatcher.match(ref, new long[] {1054, 1500, 2055, 3990}, 360);
    assertThat(r.truePositives()).isEqualTo(2);
    assertThat(r.missed()).containsExactly(2000, 3000);
    assertThat(r.extra()).containsExactly(1500, 2055);
    assertThat(r.offsets()).containsExactly(54, -10);
    assertThat(r.sensitivity()).isEqualTo(50.0);
    assertThat(r.positivePredictivity()).isEqualTo(50.0);
  }

  @Test
  void ignoresNonBeatAnnotations() {
    List<Annotation> ref = annotations(new long[] {10, 1000, 1500}, RHYTHM, N, 14);
    GrossBeatMatcher.Result r = GrossBeatMatcher.match(ref, new long[] {1003}, 360);
    assertThat(r.truePositives()).isEqualTo(1);
    assertThat(r.falseNegatives()).isZero();
    assertThat(r.falsePositives()).isZero();
  }

  /** The example in bxb.c's comment on its 2002 amendment: window 37, refs 96 and 160, tests 128 and 185. */
  @Test
  void pairsAsBxbsAmendmentDoes() {
    double fs = 37 / 0.15;
    List<Annotation> ref = annotations(new long[] {96, 160});
    GrossBeatMatcher.Result r = GrossBeatMatcher.match(ref, new long[] {128, 185}, fs);
    assertThat(r.truePositives()).isEqualTo(2);
    assertThat(r.offsets()).containsExactly(32, 25);
  }

  @Test
  void skipsFlutterEpisodes() {
    List<Annotation> ref = annotations(new long[] {1000, 2000, 2100, 2200, 3000, 4000},
        N, VFON, FLWAV, FLWAV, VFOFF, N);
    // Detections inside the episode are not false positives; the flutter waves are not beats.
    GrossBeatMatcher.Result r = GrossBeatMatcher.match(ref, new long[] {1000, 2100, 2500, 3500, 4000}, 360);
    assertThat(r.truePositives()).isEqualTo(2);
    assertThat(r.falseNegatives()).isZero();
    assertThat(r.extra()).containsExactly(3500);
  }

  /**
   * Golden values: the QRS sensitivity and positive predictivity counts that PhysioNet's bxb 10.7
   * prints for perturbed copies of eight MIT-BIH reference files ({@code bxb -r REC -a atr tst -f 0}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"100", "105", "119", "201", "207", "208", "222", "232"})
  void reproducesBxbQrsCounts(String record) throws IOException {
    Path golden = TestData.require("bxb-reference");
    Path mitdb = TestData.require("mitdb");
    List<Annotation> ref = Annotations.read(new LocalWfdbStorage(mitdb), record, "atr");
    long[] test = Annotations.read(new LocalWfdbStorage(golden), record, "tst").stream()
        .filter(Annotation::isBeat).mapToLong(Annotation::sample).toArray();
    String report = Files.readString(golden.resolve("expected/" + record + ".bxb.txt"));

    GrossBeatMatcher.Result r = GrossBeatMatcher.match(ref, test, 360);

    long[] se = counts(report, "QRS sensitivity");
    long[] pp = counts(report, "QRS positive predictivity");
    assertThat(r.truePositives()).as("QTP").isEqualTo(se[0]).isEqualTo(pp[0]);
    assertThat(r.truePositives() + r.falseNegatives()).as("QTP + QFN").isEqualTo(se[1]);
    assertThat(r.truePositives() + r.falsePositives()).as("QTP + QFP").isEqualTo(pp[1]);
  }

  private static long[] counts(String report, String label) {
    Matcher m = Pattern.compile(label + ":\\s+[0-9.]+% \\((\\d+)/(\\d+)\\)").matcher(report);
    assertThat(m.find()).as(label + " in the bxb report").isTrue();
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }
}
