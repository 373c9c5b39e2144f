#!/usr/bin/env bash
# Synthetic database: an annotated WFDB database (N, V, A, F beats) from the ECGSYN dynamical model.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/synth.sh [--env local|standalone|yarn|k8s] --output <URI> [--records N] [--duration-s S]
                               [--fs-hz F] [--seed S] [key=value ...]

Generates a synthetic WFDB database (header, format 212/16 signal file and .atr beat annotations per
record, plus RECORDS) with one Spark task per record. Each record is a patient of its own (heart rate,
QRS width and axis, noise, ectopy mix drawn from seeded distributions; synth.patient-spread=0 makes them
all alike). With --env local (the default) it runs on embedded Spark from the source tree (no Spark
installation needed).

  --output <URI>     output database directory (local path, file:, hdfs://, s3a://); must not exist
  --records N        number of records (default 48)
  --duration-s S     record length in seconds (default 1800, as mitdb)
  --fs-hz F          sampling frequency in Hz (default 360)
  --seed S           seed; record i depends only on (seed, i)
  key=value          settings, e.g. synth.fraction-v=0.1 synth.snr-db=inf synth.format=16 synth.leads=1
  --print-config     print the effective settings and exit
  -h, --help         this help; the job's own option list follows

Environment: ECG_JAVA_OPTS (extra JVM options for local runs, e.g. -Xmx8g), SPARK_HOME (cluster runs).
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local etl org.ecgplatform.etl.cli.SynthMain --help; exit 0; fi
done
if declare -F ecg_submit >/dev/null; then
  ecg_submit etl org.ecgplatform.etl.cli.SynthMain "$@"
else
  # Older lib/common.sh without ecg_submit: embedded Spark only.
  ecg_run_local etl org.ecgplatform.etl.cli.SynthMain "$@"
fi
