#!/usr/bin/env bash
# Sample export: a few beats per AAMI class and split of a dataset, as one CSV file (for notebooks).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/export-sample.sh [--env local|standalone|yarn|k8s] --dataset <URI> --output <URI>
                                       [--per-class N] [--seed S] [--splits train,val,test]
                                       [--include-augmented] [key=value ...]

Draws up to N beats per AAMI class and split (seeded, deterministic) from a beat dataset written by
the ETL and writes them as one CSV file with one column per window value, readable with pandas
alone. The notebooks (notebooks/README.md) expect it at <work>/export/beats-sample.csv:

  submit-scripts/export-sample.sh --dataset work/dataset --output work/export/beats-sample.csv

  -h, --help        this help; the job's own option list follows

Environment: ECG_JAVA_OPTS (extra JVM options for local runs), SPARK_HOME (cluster runs).
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local etl org.ecgplatform.etl.cli.ExportSampleMain --help; exit 0; fi
done
ecg_submit etl org.ecgplatform.etl.cli.ExportSampleMain "$@"
