/**
 * The dataset contract: {@link org.ecgplatform.etl.dataset.DatasetSchema} names every column of
 * the beat dataset, its window geometry and label vocabulary, and is written into each dataset as
 * versioned JSON. Pure Java; the Spark layer maps it onto Spark types.
 */
package org.ecgplatform.etl.dataset;
