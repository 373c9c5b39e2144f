#!/usr/bin/env bash
# The whole pipeline: (synthetic records or MIT-BIH) -> ETL -> training -> evaluation.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/pipeline.sh [--env local|standalone|yarn|k8s] [--work <dir-or-URI>]
                                  [--mitdb <dir-or-URI>] [--nstdb <dir-or-URI>] [--quick] [key=value ...]

Runs ETL -> training -> evaluation and stops at the first failure. Without --mitdb it first
generates synthetic WFDB records (the platform's ECG generator), so it needs no downloaded data.

  --work <dir>     where every stage writes (default: ./work): synth/, dataset/, model/, evaluation/<run>/
  --mitdb <dir>    a directory holding the MIT-BIH Arrhythmia Database (48 records, from
                   https://physionet.org/content/mitdb/1.0.0/); trains on DS1, evaluates on DS2
  --nstdb <dir>    the MIT-BIH Noise Stress Test Database, for real-noise augmentation
  --records N      synthetic records to generate (default 24) and --duration-s S (default 600)
  key=value        overrides passed to every stage (etl.*, training.*, evaluation.*, synth.*, spark.*);
                   each stage reads its own and ignores the others
  -h, --help       this help
USAGE
}

env="local"; work="$PWD/work"; mitdb=""; nstdb=""; records=24; duration=600
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --env) env="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --mitdb) mitdb="$2"; shift 2 ;;
    --nstdb) nstdb="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --duration-s) duration="$2"; shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "pipeline.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stage() { printf '\n[pipeline] %s  %s\n' "$(date +%H:%M:%S)" "$*"; }
t0=$SECONDS
declare -A took

if [[ -z "$mitdb" ]]; then
  # Generated once per size and reused by later runs (the generator is seeded: same records).
  # "-patients": databases of the generator from before patients differed are not reused.
  input="$work/synth/${records}x${duration}s-patients/synthdb"
  s=$SECONDS
  if [[ -e "$input/RECORDS" ]]; then
    stage "1/4 reusing $records synthetic records in $input"
  else
    stage "1/4 generating $records synthetic records of ${duration}s -> $input"
    "$here/synth.sh" --env "$env" --output "$input" --records "$records" --duration-s "$duration" \
      ${overrides[@]+"${overrides[@]}"}
  fi
  took[synth]=$((SECONDS - s))
  # The generator makes N, S, V and F beats only: class Q may be absent from training.
  # A short schedule keeps the demo within minutes; later key=value arguments override it.
  overrides=("training.absent-classes-allowed=[Q]" "training.epochs=4" ${overrides[@]+"${overrides[@]}"})
else
  input="$mitdb"
fi

stage "2/4 ETL $input -> $work/dataset"
s=$SECONDS
etl_args=(--env "$env" --input "$input" --output "$work/dataset")
[[ -n "$nstdb" ]] && etl_args+=("etl.augment.nstdb.dir=\"$nstdb\"")
"$here/etl.sh" "${etl_args[@]}" ${overrides[@]+"${overrides[@]}"}
took[etl]=$((SECONDS - s))

stage "3/4 training on $work/dataset -> $work/model"
s=$SECONDS
"$here/train.sh" --env "$env" --dataset "$work/dataset" --output "$work/model" ${overrides[@]+"${overrides[@]}"}
took[train]=$((SECONDS - s))

eval_out="$work/evaluation/$(date -u +%Y%m%dT%H%M%SZ)"
stage "4/4 evaluation of $work/model on the test split -> $eval_out"
s=$SECONDS
"$here/evaluate.sh" --env "$env" --model "$work/model" --dataset "$work/dataset" --output "$eval_out" \
  ${overrides[@]+"${overrides[@]}"}
took[evaluate]=$((SECONDS - s))

stage "done in $((SECONDS - t0)) s (synth ${took[synth]:-0} s, etl ${took[etl]} s, train ${took[train]} s, evaluate ${took[evaluate]} s)"
cat <<DONE
  dataset            $work/dataset            (manifest.json, schema.json, rejects.csv, beats/)
  model              $work/model              (model.zip, model.json, training-curve.png, training-metrics.csv)
  metrics            $eval_out/metrics.json
  confusion matrix   $eval_out/confusion_matrix.png (and .csv, .json)
  report             $eval_out/report.html
  metrics history    $work/evaluation/history
DONE
if [[ -z "$mitdb" ]]; then
  echo "  what it means      an inter-patient evaluation: the figures above score the model on synthetic patients it never saw in training (each record is one patient with its own heart rate, QRS shape, noise and ectopy), so imperfect figures are expected; the real benchmark, MIT-BIH DS1 -> DS2 with several seeds: submit-scripts/benchmark-mitdb.sh --help"
else
  echo "  what it means      an inter-patient evaluation: the figures above score the model on the DS2 patients of MIT-BIH, none of whom it trained on; the full benchmark with several seeds and the noise-stress curve: submit-scripts/benchmark-mitdb.sh --help"
fi
