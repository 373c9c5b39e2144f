package org.ecgplatform.etl.wfdb;

/**
 * What {@link WfdbWriter} needs to know of a signal to write it; the writer derives the file,
 * format, initial value and checksum.
 *
 * @param description signal description (no line breaks)
 * @param adcGain ADC units per physical unit (> 0)
 * @param baseline digital value of physical zero
 * @param units physical units (no spaces)
 * @param adcResolution ADC bits
 * @param adcZero digital value of the ADC's mid-range
 */
public record SignalDefinition(String description, double adcGain, int baseline, String units, int adcResolution,
    int adcZero) {

  public SignalDefinition {
    if (!(adcGain > 0) || Double.isInfinite(adcGain)) {
      throw new IllegalArgumentException("Cannot define signal '" + description + "': ADC gain " + adcGain
          + " is not a positive number");
    }
    if (description.contains("\n") || description.contains("\r")) {
      throw new IllegalArgumentException("Cannot define signal: its description holds a line break");
    }
    if (units.isEmpty() || units.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("Cannot define signal '" + description + "': units '" + units
          + "' must be one word");
    }
  }

  /** The definition of an existing signal, e.g. to re-encode a record. */
  public static SignalDefinition of(SignalSpec spec) {
    return new SignalDefinition(spec.description(), spec.adcGain(), spec.baseline(), spec.units(),
        spec.adcResolution(), spec.adcZero());
  }
}
