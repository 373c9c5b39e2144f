#!/usr/bin/env bash
# ETL job: WFDB databases -> cleaned, segmented, labelled, split, augmented Parquet beat dataset.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/etl.sh [--env local|standalone|yarn|k8s] --input <dir-or-URI> [--input <dir-or-URI> ...]
                             --output <URI> [key=value ...]

Runs the ETL job. With --env local (the default) it runs on embedded Spark from the source tree
(no Spark installation needed); other environments go through spark-submit with the shaded job jar.

  --input <dir-or-URI>   a WFDB database directory (local path, file:, hdfs://, s3a://); repeatable
  --output <URI>         output dataset directory (replaced atomically)
  key=value              configuration overrides, e.g. etl.target-fs-hz=250 etl.augment.enabled=false
  --print-config         print the effective configuration and exit
  -h, --help             this help; the job's own option list follows

Environment: ECG_JAVA_OPTS (extra JVM options for local runs, e.g. -Xmx8g), SPARK_HOME (cluster runs).
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local etl org.ecgplatform.etl.cli.EtlMain --help; exit 0; fi
done
ecg_submit etl org.ecgplatform.etl.cli.EtlMain "$@"
