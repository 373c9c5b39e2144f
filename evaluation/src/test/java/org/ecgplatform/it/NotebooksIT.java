package org.ecgplatform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The notebooks under {@code notebooks/} run headless against a real pipeline run, as a user would:
 * {@code submit-scripts/pipeline.sh} (6 synthetic records × 300 s, 1 epoch) writes a run folder under
 * {@code target/}, {@code submit-scripts/export-sample.sh} exports its beat sample, then
 * {@code notebooks/run-notebooks.sh} executes every notebook into {@code target/}. Each executed copy
 * must hold outputs without errors, with its plots; the committed notebooks must stay output-free.
 *
 * <p>Needs Jupyter ({@code jupyter nbconvert}, a python3 kernel with pandas, matplotlib, numpy).
 * Without it the test is skipped with a message, except under CI ({@code CI=true}), where it fails.
 *
 * <p>It runs in the second lane of the integration tests ({@link ItLanes}).
 */
@ResourceLock(ItLanes.SECOND)
class NotebooksIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Plots each notebook draws at least, on a run with N, S, V and F beats (see each notebook). */
  private static final Map<String, Integer> MIN_IMAGES = new LinkedHashMap<>();

  static {
    MIN_IMAGES.put("01-dataset-overview.ipynb", 6);
    MIN_IMAGES.put("02-training-curves.ipynb", 2);
    MIN_IMAGES.put("03-evaluation.ipynb", 5);
    MIN_IMAGES.put("04-nightly-history.ipynb", 2);
  }

  private static final long STEP_LIMIT_MINUTES = 10;

  @Test
  void notebooksExecuteOnAPipelineRunAndDrawTheirPlots() throws Exception {
    requireJupyter();
    Path root = projectRoot();
    Path target = root.resolve("evaluation/target/notebooks-it");
    deleteRecursively(target);
    Path work = Files.createDirectories(target.resolve("work"));
    Path executed = target.resolve("executed");
    Path logs = Files.createDirectories(target.resolve("logs"));

    run(root, logs.resolve("pipeline.log"), "submit-scripts/pipeline.sh", "--work", work.toString(),
        "--records", "6", "--duration-s", "300", "training.epochs=1");
    Path sample = work.resolve("export/beats-sample.csv");
    run(root, logs.resolve("export-sample.log"), "submit-scripts/export-sample.sh",
        "--dataset", work.resolve("dataset").toString(), "--output", sample.toString(), "--per-class", "10");
    assertThat(Files.readAllLines(sample).get(0))
        .startsWith("split,database,record,sample,aami_class,symbol,augmentation,rr_prev_s,rr_next_s,w0,w1,");

    Map<Path, String> before = sourceNotebooks(root);
    run(root, logs.resolve("notebooks.log"), "notebooks/run-notebooks.sh", "--output-dir", executed.toString(),
        work.toString());

    for (Map.Entry<String, Integer> e : MIN_IMAGES.entrySet()) {
      Path nb = executed.resolve(e.getKey());
      assertThat(nb).as("executed notebook").exists();
      JsonNode cells = JSON.readTree(nb.toFile()).get("cells");
      int images = 0;
      List<String> unexecuted = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        JsonNode cell = cells.get(i);
        if (!cell.get("cell_type").asText().equals("code")) {
          continue;
        }
        if (cell.get("execution_count").isNull()) {
          unexecuted.add("cell " + i);
        }
        for (JsonNode out : cell.get("outputs")) {
          assertThat(out.get("output_type").asText()).as("%s cell %d output", e.getKey(), i).isNotEqualTo("error");
          if (out.has("data") && out.get("data").has("image/png")) {
            images++;
          }
        }
      }
      assertThat(unexecuted).as("%s: code cells not executed", e.getKey()).isEmpty();
      assertThat(images).as("%s: plots drawn", e.getKey()).isGreaterThanOrEqualTo(e.getValue());
    }
    assertThat(sourceNotebooks(root)).as("notebooks/ is never written to").isEqualTo(before);
    for (String text : before.values()) {
      assertThat(text).as("committed notebooks carry no outputs").doesNotContain("\"output_type\"");
    }
  }

  /** Skips (or fails under CI) when {@code jupyter nbconvert} cannot run here. */
  private static void requireJupyter() throws InterruptedException {
    boolean present;
    try {
      Process p = new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      present = p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    }
    String hint = "jupyter nbconvert is not installed: the notebooks cannot be executed (on Debian: apt-get install"
        + " jupyter-nbconvert python3-nbconvert python3-ipykernel python3-pandas python3-matplotlib python3-numpy;"
        + " .ci/run installs them)";
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("Under CI " + hint);
    }
    assumeTrue(present, () -> "Skipped: " + hint);
  }

  /** Runs a project script from the project root, its output in {@code log}; fails with the log's tail. */
  private static void run(Path root, Path log, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean finished = p.waitFor(STEP_LIMIT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail(command[0] + " did not finish within " + STEP_LIMIT_MINUTES + " minutes; log " + log + ":\n" + tail(log));
    }
    assertThat(p.exitValue()).as("exit code of %s (log %s):%n%s", String.join(" ", command), log, tail(log)).isZero();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Map<Path, String> sourceNotebooks(Path root) throws IOException {
    Map<Path, String> texts = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList()) {
        texts.put(p, Files.readString(p));
      }
    }
    assertThat(texts.keySet()).extracting(p -> p.getFileName().toString())
        .containsAll(MIN_IMAGES.keySet());
    return texts;
  }

  /** The project root: {@code -Decg.project.root}, else the parent of the module directory surefire runs in. */
  private static Path projectRoot() {
    String p = System.getProperty("ecg.project.root");
    Path cwd = Paths.get("").toAbsolutePath();
    Path root = p != null && !p.isBlank() ? Paths.get(p) : Files.exists(cwd.resolve("../pom.xml")) ? cwd.getParent() : cwd;
    root = root.toAbsolutePath().normalize();
    assertThat(root.resolve("submit-scripts/pipeline.sh")).as("project root").exists();
    return root;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
