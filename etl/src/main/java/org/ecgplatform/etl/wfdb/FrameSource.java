package org.ecgplatform.etl.wfdb;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads whole frames of one signal file as digital values, in the file's frame layout. Sources
 * are positioned: {@link #readFrames} may be called for any range, and is cheapest when called
 * for ascending, adjacent ranges (FLAC and format 8 decode from the start of the file otherwise).
 */
abstract class FrameSource implements Closeable {
  final String record;
  final SignalFile file;

  FrameSource(String record, SignalFile file) {
    this.record = record;
    this.file = file;
  }

  /** Frames the file holds. */
  abstract long frameCount();

  /**
   * Reads frames {@code [first, first + n)} into {@code dst[0 .. n * samplesPerFrame)}.
   *
   * @throws WfdbSignalException when the file holds fewer frames, naming the byte offset
   */
  abstract void readFrames(long first, int n, int[] dst);

  static FrameSource open(String record, WfdbStorage storage, SignalFile file) {
    WfdbStorage.Input in;
    try {
      in = storage.open(file.fileName());
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      throw new WfdbSignalException(record, file.fileName(), null, "Cannot open signal file: "
          + storage.describe(file.fileName()) + " does not exist (the header names it; copy the record's "
          + "signal files next to its header, or read only its annotations)", e);
    } catch (IOException e) {
      throw new WfdbSignalException(record, file.fileName(), null, "Cannot open signal file " + storage.describe(file.fileName())
          + ": " + e.getMessage() + " (check permissions and the storage URI)", e);
    }
    try {
      return file.format().isFlac() ? new FlacFrameSource(record, file, in) : new RawFrameSource(record, file, in);
    } catch (IOException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof WfdbException) {
        throw (WfdbException) e;
      }
      throw new WfdbSignalException(record, file.fileName(), null, "Cannot read signal file " + storage.describe(file.fileName())
          + ": " + e.getMessage() + " (check permissions and the storage URI)", e);
    }
  }

  /** The byte offset where the file's whole frames end. */
  abstract long dataEnd();

  WfdbSignalException shortFile(long frame) {
    return new WfdbSignalException(record, file.fileName(), "byte offset " + dataEnd(), "Cannot read frame "
        + frame + ": the signal file holds only " + frameCount() + " frames (" + file.samplesPerFrame()
        + " samples of format " + file.format().code() + " each, from byte " + file.byteOffset() + ") (it is shorter than its header says; "
        + "read at most WfdbRecord.availableFrames() frames)");
  }

  WfdbSignalException ioError(long byteOffset, IOException e) {
    return new WfdbSignalException(record, file.fileName(), "byte offset " + byteOffset,
        "Cannot read signal file: " + e.getMessage() + " (is the storage reachable?)", e);
  }
}
