package org.ecgplatform.etl.spark;

import java.io.Serializable;

/**
 * One unit of ETL work: a record of a database, already assigned to its split on the driver.
 *
 * @param database database name (the input directory's name)
 * @param databaseUri the database directory, fully qualified
 * @param record WFDB record name
 * @param patient patient identifier (splits never share one)
 * @param split train, val or test
 */
public record RecordTask(String database, String databaseUri, String record, String patient, String split)
    implements Serializable {}
