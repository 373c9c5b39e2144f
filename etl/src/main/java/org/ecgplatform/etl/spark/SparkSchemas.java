package org.ecgplatform.etl.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ecgplatform.etl.dataset.DatasetSchema;

/** Maps the pure {@link DatasetSchema} contract onto Spark SQL types. */
public final class SparkSchemas {
  private SparkSchemas() {}

  public static StructType structType(DatasetSchema schema) {
    return structType(schema.columns());
  }

  /** The Spark type of these columns, in their order. */
  public static StructType structType(List<DatasetSchema.Column> columns) {
    List<StructField> fields = new ArrayList<>();
    for (DatasetSchema.Column c : columns) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), false));
    }
    return DataTypes.createStructType(fields);
  }

  static DataType sparkType(DatasetSchema.Type t) {
    return switch (t) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case FLOAT -> DataTypes.FloatType;
      case DOUBLE -> DataTypes.DoubleType;
      case FLOAT_ARRAY -> DataTypes.createArrayType(DataTypes.FloatType, false);
      case STRING_ARRAY -> DataTypes.createArrayType(DataTypes.StringType, false);
    };
  }
}
