/**
 * Hadoop file-system access shared by every module; imports Hadoop's client API, never Spark
 * (ArchitectureTest), so the pure layers of training and evaluation may use it.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.etl.io.HadoopFiles}: whole-file reads and atomic writes, existence
 *       checks and atomic publication of output directories on any URI.
 *   <li>{@link org.ecgplatform.etl.io.HadoopWfdbStorage}: lets the pure WFDB reader ({@link
 *       org.ecgplatform.etl.wfdb}) read records from any {@code org.apache.hadoop.fs.FileSystem}
 *       (HDFS, local {@code file:}, object stores) by implementing {@link
 *       org.ecgplatform.etl.wfdb.WfdbStorage}.
 * </ul>
 */
package org.ecgplatform.etl.io;
