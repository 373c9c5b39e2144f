#!/usr/bin/env bash
# Evaluation job: distributed inference, EC57 metrics, confusion matrices, report, baseline gate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/evaluate.sh [--env local|standalone|yarn|k8s] --model <URI> --dataset <URI> --output <URI>
                                  [--baseline <URI>] [key=value ...]

Scores a model on a dataset's test split and writes predictions, confusion matrices, EC57 metrics,
a heat map, an HTML report and WFDB annotation files to --output. With --baseline (a previous
evaluation output) it adds a delta table and exits non-zero when a gated metric regresses.

  key=value         configuration overrides, e.g. evaluation.split=val evaluation.gate.macro-f1.max-drop=0.02
  -h, --help        this help; the job's own option list follows
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local evaluation org.ecgplatform.evaluation.cli.EvaluateMain --help; exit 0; fi
done
ecg_submit evaluation org.ecgplatform.evaluation.cli.EvaluateMain "$@"
