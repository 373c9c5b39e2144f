package org.ecgplatform.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ecgplatform.evaluation.metrics.BeatClass.N;
import static org.ecgplatform.evaluation.metrics.BeatClass.O;
import static org.ecgplatform.evaluation.metrics.BeatClass.S;
import static org.ecgplatform.evaluation.metrics.BeatClass.V;
import static org.ecgplatform.evaluation.metrics.BeatClass.X;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.AnnotationCode;
import org.junit.jupiter.api.Test;

/** The pairing rules of bxb on hand-made annotation lists (the golden test checks real records). */
class BeatMatcherTest {
  private static final double FS = 360;
  private static final long LENGTH = 100_000;

  /** Annotations from "sample:mnemonic" or "sample:~:subtype". */
  static List<Annotation> anns(String... items) {
    List<Annotation> out = new ArrayList<>();
    for (String item : items) {
      String[] p = item.split(":");
      int code = AnnotationCode.ofMnemonic(p[1]).orElseThrow().code();
      int subtype = p.length > 2 ? Integer.parseInt(p[2]) : 0;
      out.add(new Annotation(Long.parseLong(p[0]), code, p[1], subtype, 0, 0, ""));
    }
    return out;
  }

  private static RecordComparison compare(List<Annotation> ref, List<Annotation> test) {
    return BeatMatcher.compare("t", ref, test, FS, LENGTH, MatchSettings.of(ClassMapping.BXB));
  }

  @Test
  void identicalBeatsMatchOneToOne() {
    RecordComparison c = compare(anns("100:N", "400:V", "700:A"), anns("100:N", "400:V", "700:A"));
    assertThat(c.matrix().count(N, N)).isEqualTo(1);
    assertThat(c.matrix().count(V, V)).isEqualTo(1);
    assertThat(c.matrix().count(S, S)).isEqualTo(1);
    assertThat(c.statistic(DetectionStatistic.QRS_SE)).isEqualTo(new Ratio(3, 3));
    assertThat(c.statistic(DetectionStatistic.QRS_PPV)).isEqualTo(new Ratio(3, 3));
  }

  @Test
  void theWindowIs150MillisecondsInclusive() {
    // 0.15 s at 360 Hz = 54 samples.
    RecordComparison in = compare(anns("1000:N", "2000:N"), anns("1054:N", "1946:N"));
    assertThat(in.matrix().count(N, N)).isEqualTo(2);
    RecordComparison out = compare(anns("1000:N", "2000:N"), anns("1055:N", "2000:N"));
    assertThat(out.matrix().count(N, N)).isEqualTo(1);
    assertThat(out.matrix().count(N, O)).as("missed reference beat").isEqualTo(1);
    assertThat(out.matrix().count(O, N)).as("extra test beat").isEqualTo(1);
    assertThat(out.statistic(DetectionStatistic.QRS_SE)).isEqualTo(new Ratio(1, 2));
  }

  @Test
  void closePairsMatchWhenTheNextBeatsMatchEachOtherBetter() {
    // bxb.c's example of 24 November 2002: window 37 samples, ref 96/160, test 128/185.
    double fs = 250;
    MatchSettings s = new MatchSettings(ClassMapping.BXB, 37 / fs, 0);
    RecordComparison c = BeatMatcher.compare("t", anns("96:N", "160:N"), anns("128:N", "185:N"), fs, 1000, s);
    assertThat(c.matrix().count(N, N)).isEqualTo(2);
    assertThat(c.matrix().count(N, O) + c.matrix().count(O, N)).isZero();
  }

  @Test
  void testBeatsInAReferenceShutdownPairWithX() {
    List<Annotation> ref = anns("1000:N", "2000:~:48", "5000:~:0", "6000:N");
    RecordComparison c = compare(ref, anns("1000:N", "3000:V", "6000:N"));
    assertThat(c.matrix().count(X, V)).isEqualTo(1);
    assertThat(c.matrix().count(O, V)).isZero();
    assertThat(c.statistic(DetectionStatistic.VEB_PPV)).isEqualTo(new Ratio(0, 1));
  }

