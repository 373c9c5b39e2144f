#!/usr/bin/env bash
# Shared helpers for the submit scripts. Source it; it defines functions and variables only.
#
#   ECG_ROOT           project root (derived from this file's location)
#   ECG_CONF_DIR       folder of environment files (default: $ECG_ROOT/conf; the cluster tests
#                      point it at a copy holding their own environment)
#   ecg_java_opens     the Java 17 --add-opens flags Spark needs outside spark-submit
#   ecg_jvm_options    JVM options of the JVMs these scripts start for jobs on this machine:
#                      $ECG_JVM_OPTIONS if set (empty: none), else transparent huge pages for the
#                      heap, as spark.jvm-options gives cluster drivers and executors
#   ecg_classpath M    runtime classpath of module M for embedded local runs (builds it if stale)
#   ecg_run_local M C  runs main class C of module M on the embedded-Spark classpath
#   ecg_job_jar M      path of module M's shaded job jar (for spark-submit)

ECG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ECG_ROOT
ECG_CONF_DIR="${ECG_CONF_DIR:-$ECG_ROOT/conf}"
export ECG_CONF_DIR

ecg_java_opens() {
  local p
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
           java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
           sun.security.action sun.util.calendar; do
    printf -- '--add-opens=java.base/%s=ALL-UNNAMED ' "$p"
  done
  printf -- '-Djdk.reflect.useDirectMethodHandle=false'
}

ecg_jvm_options() {
  printf -- '%s' "${ECG_JVM_OPTIONS--XX:+UseTransparentHugePages}"
}

# True when build output $1 is missing (or empty as a name) or older than the poms or any of the
# paths after it (files or folders, searched whole).
ecg_stale() {
  local out="$1"
  shift
  [[ -z "$out" || ! -f "$out" ]] \
    || [[ -n "$(find "$ECG_ROOT/pom.xml" "$ECG_ROOT"/*/pom.xml "$@" -newer "$out" -print -quit 2>/dev/null)" ]]
}

# Builds module $1 (and the modules it needs) with mvn test-compile and writes its dependency
# classpath of scope $3 to target/$2 of each, when that file is stale (ecg_stale) against the paths
# after $4 ($4: what the build is for, for the log line).
ecg_build_if_stale() {
  local module="$1" file="$2" scope="$3" what="$4"
  shift 4
  local cpfile="$ECG_ROOT/$module/target/$file"
  if ecg_stale "$cpfile" "$@"; then
    echo "[ecg] building $module $what (mvn test-compile) ..." >&2
    (cd "$ECG_ROOT" && mvn -B -q -DskipTests -pl "$module" -am test-compile dependency:build-classpath \
        -Dmdep.outputFile="target/$file" -Dmdep.includeScope="$scope" >&2) || {
      echo "[ecg] build of $module failed" >&2; return 1; }
    touch "$cpfile" # the plugin leaves an unchanged file as it was: mark it fresh
  fi
}

