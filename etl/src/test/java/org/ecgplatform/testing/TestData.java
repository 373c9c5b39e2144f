package org.ecgplatform.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the PhysioNet data that tests and benchmarks read in place. One setting: the system
 * property {@code ecg.data.dir}, else the environment variable {@code ECG_DATA_DIR}, else {@code
 * ../shared/data} relative to the working directory's project root.
 *
 * <p>When a database is absent a test is skipped with a message saying where to get it, except
 * under CI ({@code CI=true}), where the data is always provided and its absence is a failure.
 */
public final class TestData {
  public static final String PROPERTY = "ecg.data.dir";
  public static final String ENV = "ECG_DATA_DIR";

  private TestData() {}

  /** The data root, whether or not it exists. */
  public static Path root() {
    String p = System.getProperty(PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(ENV);
    }
    if (p == null || p.isBlank()) {
      Path cwd = Paths.get("").toAbsolutePath();
      // Surefire runs in the module directory; the project root is its parent.
      Path projectRoot = Files.exists(cwd.resolve("pom.xml")) && Files.exists(cwd.resolve("../pom.xml")) ? cwd.getParent() : cwd;
      return projectRoot.resolve("../shared/data").normalize();
    }
    return Paths.get(p).toAbsolutePath().normalize();
  }

  /**
   * The directory of one database ({@code mitdb}, {@code nstdb}, {@code wfdb-formats}); skips the
   * calling test when it is missing (fails under CI).
   */
  public static Path require(String database) {
    Path dir = root().resolve(database);
    boolean present = Files.isDirectory(dir);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(
          "Test data " + dir + " is missing under CI; set -D" + PROPERTY + " or " + ENV + " to the data folder");
    }
    assumeTrue(
        present,
        () -> "Skipped: test data " + dir + " not found. Download the MIT-BIH Arrhythmia Database (mitdb) and the"
            + " Noise Stress Test Database (nstdb) from https://physionet.org/ and point -D" + PROPERTY
            + " (or " + ENV + ") at the folder holding them");
    return dir;
  }
}
