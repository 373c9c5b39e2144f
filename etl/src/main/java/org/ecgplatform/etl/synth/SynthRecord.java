package org.ecgplatform.etl.synth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ecgplatform.etl.wfdb.SignalFormat;

/**
 * One generated record: digital samples ready for a WFDB signal file, the clean physical signal
 * they were made from (for checks), and the beat annotations.
 *
 * <p>Arrays are shared, not copied (records are large); callers must not modify them. As a record
 * with array components, {@code equals} compares array identity; compare contents with
 * {@link java.util.Arrays#deepEquals}.
 *
 * @param name WFDB record name
 * @param fsHz sampling frequency, Hz
 * @param format WFDB signal format ({@link SignalFormat#FMT_212} or {@link SignalFormat#FMT_16})
 * @param gainAdcPerMv ADC units per mV (WFDB {@code adcGain}); baseline 0
 * @param leadNames one description per lead
 * @param digitalSignal {@code [lead][sample]} ADC units: clean + wander + noise, rounded and clipped
 *     to the format's range
 * @param cleanMv {@code [lead][sample]} the model's output in mV, without wander or noise
 * @param beats beats in time order
 * @param patient the traits the record's patient was drawn with
 */
public record SynthRecord(
    String name,
    double fsHz,
    SignalFormat format,
    double gainAdcPerMv,
    List<String> leadNames,
    int[][] digitalSignal,
    float[][] cleanMv,
    List<SynthBeat> beats,
    PatientTraits patient) {

  public int leads() {
    return digitalSignal.length;
  }

  public int samplesPerLead() {
    return digitalSignal[0].length;
  }

  /** Beat counts by type. */
  public Map<BeatType, Long> beatCounts() {
    Map<BeatType, Long> m = new EnumMap<>(BeatType.class);
    for (BeatType t : BeatType.values()) {
      m.put(t, 0L);
    }
    for (SynthBeat b : beats) {
      m.merge(b.type(), 1L, Long::sum);
    }
    return m;
  }
}