  @Test
  void referenceBeatsInATestShutdownAreMissedAsXAndTheShutdownIsTimed() {
    // Test shutdown from 2000 to 5000 samples: 8.33 s, plus bxb's half second, truncated: 8 s.
    RecordComparison c = compare(anns("1000:N", "3000:N", "6000:N"), anns("1000:N", "2000:~:-1", "5000:~:0", "6000:N"));
    assertThat(c.matrix().count(N, X)).isEqualTo(1);
    assertThat(c.shutdownSeconds()).isEqualTo(8);
  }

  @Test
  void testBeatsDuringReferenceVentricularFlutterAreNotCounted() {
    List<Annotation> ref = anns("1000:N", "2000:[", "2500:!", "3000:!", "5000:]", "6000:N");
    RecordComparison c = compare(ref, anns("1000:N", "3000:V", "6000:N"));
    assertThat(c.matrix().count(N, N)).isEqualTo(2);
    assertThat(c.testBeats()).as("the V inside the flutter episode").isEqualTo(2);
  }

  @Test
  void aFlutterWaveOutsideAnEpisodeIsAnOBeat() {
    RecordComparison c = compare(anns("1000:N", "2000:!"), anns("1000:N", "2000:N"));
    assertThat(c.matrix().count(O, N)).as("reference ! read as O: a false positive").isEqualTo(1);
  }

  @Test
  void escapeBeatsAreSvebUnderBxbAndNormalUnderAami() {
    List<Annotation> ref = anns("1000:j", "2000:e", "3000:A");
    List<Annotation> test = anns("1000:N", "2000:N", "3000:A");
    RecordComparison bxb = BeatMatcher.compare("t", ref, test, FS, LENGTH, MatchSettings.of(ClassMapping.BXB));
    RecordComparison aami = BeatMatcher.compare("t", ref, test, FS, LENGTH, MatchSettings.of(ClassMapping.AAMI));
    assertThat(bxb.statistic(DetectionStatistic.SVEB_SE)).isEqualTo(new Ratio(1, 3));
    assertThat(aami.statistic(DetectionStatistic.SVEB_SE)).isEqualTo(new Ratio(1, 1));
    assertThat(aami.matrix().count(N, N)).isEqualTo(2);
  }

  @Test
  void rrErrorIsTheRmsOfIntervalDifferences() {
    // Reference RR 360, 360; test RR 370, 350: errors of 10 samples = 27.78 ms; the first beat has no RR.
    RecordComparison c = compare(anns("360:N", "720:N", "1080:N"), anns("360:N", "730:N", "1080:N"));
    assertThat(c.rrErrorCount()).isEqualTo(2);
    assertThat(c.rrErrorMs().getAsDouble()).isCloseTo(10 * 1000 / 360.0, within(1e-9));
    assertThat(compare(anns("360:N"), anns("360:N")).rrErrorMs()).isEmpty();
  }

  @Test
  void theComparisonStartsAtTheStartTime() {
    // From 1 s (360 samples): the reference beat at 100 is ignored, the test V at 390 matches the reference V at 400.
    MatchSettings s = new MatchSettings(ClassMapping.BXB, 0.15, 1.0);
    RecordComparison c = BeatMatcher.compare("t", anns("100:N", "400:V", "800:N"), anns("390:V", "800:N"), FS, LENGTH, s);
    assertThat(c.matrix().count(V, V)).isEqualTo(1);
    assertThat(c.matrix().count(N, N)).isEqualTo(1);
    assertThat(c.referenceBeats()).isEqualTo(2);
  }

  @Test
  void beatsAfterTheRecordEndAreNotCompared() {
    RecordComparison c = BeatMatcher.compare("t", anns("100:N", "900:N"), anns("100:N", "900:N"), FS, 500, MatchSettings.of(ClassMapping.BXB));
    assertThat(c.referenceBeats()).isEqualTo(1);
  }

  @Test
  void badTimingIsRefusedNamingTheRecord() {
    assertThatThrownBy(() -> BeatMatcher.compare("207", anns(), anns(), 0, 10, MatchSettings.of(ClassMapping.BXB)))
        .hasMessageContaining("record 207").hasMessageContaining("sampling frequency");
    assertThatThrownBy(() -> BeatMatcher.compare("207", anns(), anns(), FS, 10, new MatchSettings(ClassMapping.BXB, 0.15, 5)))
        .hasMessageContaining("record 207").hasMessageContaining("before the comparison's start");
  }
}
