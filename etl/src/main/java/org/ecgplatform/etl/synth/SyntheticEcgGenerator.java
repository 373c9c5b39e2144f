package org.ecgplatform.etl.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ecgplatform.etl.wfdb.SignalFormat;
import org.ecgplatform.etl.synth.BeatSchedule.ScheduledBeat;

/**
 * Generates labelled synthetic ECG records with the dynamical model of McSharry et al. (IEEE TBME
 * 50(3), 2003).
 *
 * <p>Walkthrough of {@link #generate(int)}:
 *
 * <ol>
 *   <li><b>Patient.</b> Each record is one patient, whose {@link PatientTraits} are drawn around
 *       the configured values (heart rate and its variability, QRS width and axis, lead gains,
 *       the shape of the V and A beats, noise, wander, the kind and amount of ectopy), as far
 *       apart as {@code synth.patient-spread} says; the steps below use the patient's values.
 *   <li><b>Rhythm.</b> A {@link RrTachogram} with the paper's LF/HF spectrum gives the sinus RR
 *       intervals (mean {@code 60 / meanHrBpm}, standard deviation from {@code hrStdBpm}); a
 *       {@link BeatSchedule} places N, V, A, F beats on it with the timing of the
 *       {@link BeatType} table (premature V with full compensatory pause, alone or in runs,
 *       premature A that resets the sinus node, on-time F).
 *   <li><b>Waveform.</b> {@link EcgsynModel} integrates the limit-cycle ODEs with RK4; each beat
 *       has its type's {@link Morphology} in this patient; the result is the clean signal, in
 *       mV, per lead.
 *   <li><b>Annotations.</b> Each beat is annotated at the sample of largest |clean lead 1| within
 *       ±{@value #QRS_SEARCH_S} s of its scheduled R time: the R peak for N, A and F beats, the
 *       main QRS deflection for V beats. Beats whose search window does not fit in the record are
 *       not annotated.
 *   <li><b>Artefacts.</b> Baseline wander {@code A · sin(2π f_resp t + φ)} (the paper's
 *       respiratory baseline, here added outside the ODE) and white Gaussian noise whose variance
 *       is the clean lead's variance divided by {@code 10^(snrDb / 10)}, with the patient's
 *       {@code A} and {@code snrDb}.
 *   <li><b>Digitisation.</b> {@code round(mV · gain)}, clipped to the format's valid range (the
 *       lowest code of formats 212 and 16 is WFDB's invalid-sample marker and is never written).
 * </ol>
 *
 * Record {@code i} depends only on the config and {@code i} (see {@link Seeds}). Instances are
 * immutable and thread-safe.
 */
public final class SyntheticEcgGenerator {
  /** Half-width of the window in which a beat's annotation is placed, seconds. */
  public static final double QRS_SEARCH_S = 0.05;
  /** Lead descriptions written to the header: the leads the morphology imitates, so lead selection treats them like MIT-BIH records. */
  static final List<String> LEAD_NAMES = List.of("MLII", "V1");

  private final SynthConfig config;

  public SyntheticEcgGenerator(SynthConfig config) {
    this.config = config;
  }

  public SynthConfig config() {
    return config;
  }

  /** WFDB name of record {@code index}: "s" and the index, zero-padded to at least 4 digits. */
  public static String recordName(int index) {
    return String.format("s%04d", index);
  }

  /** Generates record {@code index} (0-based). */
  public SynthRecord generate(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("Cannot generate record " + index + ": the index must be >= 0");
    }
    int samples = config.samplesPerLead();
    double durationS = samples / config.fsHz();
    long seed = config.seed();

    PatientTraits patient = PatientTraits.draw(config, Seeds.stream(seed, index, Seeds.STREAM_PATIENT));
    RrTachogram tachogram = new RrTachogram(patient.meanRrS(),
        RrTachogram.rrStdForHrStd(patient.meanHrBpm(), patient.hrStdBpm()), config.lfHfRatio(),
        Seeds.stream(seed, index, Seeds.STREAM_TACHOGRAM));
    SplittableRandom beatRandom = Seeds.stream(seed, index, Seeds.STREAM_BEATS);
    double firstR = (0.3 + 0.4 * beatRandom.nextDouble()) * patient.meanRrS();
    List<ScheduledBeat> schedule =
        BeatSchedule.generate(patient, tachogram, firstR, durationS + 2 * patient.meanRrS(), beatRandom);

    float[][] clean = new EcgsynModel(config.leads(), patient::morphology).integrate(schedule, config.fsHz(), samples);
    List<SynthBeat> beats = annotate(schedule, clean[0]);
    int[][] digital = digitise(clean, patient, Seeds.stream(seed, index, Seeds.STREAM_WANDER),
        Seeds.stream(seed, index, Seeds.STREAM_NOISE));
    return new SynthRecord(recordName(index), config.fsHz(), config.signalFormat(), config.gainAdcPerMv(),
        LEAD_NAMES.subList(0, config.leads()), digital, clean, List.copyOf(beats), patient);
  }

  private List<SynthBeat> annotate(List<ScheduledBeat> schedule, float[] lead) {
    int half = (int) Math.round(QRS_SEARCH_S * config.fsHz());
    List<SynthBeat> beats = new ArrayList<>(schedule.size());
    for (ScheduledBeat s : schedule) {
      int centre = (int) Math.round(s.rTimeS() * config.fsHz());
      if (centre - half < 0 || centre + half >= lead.length) {
        continue;
      }
      int best = centre;
      for (int n = centre - half; n <= centre + half; n++) {
        if (Math.abs(lead[n]) > Math.abs(lead[best])) {
          best = n;
        }
      }
      beats.add(new SynthBeat(best, s.type(), s.rTimeS(), s.sinusRrS()));
    }
    return beats;
  }

  private int[][] digitise(float[][] clean, PatientTraits patient, SplittableRandom wanderRandom,
      SplittableRandom noiseRandom) {
    double gain = config.gainAdcPerMv();
    SignalFormat format = config.signalFormat();
    // The format's lowest code is WFDB's invalid-sample marker: never produce it.
    int min = format.minValue() + 1;
    int max = format.maxValue();
    double wanderPhase = 2 * Math.PI * wanderRandom.nextDouble();
    double wanderStep = 2 * Math.PI * config.respirationHz() / config.fsHz();
    int[][] out = new int[clean.length][];
    for (int lead = 0; lead < clean.length; lead++) {
      float[] c = clean[lead];
      double noiseStd = Double.isInfinite(patient.snrDb()) ? 0 : Math.sqrt(variance(c) / Math.pow(10, patient.snrDb() / 10));
      int[] d = new int[c.length];
      for (int n = 0; n < c.length; n++) {
        double mv = c[n] + patient.baselineWanderMv() * Math.sin(wanderStep * n + wanderPhase);
        if (noiseStd > 0) {
          mv += noiseStd * noiseRandom.nextGaussian();
        }
        long v = Math.round(mv * gain);
        d[n] = (int) Math.max(min, Math.min(max, v));
      }
      out[lead] = d;
    }
    return out;
  }

  static double variance(float[] x) {
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (float v : x) {
      ss += (v - mean) * (v - mean);
    }
    return ss / x.length;
  }
}
