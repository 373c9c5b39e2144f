package org.ecgplatform.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one embedded {@code local[2]} Spark session per test class, bound to loopback
 * with the UI off, stopped after the class. Test methods receive it as a {@link SparkSession}
 * parameter.
 *
 * <pre>
 * &#64;ExtendWith(SharedSpark.class)
 * class MyJobTest {
 *   &#64;Test void runs(SparkSession spark) { ... }
 * }
 * </pre>
 */
public final class SharedSpark implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedSpark.class);
  private static final String KEY = "spark";

  @Override
  public void beforeAll(ExtensionContext context) {
    SparkSession spark = newSession(context.getRequiredTestClass().getSimpleName());
    context.getStore(NS).put(KEY, spark);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SparkSession spark = context.getStore(NS).remove(KEY, SparkSession.class);
    if (spark != null) {
      spark.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getStore(NS).get(KEY, SparkSession.class);
  }

  /** A fresh local[2] session for tests; callers stop it. */
  public static SparkSession newSession(String appName) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .getOrCreate();
  }
}
