package org.ecgplatform.etl.wfdb;

import java.io.Closeable;

/**
 * Reads frame ranges of chosen signals of one record, keeping its signal files open between
 * calls. Obtain one from {@link WfdbRecord#reader(int...)}; read ascending ranges to stream a long
 * record (FLAC and format-8 files decode forward). Not thread-safe; close it when done.
 */
public interface SignalReader extends Closeable {

  /**
   * Digital values of frames {@code [fromFrame, toFrame)}: one array per chosen signal, in the
   * order chosen, holding {@code (toFrame - fromFrame) * sampsPerFrame} samples at the signal's
   * own rate. Invalid samples keep their format's {@link SignalFormat#invalidValue()}.
   *
   * @throws WfdbSignalException when a signal file is missing or holds fewer frames
   */
  int[][] read(long fromFrame, long toFrame);

  /** Frames that can be read: the header's count, less what the files lack (skew included). */
  long availableFrames();

  @Override
  void close();
}
