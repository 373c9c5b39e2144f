package org.ecgplatform.etl.wfdb;

/**
 * One signal line of a WFDB header, with WFDB's own field names.
 *
 * @param fileName signal file, relative to the record's directory ("~" for none)
 * @param format storage format
 * @param sampsPerFrame samples of this signal in each frame (1 unless {@code 212x4})
 * @param skew frames by which this signal's samples are stored late ({@code 16:3})
 * @param byteOffset bytes before the first sample in the file ({@code +N})
 * @param adcGain ADC units per physical unit (200 when the header omits it)
 * @param baseline digital value of physical zero (defaults to {@code adcZero})
 * @param units physical units ("mV" when omitted)
 * @param adcResolution ADC bits
 * @param adcZero digital value of the ADC's mid-range
 * @param initValue value of the first sample (defaults to {@code adcZero})
 * @param checksum 16-bit sum of all samples, or null when the header has none
 * @param blockSize block size in bytes (0: not a block device)
 * @param description signal description, trailing spaces kept
 * @param calibrated false when the header omits the gain or gives 0
 */
public record SignalSpec(
    String fileName,
    SignalFormat format,
    int sampsPerFrame,
    int skew,
    long byteOffset,
    double adcGain,
    int baseline,
    String units,
    int adcResolution,
    int adcZero,
    int initValue,
    Integer checksum,
    int blockSize,
    String description,
    boolean calibrated) {

  /** The gain WFDB assumes when a header gives none or 0 (ADC units per mV). */
  public static final double DEFAULT_ADC_GAIN = 200.0;

  /** Converts a digital (ADC) value to physical units; NaN for the format's invalid value. */
  public double toPhysical(int digitalValue) {
    if (format.isInvalid(digitalValue)) {
      return Double.NaN;
    }
    return (digitalValue - baseline) / adcGain;
  }

  /**
   * Millivolts per physical unit of this signal: 0.001 for µV ({@code uV}, {@code μV},
   * {@code microvolts}), 1000 for {@code V}, 1 otherwise (mV, and units a header leaves out).
   */
  public float millivoltsPerUnit() {
    String u = units == null ? "" : units.trim();
    return switch (u) {
      case "uV", "μV", "microvolts" -> 0.001f;
      case "V" -> 1000f;
      default -> 1f;
    };
  }

  /** Converts a physical value to the nearest digital value, clamped to the format's valid range. */
  public int toDigital(double physicalValue) {
    if (Double.isNaN(physicalValue)) {
      return format.invalidValue();
    }
    long v = Math.round(physicalValue * adcGain + baseline);
    // The stored invalid marker is not a value data may take.
    long lo = format.minValue() + (format.storedInvalidValue() == format.minValue() ? 1 : 0);
    return (int) Math.max(lo, Math.min(format.maxValue(), v));
  }

  /** Whether this signal's samples are stored in a file (false for format 0 or file "~"). */
  public boolean hasFile() {
    return format != SignalFormat.NULL && !"~".equals(fileName);
  }
}
