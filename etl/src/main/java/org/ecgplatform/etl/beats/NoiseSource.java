package org.ecgplatform.etl.beats;

import org.ecgplatform.common.ConfigException;

/**
 * A real noise recording for {@link Augmenter}, e.g. the Noise Stress Test Database's {@code bw}
 * (baseline wander), {@code em} (electrode motion) or {@code ma} (muscle artefact) record, already
 * resampled to the windows' rate. Lead {@code l} of a window takes its noise from channel {@code l
 * mod channels.length}.
 *
 * @param name short name used in augmentation descriptions, e.g. {@code "em"}
 * @param channels noise signals, {@code [channel][sample]}, in the windows' units (millivolts)
 */
public record NoiseSource(String name, float[][] channels) {
  public NoiseSource {
    if (name == null || name.isBlank() || name.contains(";") || name.contains(":")) {
      throw ConfigException.invalid("augment.noiseSource.name", name, "a short name without ';' or ':'");
    }
    if (channels == null || channels.length == 0) {
      throw ConfigException.invalid("augment.noiseSource." + name + ".channels", "none", "at least one channel");
    }
    for (float[] c : channels) {
      if (c.length != channels[0].length) {
        throw ConfigException.invalid("augment.noiseSource." + name + ".channels", c.length + " samples",
            "channels of equal length " + channels[0].length);
      }
    }
  }

  public int length() {
    return channels[0].length;
  }
}
