#!/usr/bin/env bash
# Evaluation job: distributed inference, EC57 metrics, confusion matrices, report, baseline gate;
# or (--mode detection) beat-by-beat scoring of annotation files against reference annotations, as bxb.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/evaluate.sh [--env local|standalone|yarn|k8s] --model <URI> --dataset <URI> --output <URI>
                                  [--baseline <URI>] [key=value ...]
       submit-scripts/evaluate.sh [--env ...] --mode detection --test <URI> --test-annotator <name>
                                  --reference <URI> [--reference-annotator atr] --output <URI> [key=value ...]

Classification (default): scores a model on a dataset's test split and writes predictions,
confusion matrices, EC57 metrics, a heat map, an HTML report and WFDB annotation files to --output.
With --baseline (a previous evaluation output) it adds a delta table and exits non-zero when a gated
metric regresses.

Detection (--mode detection): scores the annotation files <test>/<record>.<test-annotator> (e.g. a
QRS detector's) against the reference annotations of the WFDB database --reference, beat by beat,
exactly as PhysioNet's `bxb -f 0` and `sumstats` do: the bxb and sumstats text reports, per-record
and gross/average results (CSV, JSON), the tallies' heat map and an HTML report. Records that have
only one of the two files are listed as skipped.

evaluation.class-mapping=aami|bxb (default aami) decides the class of the escape beats e and j (N in
the AAMI table of the literature, S in bxb's map); every output names the mapping.

  key=value         configuration overrides, e.g. evaluation.split=val evaluation.gate.macro-f1.max-drop=0.02
  -h, --help        this help; the job's own option list follows
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local evaluation org.ecgplatform.evaluation.cli.EvaluateMain --help; exit 0; fi
done
ecg_submit evaluation org.ecgplatform.evaluation.cli.EvaluateMain "$@"
