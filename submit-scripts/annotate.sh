#!/usr/bin/env bash
# Annotation job: QRS detection, the ETL's windowing and a trained model's classes for WFDB records
# without reference annotations; MIT annotation files, a beats Parquet and per-record summaries.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/annotate.sh [--env local|standalone|yarn|k8s] --model <URI> --input <URI> [--input <URI> ...]
                                  --output <URI> [key=value ...]

Annotates every record of each --input (a WFDB database directory: headers and signal files; no
reference annotations needed): finds the beats with the platform's QRS detector (etl.detect.*),
cuts their windows with the ETL's own cleaning, resampling and windowing (etl.*, which must match
the model's training dataset) and classifies them with the model (per-beat or sequence). Long
records are cut into chunks (evaluation.annotate.detect-chunk-s, default 600 s, read with
detect-margin-s of context on each side), one Spark task per chunk, merged without duplicates or
gaps: a 24-hour Holter needs no more memory per task than a 30-minute record. Writes to --output
(which must not exist):

  <record>.<annotator>   MIT-format annotations (N, A, V, F, Q), readable by rdann and bxb;
                         annotator from evaluation.annotate.annotator (default ann)
  beats/                 Parquet: database, record, sample, time_s, class, symbol, probabilities
  summary.csv, summary-hourly.csv, summary.json
                         per record and per hour: beats per class, mean heart rate, longest V run,
                         S runs, ectopy burden
  quarantine.csv         records that could not be annotated (no ECG lead, unreadable files ...)
                         with the reason; the others are annotated

Record names must be unique across the inputs. Score the annotation files against reference
annotations, where there are some, with:
  submit-scripts/evaluate.sh --mode detection --test <output> --test-annotator ann --reference <db> --output <dir>

  key=value         configuration overrides, e.g. evaluation.annotate.annotator=cls etl.detect.refinement-passes=1
  -h, --help        this help; the job's own option list follows
USAGE
}

if [[ $# -eq 0 ]]; then usage; exit 2; fi
for a in "$@"; do
  if [[ "$a" == "-h" || "$a" == "--help" ]]; then usage; echo; ecg_run_local evaluation org.ecgplatform.evaluation.cli.AnnotateMain --help; exit 0; fi
done
ecg_submit evaluation org.ecgplatform.evaluation.cli.AnnotateMain "$@"
