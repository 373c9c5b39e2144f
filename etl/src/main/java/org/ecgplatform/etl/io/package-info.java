/**
 * Storage adapters that let the pure WFDB reader ({@link org.ecgplatform.etl.wfdb}) read records
 * from Hadoop file systems: {@link org.ecgplatform.etl.io.HadoopWfdbStorage} implements
 * {@link org.ecgplatform.etl.wfdb.WfdbStorage} over any {@code org.apache.hadoop.fs.FileSystem}
 * (HDFS, local {@code file:}, object stores). Imports Hadoop's client API, never Spark.
 */
package org.ecgplatform.etl.io;
