package org.ecgplatform.etl.beats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ecgplatform.common.ConfigException;

/**
 * Makes augmented copies of training beats, deterministically: the copies of a beat depend only on
 * the config's seed, the record name and the beat's sample, never on the order in which beats are
 * processed or on which executor, because each beat gets its own {@link SplittableRandom} seeded
 * from a hash of (seed, record, sample).
 *
 * <p>A beat of class c gets {@code factor(c) - 1} copies (oversampling against class imbalance; the
 * caller keeps the original and applies this to the training split only). Each copy applies the
 * operations described in {@link AugmentationConfig} to every lead of the window (the same shift,
 * scale and wander for all leads, independent noise per lead, each lead's SNR relative to its own
 * power) and carries a description of what was applied, e.g. {@code
 * shift:+3;scale:1.070;wander:0.120@0.31Hz;gauss:snr=20.0dB;noise-em:snr=12.0dB@104233}.
 *
 * <p>Windows shorter than a noise source draw a uniform offset in {@code [0, length - window]};
 * NSTDB noise is used with its mean removed (see {@link Augmentations#withNoise}).
 */
public final class Augmenter {
  /** Description of a copy to which no operation is enabled (a plain duplicate). */
  public static final String DUPLICATE = "copy";

  private final AugmentationConfig config;
  private final double fsHz;
  private final List<NoiseSource> noiseSources;

  /** One augmented window. */
  public record AugmentedWindow(float[] window, String description, int copyIndex) {}

  /**
   * @param fsHz rate of the windows (for the wander frequency)
   * @param noiseSources real noise at {@code fsHz}; required when {@code noiseStress} is enabled
   */
  public Augmenter(AugmentationConfig config, double fsHz, List<NoiseSource> noiseSources) {
    this.config = config;
    this.fsHz = fsHz;
    this.noiseSources = List.copyOf(noiseSources);
    if (config.noiseStress().probability() > 0 && this.noiseSources.isEmpty()) {
      throw ConfigException.invalid("etl.augment.nstdb.probability", config.noiseStress().probability(),
          "0 when no noise source (NSTDB bw/em/ma, etl.augment.nstdb.dir) is given");
    }
  }

  public AugmentationConfig config() {
    return config;
  }

  /** Number of augmented copies made for a beat of class {@code c}. */
  public int copiesFor(AamiClass c) {
    return config.factor(c) - 1;
  }

  /**
   * The augmented copies of one beat.
   *
   * @param record record name (part of the seed)
   * @param sample the beat's sample (part of the seed), e.g. {@link Beat#sourceSample()}
   * @param aamiClass the beat's class, which decides the number of copies
   * @param window lead-major window, as in {@link Beat#window()}
   * @param leadCount number of leads in {@code window}
   */
  public List<AugmentedWindow> augment(String record, long sample, AamiClass aamiClass, float[] window,
      int leadCount) {
    int copies = copiesFor(aamiClass);
    List<AugmentedWindow> out = new ArrayList<>(copies);
    if (copies == 0) {
      return out;
    }
    SplittableRandom rng = new SplittableRandom(beatSeed(config.seed(), record, sample));
    for (int c = 0; c < copies; c++) {
      out.add(augmentOnce(rng.split(), window, leadCount, c));
    }
    return out;
  }

