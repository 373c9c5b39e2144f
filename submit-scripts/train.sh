#!/usr/bin/env bash
# Training job: CNN+LSTM beat classifier, DL4J parameter averaging on Spark.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/train.sh [--env local|standalone|yarn|k8s] --dataset <URI> --output <URI> [--resume] [key=value ...]

Trains the beat classifier on an ETL dataset. With --env local (the default) it runs on embedded
Spark from the source tree; other environments go through spark-submit with the shaded job jar.

  --dataset <URI>   dataset directory written by etl.sh
  --output <URI>    model directory: model.zip, model.json, training curve, checkpoints/
  --resume          continue a killed run from its last checkpoint in --output
  key=value         configuration overrides, e.g. training.epochs=20
  -h, --help        this help; the job's own option list follows
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local training org.ecgplatform.training.cli.TrainMain --help; exit 0; fi
done
ecg_submit training org.ecgplatform.training.cli.TrainMain "$@"
