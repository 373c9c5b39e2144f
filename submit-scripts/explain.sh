#!/usr/bin/env bash
# Error analysis of an evaluation: example beats of the remaining confusions as pictures with the
# saliency of the model's decision, index.md (for docs/results.md), examples.csv.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/explain.sh [--env local|standalone|yarn|k8s] --model <URI> --dataset <URI>
                                 --evaluation <URI> --output <URI> [--per-confusion 4]
                                 [--cells "S>N,N>S,V>N"] [key=value ...]

Explains the errors of a classification evaluation (--evaluation, an evaluate.sh output) of the
model --model on the dataset --dataset: for the most frequent off-diagonal cells of its confusion
matrix (or the --cells given, as reference>predicted), --per-confusion example beats spread over
the records that hold the cell's errors. Each example is scored again exactly as the evaluation
scored it (the beat-sequence model with the same neighbouring beats) and drawn as a PNG: the ECG
lead in mV, the record's template beat, the previous and next beats with their RR intervals, the
saliency of the decision (which samples drove it) as a shaded band, the RR inputs' share and, for
the beat-sequence model, each neighbouring beat's share. Written to --output (must not exist):

  index.md                    the cells, every example with its probabilities and picture, and
                              which records hold which errors (copy the folder next to
                              docs/results.md and link or include index.md)
  examples.csv                one row per example
  confusions_per_record.csv   the off-diagonal counts of every record with errors
  examples/<cell>_<db>_<record>_<sample>.png / .csv   the picture and its per-sample trace

Keys (evaluation/src/main/resources/reference.conf, section evaluation.explain), written in full:
evaluation.explain.top-cells=3 (cells when --cells is not given),
evaluation.explain.method=integrated-gradients|gradient, evaluation.explain.integration-steps=32.

  key=value         configuration overrides, e.g. evaluation.explain.method=gradient spark.driver-memory=8g
  -h, --help        this help; the job's own option list follows
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local evaluation org.ecgplatform.evaluation.cli.ExplainMain --help; exit 0; fi
done
ecg_submit evaluation org.ecgplatform.evaluation.cli.ExplainMain "$@"