  /**
   * The seed of one beat's generator: FNV-1a of the record name and the sample, each folded into the
   * root seed through SplittableRandom's 64-bit mixing function.
   */
  static long beatSeed(long seed, String record, long sample) {
    long h = 0xcbf29ce484222325L;
    for (byte b : record.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    long x = new SplittableRandom(seed ^ h).nextLong();
    return new SplittableRandom(x ^ sample).nextLong();
  }

  private AugmentedWindow augmentOnce(SplittableRandom rng, float[] window, int leadCount, int copyIndex) {
    boolean[] apply = chooseOperations(rng);
    int w = window.length / leadCount;
    float[][] leads = new float[leadCount][];
    for (int l = 0; l < leadCount; l++) {
      leads[l] = new float[w];
      System.arraycopy(window, l * w, leads[l], 0, w);
    }
    List<String> parts = new ArrayList<>();
    if (apply[0]) {
      int max = config.shift().maxSamples();
      int s = rng.nextInt(-max, max + 1);
      for (int l = 0; l < leadCount; l++) {
        leads[l] = Augmentations.shifted(leads[l], s);
      }
      parts.add(String.format(Locale.ROOT, "shift:%+d", s));
    }
    if (apply[1]) {
      double f = uniform(rng, config.scale().min(), config.scale().max());
      for (int l = 0; l < leadCount; l++) {
        leads[l] = Augmentations.scaled(leads[l], f);
      }
      parts.add(String.format(Locale.ROOT, "scale:%.3f", f));
    }
    if (apply[2]) {
      AugmentationConfig.Wander wc = config.wander();
      double a = uniform(rng, 0, wc.maxAmplitude());
      double hz = uniform(rng, wc.minHz(), wc.maxHz());
      double phase = uniform(rng, 0, 2 * Math.PI);
      for (int l = 0; l < leadCount; l++) {
        leads[l] = Augmentations.withBaselineWander(leads[l], fsHz, a, hz, phase);
      }
      parts.add(String.format(Locale.ROOT, "wander:%.3f@%.2fHz", a, hz));
    }
    if (apply[3]) {
      double snr = uniform(rng, config.gaussian().minSnrDb(), config.gaussian().maxSnrDb());
      for (int l = 0; l < leadCount; l++) {
        leads[l] = Augmentations.withGaussianNoise(leads[l], snr, rng);
      }
      parts.add(String.format(Locale.ROOT, "gauss:snr=%.1fdB", snr));
    }
    if (apply[4]) {
      NoiseSource src = noiseSources.get(rng.nextInt(noiseSources.size()));
      double snr = uniform(rng, config.noiseStress().minSnrDb(), config.noiseStress().maxSnrDb());
      if (src.length() < w) {
        throw ConfigException.invalid("augment.noiseSource." + src.name(), src.length() + " samples",
            "at least one window (" + w + " samples) of noise");
      }
      int offset = rng.nextInt(src.length() - w + 1);
      for (int l = 0; l < leadCount; l++) {
        leads[l] = Augmentations.withNoise(leads[l], src.channels()[l % src.channels().length], offset, snr);
      }
      parts.add(String.format(Locale.ROOT, "noise-%s:snr=%.1fdB@%d", src.name(), snr, offset));
    }
    float[] out = new float[window.length];
    for (int l = 0; l < leadCount; l++) {
      System.arraycopy(leads[l], 0, out, l * w, w);
    }
    return new AugmentedWindow(out, parts.isEmpty() ? DUPLICATE : String.join(";", parts), copyIndex);
  }

  /** Which of shift, scale, wander, gauss, stress noise to apply; at least one when any is enabled. */
  private boolean[] chooseOperations(SplittableRandom rng) {
    double[] p = {
      config.shift().probability(),
      config.scale().probability(),
      config.wander().probability(),
      config.gaussian().probability(),
      config.noiseStress().probability()
    };
    boolean[] apply = new boolean[p.length];
    boolean any = false;
    int enabled = 0;
    for (int i = 0; i < p.length; i++) {
      apply[i] = p[i] > 0 && rng.nextDouble() < p[i];
      any |= apply[i];
      enabled += p[i] > 0 ? 1 : 0;
    }
    if (!any && enabled > 0) {
      int pick = rng.nextInt(enabled);
      for (int i = 0; i < p.length; i++) {
        if (p[i] > 0 && pick-- == 0) {
          apply[i] = true;
          break;
        }
      }
    }
    return apply;
  }

  private static double uniform(SplittableRandom rng, double min, double max) {
    return max > min ? min + (max - min) * rng.nextDouble() : min;
  }
}
