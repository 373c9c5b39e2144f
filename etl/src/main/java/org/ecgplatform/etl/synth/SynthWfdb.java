package org.ecgplatform.etl.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.AnnotationCode;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.SignalDefinition;
import org.ecgplatform.etl.wfdb.WfdbStorage;
import org.ecgplatform.etl.wfdb.WfdbWriter;

/**
 * Writes synthetic records as a WFDB database through the platform's own WFDB writers: per record
 * a header {@code <name>.hea}, a signal file {@code <name>.dat} (format 212 or 16, every lead in
 * one file) and reference beat annotations {@code <name>.atr} in MIT format; and for the database
 * a {@code RECORDS} file listing the record names, one per line, as PhysioNet databases have.
 */
public final class SynthWfdb {
  /** Annotator name of the reference annotations, as in MIT-BIH. */
  public static final String ANNOTATOR = "atr";
  /** Name of the database's record list. */
  public static final String RECORDS_FILE = "RECORDS";
  /** Physical units of every lead. */
  private static final String UNITS = "mV";

  private SynthWfdb() {}

  /** Writes one record (header, signal file, annotations) into {@code storage}. */
  public static void write(SynthRecord record, WfdbStorage storage) {
    List<SignalDefinition> signals = new ArrayList<>(record.leads());
    for (String lead : record.leadNames()) {
      signals.add(new SignalDefinition(lead, record.gainAdcPerMv(), 0, UNITS, record.format().bitsPerSample(), 0));
    }
    WfdbWriter.write(storage, record.name(), record.fsHz(), record.format(), signals, record.digitalSignal());
    Annotations.write(storage, record.name(), ANNOTATOR, annotations(record));
  }

  /** The record's beats as MIT annotations: the R-peak sample and the code of the beat's MIT symbol. */
  public static List<Annotation> annotations(SynthRecord record) {
    List<Annotation> out = new ArrayList<>(record.beats().size());
    for (SynthBeat b : record.beats()) {
      String symbol = String.valueOf(b.type().mitSymbol());
      AnnotationCode code = AnnotationCode.ofMnemonic(symbol).orElseThrow(() -> new IllegalStateException(
          "Cannot annotate beat type " + b.type() + ": no WFDB code for symbol " + symbol));
      out.add(Annotation.of(b.sample(), code.code()));
    }
    return out;
  }

  /** Writes the {@code RECORDS} file: one record name per line, in the given order. */
  public static void writeRecordsFile(WfdbStorage storage, List<String> recordNames) {
    StringBuilder sb = new StringBuilder();
    for (String name : recordNames) {
      sb.append(name).append('\n');
    }
    try (OutputStream out = storage.create(RECORDS_FILE)) {
      out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot write " + storage.describe(RECORDS_FILE) + ": " + e.getMessage()
          + " (check the output directory and its permissions)", e);
    }
  }
}
