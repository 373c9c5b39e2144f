/**
 * Pure beat-level logic over plain arrays: the AAMI EC57 label table
 * ({@link org.ecgplatform.etl.beats.AamiClass}), beat segmentation and RR features, patient
 * splits, augmentation. Imports no Spark.
 */
package org.ecgplatform.etl.beats;