# Prints the classpath of module $1 (its classes plus compile and provided dependencies, so Spark
# is on it). Rebuilds with Maven when any source or pom is newer than the cached classpath file.
ecg_classpath() {
  local module="$1"
  local cpfile="$ECG_ROOT/$module/target/local-classpath.txt"
  ecg_build_if_stale "$module" local-classpath.txt compile "for a local run" "$ECG_ROOT"/*/src/main || return 1
  local cp="$ECG_ROOT/$module/target/classes"
  local m
  for m in etl training evaluation; do
    [[ "$m" == "$module" ]] && break
    cp="$cp:$ECG_ROOT/$m/target/classes"
  done
  printf '%s:%s' "$cp" "$(cat "$cpfile")"
}

# Prints the classpath for a benchmark main of module $1 (benchmarks live under src/test/java/**/bench):
# the test and main classes of the module and of the modules before it, and its test-scope
# dependencies. Rebuilds with Maven when any source or pom is newer than the cached classpath file.
ecg_bench_classpath() {
  local module="$1"
  local cpfile="$ECG_ROOT/$module/target/bench-classpath.txt"
  ecg_build_if_stale "$module" bench-classpath.txt test "and its test classes" "$ECG_ROOT"/*/src || return 1
  local cp="" m
  for m in evaluation training etl; do
    case "$module:$m" in evaluation:*|training:training|training:etl|etl:etl)
      cp="$cp$ECG_ROOT/$m/target/test-classes:$ECG_ROOT/$m/target/classes:" ;;
    esac
  done
  printf '%s%s' "$cp" "$(cat "$cpfile")"
}

# Runs a main class on embedded local Spark: no Spark installation needed.
ecg_run_local() {
  local module="$1" main="$2"
  shift 2
  local cp
  cp="$(ecg_classpath "$module")" || return 1
  # shellcheck disable=SC2046
  SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" \
    java $(ecg_jvm_options) ${ECG_JAVA_OPTS:-} $(ecg_java_opens) -Dlog4j2.configurationFile="$ECG_ROOT/conf/log4j2.properties" \
    -cp "$cp" "$main" "$@"
}

ecg_job_jar() {
  local module="$1"
  local jar
  jar="$(ls "$ECG_ROOT/$module"/target/ecg-"$module"-*-job.jar 2>/dev/null | head -n1 || true)"
  if [[ -z "$jar" ]]; then
    echo "[ecg] no job jar for $module: run 'mvn -DskipTests package' first" >&2
    return 1
  fi
  printf '%s' "$jar"
}

# Finds the value of --env in the arguments (default: local).
ecg_env_of() {
  local env="local" prev=""
  for a in "$@"; do
    if [[ "$prev" == "--env" ]]; then env="$a"; fi
    case "$a" in --env=*) env="${a#--env=}";; esac
    prev="$a"
  done
  printf '%s' "$env"
}

# Runs a job: embedded Spark for --env local, spark-submit with the job jar otherwise.
ecg_submit() {
  local module="$1" main="$2"
  shift 2
  local env
  env="$(ecg_env_of "$@")"
  if [[ ! -f "$ECG_CONF_DIR/$env.conf" ]]; then
    echo "[ecg] unknown environment '$env': no $ECG_CONF_DIR/$env.conf" >&2
    return 2
  fi
  if [[ "$env" == "local" ]]; then
    ecg_run_local "$module" "$main" --conf-dir "$ECG_CONF_DIR" "$@"
  else
    ecg_spark_submit "$module" "$main" "$env" "$@"
  fi
}

# spark-submit with the module's shaded job jar. Master, resources and ND4J memory come from the
# job's effective Spark configuration, printed by SubmitArgs: conf/<env>.conf (or --config FILE),
# conf/defaults.conf and the job's spark.* key=value overrides, so nothing host-specific lives in
# the scripts and `train.sh --env yarn ... spark.executor-memory=8g` reaches spark-submit.
ecg_spark_submit() {
  local module="$1" main="$2" env="$3"
  shift 3
  if [[ -z "${SPARK_HOME:-}" ]]; then
    echo "[ecg] SPARK_HOME is not set: cluster environments submit through \$SPARK_HOME/bin/spark-submit" >&2
    return 2
  fi
  local jar
  jar="$(ecg_job_jar "$module")" || return 1
  local -a submit_args=() spark_overrides=()
  mapfile -t spark_overrides < <(ecg_spark_overrides "$@")
  local out
  out="$(java -cp "$jar" org.ecgplatform.etl.cli.SubmitArgs --conf-dir "$ECG_CONF_DIR" --env "$env" \
    ${spark_overrides[@]+"${spark_overrides[@]}"})" || return 2
  mapfile -t submit_args <<< "$out"
  "$SPARK_HOME/bin/spark-submit" "${submit_args[@]}" \
    --files "$ECG_CONF_DIR/$env.conf,$ECG_CONF_DIR/defaults.conf" \
    --class "$main" "$jar" --conf-dir "$(ecg_driver_conf_dir "${submit_args[@]}")" "$@"
}

# The folder the driver reads the environment files from. In YARN cluster mode the driver runs in
# a container on some cluster node, where this host's folder does not exist: it reads the copies
# that --files put into its working directory.
ecg_driver_conf_dir() {
  local master="" mode="client" prev=""
  for a in "$@"; do
    case "$prev" in --master) master="$a";; --deploy-mode) mode="$a";; esac
    prev="$a"
  done
  if [[ "$master" == yarn* && "$mode" == cluster ]]; then printf '.'; else printf '%s' "$ECG_CONF_DIR"; fi
}

# Prints, one per line, the arguments of a job's command line that SubmitArgs needs: spark.* key=value
# overrides (the Spark root is all it reads; other keys are the job's) and --config FILE.
ecg_spark_overrides() {
  local prev=""
  for a in "$@"; do
    if [[ "$prev" == "--config" ]]; then printf -- '--config\n%s\n' "$a"; fi
    case "$a" in
      --config=*) printf '%s\n' "$a" ;;
      spark.*=*) printf '%s\n' "$a" ;;
    esac
    prev="$a"
  done
}
