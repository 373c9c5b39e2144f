package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgplatform.etl.cli.Shell.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.etl.cli.Shell.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions of submit-scripts/nightly.sh, tested through its helper functions in
 * submit-scripts/lib/nightly-lib.sh (run with bash on temporary directories), and its argument
 * checks, which stop before any job runs.
 */
class NightlyLibTest {
  private static Path scripts;

  @TempDir Path dir;

  @BeforeAll
  static void findScripts() {
    scripts = SubmitArgsTest.repoConf().getParent().resolve("submit-scripts");
  }

  /** {@code bash -c 'source nightly-lib.sh; fn args...'} with the arguments passed verbatim. */
  private static Result call(String function, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "source \"$1\"; shift; \"$@\"", "bash",
        scripts.resolve("lib/nightly-lib.sh").toString(), function));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  private static String fingerprint(Path raw, String... extras) throws Exception {
    List<String> args = new ArrayList<>(List.of(raw.toString()));
    args.addAll(List.of(extras));
    Result r = call("ecg_nightly_fingerprint", args.toArray(String[]::new));
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).matches("[0-9a-f]{64}");
    return r.out();
  }

  private static Path record(Path db, String name, String content, long epochS) throws Exception {
    Path f = db.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(epochS)));
    return f;
  }

  @Test
  void fingerprintChangesWithNamesSizesTimesAndSettingsOnly() throws Exception {
    Path raw = dir.resolve("raw");
    record(raw, "100.hea", "100 2 360 650000", 1_700_000_000L);
    Path dat = record(raw, "100.dat", "abcd", 1_700_000_000L);
    String first = fingerprint(raw, "env=local");

    assertThat(fingerprint(raw, "env=local")).as("same listing").isEqualTo(first);
    assertThat(call("ecg_nightly_fingerprint", "file://" + raw, "env=local").out()).as("file: URI").isEqualTo(first);

    Path copy = dir.resolve("copy");
    record(copy, "100.hea", "100 2 360 650000", 1_700_000_000L);
    record(copy, "100.dat", "wxyz", 1_700_000_000L);
    assertThat(fingerprint(copy, "env=local")).as("relative names, sizes and times only: not the bytes")
        .isEqualTo(first);

    assertThat(fingerprint(raw, "env=yarn")).as("other settings").isNotEqualTo(first);

    Files.setLastModifiedTime(dat, FileTime.from(Instant.ofEpochSecond(1_700_000_060L)));
    String touched = fingerprint(raw, "env=local");
    assertThat(touched).as("modification time").isNotEqualTo(first);

    record(raw, "100.dat", "abcde", 1_700_000_060L);
    String grown = fingerprint(raw, "env=local");
    assertThat(grown).as("size").isNotEqualTo(touched);

    record(raw, "sub/101.hea", "101 2 360 650000", 1_700_000_000L);
    assertThat(fingerprint(raw, "env=local")).as("a new record in a subdirectory").isNotEqualTo(grown);
  }

  @Test
  void fingerprintOfRemoteOrMissingDirectories() throws Exception {
    Result remote = call("ecg_nightly_fingerprint", "hdfs://namenode:8020/data/mitdb");
    assertThat(remote.status()).isEqualTo(2);
    assertThat(remote.out()).isEmpty();

    Result missing = call("ecg_nightly_fingerprint", dir.resolve("nope").toString());
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).startsWith("Cannot fingerprint").contains("nope");
  }

  @Test
  void etlIsNeededUntilTheDatasetAndItsFingerprintMatch() throws Exception {
    Path dataset = dir.resolve("datasets/nightly");
    String fp = "a".repeat(64);

    Result none = call("ecg_nightly_etl_reason", dataset.toString(), fp);
    assertThat(none.status()).isZero();
    assertThat(none.out()).contains("no dataset");

    Files.createDirectories(dataset);
    Files.writeString(dataset.resolve("manifest.json"), "{}");
    Result noFingerprint = call("ecg_nightly_etl_reason", dataset.toString(), fp);
    assertThat(noFingerprint.status()).isZero();
    assertThat(noFingerprint.out()).contains("no fingerprint");

    Files.writeString(dir.resolve("datasets/nightly.fingerprint"), "b".repeat(64) + "\n");
    Result changed = call("ecg_nightly_etl_reason", dataset + "/", fp);
    assertThat(changed.status()).isZero();
    assertThat(changed.out()).contains("changed");

    Files.writeString(dir.resolve("datasets/nightly.fingerprint"), fp + "\n");
    Result current = call("ecg_nightly_etl_reason", "file:" + dataset, fp);
    assertThat(current.status()).as("unchanged: skip the ETL").isEqualTo(1);
    assertThat(current.out()).isEmpty();

    assertThat(call("ecg_nightly_etl_reason", "s3a://bucket/datasets/nightly", "").status()).as("remote").isZero();
  }

  @Test
  void latestRunIsTheNewestCompletedOneWhoseGatePassed() throws Exception {
    Path runs = dir.resolve("runs");
    Files.createDirectories(runs.resolve("20261122T020000Z"));
    Files.writeString(runs.resolve("20261122T020000Z/_SUCCESS"), "");
    Files.createDirectories(runs.resolve("20261123T020000Z"));
    Files.writeString(runs.resolve("20261123T020000Z/_SUCCESS"), "");
    Files.writeString(runs.resolve("20261123T020000Z/gate.json"), "{\n  \"passed\" : true,\n  \"failures\" : [ ]\n}");
    Files.createDirectories(runs.resolve("20261124T020000Z"));
    Files.writeString(runs.resolve("20261124T020000Z/_SUCCESS"), "");
    Files.writeString(runs.resolve("20261124T020000Z/gate.json"), "{\n  \"passed\" : false,\n  \"failures\" : [ \"x\" ]\n}");
    Files.createDirectories(runs.resolve("20261125T020000Z")); // crashed: no _SUCCESS
    Files.createDirectories(runs.resolve(".20261126T020000Z.inprogress-abc"));
    Files.writeString(runs.resolve(".20261126T020000Z.inprogress-abc/_SUCCESS"), "");
    Files.createDirectories(runs.resolve("history"));
    Files.writeString(runs.resolve("history/_SUCCESS"), "");
    Files.writeString(runs.resolve("20261127T020000Z"), ""); // a file, not a run

    Result r = call("ecg_nightly_latest_run", runs + "/");
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(runs.resolve("20261123T020000Z").toString());

    Files.writeString(runs.resolve("20261125T020000Z/_SUCCESS"), "");
    assertThat(call("ecg_nightly_latest_run", "file://" + runs).out()).as("now completed, no gate: first night")
        .isEqualTo(runs.resolve("20261125T020000Z").toString());
  }

  @Test
  void noLatestRunInEmptyMissingOrRemoteDirectories() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    assertThat(call("ecg_nightly_latest_run", dir.resolve("empty").toString()).status()).isEqualTo(1);
    assertThat(call("ecg_nightly_latest_run", dir.resolve("missing").toString()).status()).isEqualTo(1);
    Result remote = call("ecg_nightly_latest_run", "hdfs://namenode:8020/evaluations");
    assertThat(remote.status()).isEqualTo(2);
    assertThat(remote.out()).isEmpty();
  }

  @Test
  void plainPathsAreListedHereOnlyForLocalRuns() throws Exception {
    assertThat(call("ecg_nightly_listable", "local", "/srv/ecg/raw").status()).isZero();
    assertThat(call("ecg_nightly_listable", "local", "relative/raw").status()).isZero();
    assertThat(call("ecg_nightly_listable", "yarn", "/srv/ecg/raw").status()).as("on the cluster's default FS")
        .isEqualTo(1);
    assertThat(call("ecg_nightly_listable", "yarn", "file:///srv/ecg/raw").status()).isZero();
    assertThat(call("ecg_nightly_listable", "local", "hdfs://namenode:8020/raw").status()).isEqualTo(1);
    assertThat(call("ecg_nightly_listable", "k8s", "s3a://bucket/raw").status()).isEqualTo(1);
  }

  @Test
  void runIdsAreUtcDateTimesThatSortInTimeOrder() throws Exception {
    assertThat(call("ecg_nightly_run_id").out()).matches("20[0-9]{2}[01][0-9][0-3][0-9]T[0-2][0-9][0-5][0-9][0-5][0-9]Z");
  }

  @Test
  void nightlyChecksItsArgumentsBeforeRunningAnyJob() throws Exception {
    String nightly = scripts.resolve("nightly.sh").toString();
    Path raw = dir.resolve("raw");
    Path runs = dir.resolve("runs");

    Result help = run(List.of(nightly, "--help"));
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("Exit status: 0", "3 the regression gate failed");

    Result missing = run(List.of(nightly, "--raw", raw.toString(), "--dataset", "d", "--runs", runs.toString()));
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("--model is missing");

    Result badEnv = run(List.of(nightly, "--env", "moon", "--raw", raw.toString(), "--dataset", "d", "--model", "m",
        "--runs", runs.toString()));
    assertThat(badEnv.status()).isEqualTo(2);
    assertThat(badEnv.err()).contains("unknown environment 'moon'");

    // No raw directory: the fingerprint step fails, logged as one line, and no job is started.
    Result noRaw = run(List.of(nightly, "--raw", raw.toString(), "--dataset", dir.resolve("ds").toString(),
        "--model", "m", "--runs", runs.toString()));
    assertThat(noRaw.status()).isEqualTo(1);
    assertThat(noRaw.out()).containsPattern("\\[nightly\\] \\S+ step=fingerprint status=failed exit=1");
    assertThat(runs).doesNotExist();
  }
}
