/**
 * Pure-JDK reading and writing of PhysioNet WFDB records: headers, signal files and annotation
 * files (PhysioNet, <i>WFDB Programmer's Guide</i>: header(5), signal(5), annot(5)). Imports no
 * Spark and no Hadoop; records are reached through {@link org.ecgplatform.etl.wfdb.WfdbStorage}.
 *
 * <h2>Contents</h2>
 *
 * <table>
 *   <caption>What is where</caption>
 *   <tr><th>Type</th><th>Holds</th></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.WfdbRecord}</td>
 *       <td>entry point: {@code open(storage, "100")}, {@code header()}, {@code readDigital(from, to, signals...)},
 *       {@code readPhysical(...)}, {@code reader(...)} for streaming, {@code availableFrames()},
 *       {@code verifyChecksums()}</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.WfdbHeader}, {@link org.ecgplatform.etl.wfdb.SignalSpec},
 *       {@link org.ecgplatform.etl.wfdb.Segment}</td>
 *       <td>the parsed header: record line, signal lines (gain, baseline, units, samples per frame, skew …),
 *       segments, comments and info strings</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.SignalFormat}</td>
 *       <td>the table of signal formats (0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524):
 *       packing, valid range, invalid-sample values</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.SignalReader}</td>
 *       <td>frame ranges of chosen signals with files kept open, for long records</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.ChecksumResult}</td><td>per-signal length and checksum check, made
 *       only where the WFDB library makes it (a header of length 0 checks nothing)</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.Annotations}, {@link org.ecgplatform.etl.wfdb.Annotation},
 *       {@link org.ecgplatform.etl.wfdb.AnnotationFile}</td>
 *       <td>MIT-format annotation files: {@code read(storage, "100", "atr")}, {@code write(...)}</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.AnnotationCode}</td>
 *       <td>the table of annotation codes, mnemonics and descriptions (ecgcodes.h), with the beat codes</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.WfdbWriter}, {@link org.ecgplatform.etl.wfdb.SignalDefinition}</td>
 *       <td>writing records in every format but FLAC (8, 16, 24, 32, 61, 80, 160, 212, 310, 311) with a
 *       matching header</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.WfdbStorage}, {@link org.ecgplatform.etl.wfdb.LocalWfdbStorage}</td>
 *       <td>where a record's files live; the local NIO implementation (HDFS: {@code org.ecgplatform.etl.io})</td></tr>
 *   <tr><td>{@link org.ecgplatform.etl.wfdb.WfdbException} and its subclasses
 *       {@link org.ecgplatform.etl.wfdb.WfdbHeaderException}, {@link org.ecgplatform.etl.wfdb.WfdbSignalException},
 *       {@link org.ecgplatform.etl.wfdb.WfdbAnnotationException}</td>
 *       <td>failures, naming record, file, line or byte offset, and what to do</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>Positions are <em>frames</em>: a frame holds {@code sampsPerFrame} samples of each signal; with
 *       one sample per frame (most records, all of mitdb) frames are samples. {@code fsHz} is the frame
 *       frequency.
 *   <li>Digital values are what the ADC produced, as stored. An invalid sample reads as
 *       {@link org.ecgplatform.etl.wfdb.SignalFormat#invalidValue()} ({@code -32768}, WFDB's
 *       {@code WFDB_INVALID_SAMPLE}, for formats up to 16 bits) and as {@code NaN} in physical values.
 *   <li>Physical value = (digital − baseline) / adcGain, in the signal's units.
 *   <li>Memory is bounded by the range read: readers seek to the first frame (FLAC and format 8 decode
 *       forward); lengths claimed by headers are checked against real file sizes before anything is
 *       allocated for them.
 *   <li>Package-private: {@code HeaderParser} (grammar in its Javadoc), {@code SampleCodec} (bulk
 *       decoding), {@code FrameSource} and its raw and FLAC implementations, the single- and
 *       multi-segment readers.
 * </ul>
 */
package org.ecgplatform.etl.wfdb;
