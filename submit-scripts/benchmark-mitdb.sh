#!/usr/bin/env bash
# The model-quality benchmark of docs/results.md: MIT-BIH inter-patient (train DS1, test DS2, EC57
# classes) plus the noise-stress curve on the NSTDB records 118e24..119e_6, for one or more seeds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/benchmark-mitdb.sh [--env local|standalone|yarn|k8s] [--work <dir>]
                                         [--mitdb <dir-or-URI>] [--nstdb <dir-or-URI>]
                                         [--seeds "42 7 1234"] [--ensemble] [--early-stopping]
                                         [key=value ...]
       submit-scripts/benchmark-mitdb.sh --summarise <work-dir> [<work-dir> ...] [--without 232]
                                         [--noise-records 118e12,119e12] [--output <dir>]

Reproduces docs/results.md:
  1. ETL of MIT-BIH (--mitdb) with de Chazal's inter-patient split: DS1 -> train, DS2 -> test;
     the train split augmented with real NSTDB noise. Every DS1 patient trains and the model is
     the last of 3 epochs (no validation split, no early stopping): the protocol the
     leave-patients-out cross-validation on DS1 chose (docs/results.md, line beat-noval3 of
     docs/cv-ablation-beat.txt). With --early-stopping, the earlier protocol: DS1 -> train/val,
     the validation patients the DS1 records 220, 118, 207 and 106 (chosen from DS1 alone for
     their supraventricular and ventricular beats), at most 12 epochs, early stopping with
     patience 4 on their macro-F1
  2. ETL of the NSTDB noise-stress records (--nstdb) 118e24..119e_6, every record in the test
     split, no augmentation (the noise records bw, em, ma have no beat annotations and are listed
     in rejects.csv)
  3. per seed: training (parameter averaging on Spark), evaluation on all of DS2, evaluation on
     the noise-stress records
  4. <work>/summary.csv (one row per seed: training time, accuracy, SVEB/VEB Se, +P, F1, gross
     EC57 statistics), <work>/per-record.csv (per seed and DS2 record with S or V beats: the
     record's S and V beats, SVEB and VEB Se and +P) and <work>/noise-stress.csv (per seed and
     record: VEB/SVEB Se and +P)
  5. with --ensemble: the models of all seeds scored as one ensemble (the mean of their class
     probabilities; evaluate.sh --model a,b,...) on DS2 and the noise-stress records, one more row
     "ensemble-<s1>_<s2>..." in each file (train_s: the members' training time together)
  6. <work>/seeds-summary.md (and .csv): the figures over the seeds, as docs/results.md gives them:
     per set (ds2, nstdb) the mean +- sd, range and each seed's value of the gross EC57 figures
     (ensembles listed, not averaged), for DS2 the central 95 % of the mean when its records are
     drawn again with replacement (how much the figure owes to which patients DS2 holds; 2,000
     draws, --bootstrap N of --summarise), the noise stress of 118e12 + 119e12, and every record with S
     or V beats over the seeds (seeds-per-record.csv; seeds-runs.csv per evaluation). Every seed
     evaluated in <work> counts, an earlier run's in the same directory too

--summarise writes step 6 alone, over the evaluations already in one or more work directories: the
seeds of several runs pooled (a seed in two of them is an error), --without <records> adds the DS2
figures without those records (a diagnostic, e.g. --without 232), --output where the files go
(default: the first directory). Nothing is trained or scored.

  --work <dir>     where everything is written (default: ./work/benchmark-mitdb); a directory of
                   this host, since the summary reads the
                   metrics files; an existing dataset or model in it is reused, not rebuilt
  --mitdb <dir>    MIT-BIH Arrhythmia Database (default: $ECG_DATA_DIR/mitdb, ECG_DATA_DIR
                   defaulting to ../shared/data beside the project)
  --nstdb <dir>    MIT-BIH Noise Stress Test Database (default: $ECG_DATA_DIR/nstdb)
  --seeds "..."    training seeds (default: 42)
  --ensemble       also score the seeds' models as one ensemble (two or more seeds)
  --early-stopping validation patients 220, 118, 207, 106 and early stopping (the protocol before
                   the cross-validated one; its figures are in docs/results.md too)
  key=value        overrides for every job (etl.*, training.*, evaluation.*, spark.*)
  -h, --help       this help

The model settings are the defaults of conf/ and each module's reference.conf; only the split's
validation records and the epoch budget are set here (key=value overrides come after them and win).
USAGE
}

if [[ "${1:-}" == "--summarise" ]]; then
  shift
  if [[ $# -eq 0 ]]; then echo "benchmark-mitdb.sh: --summarise needs one or more work directories (see --help)" >&2; exit 2; fi
  ecg_run_local evaluation org.ecgplatform.evaluation.cli.BenchmarkSummaryMain "$@"
  exit 0
fi

data="${ECG_DATA_DIR:-$root/../shared/data}"
env="local"; work="$PWD/work/benchmark-mitdb"; mitdb="$data/mitdb"; nstdb="$data/nstdb"; seeds="42"
ensemble=false; early_stopping=false
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --ensemble) ensemble=true; shift ;;
    --early-stopping) early_stopping=true; shift ;;
    --env|--work|--mitdb|--nstdb|--seeds)
      if [[ $# -lt 2 ]]; then echo "benchmark-mitdb.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in
        --env) env="$2" ;; --work) work="$2" ;; --mitdb) mitdb="$2" ;; --nstdb) nstdb="$2" ;; --seeds) seeds="$2" ;;
      esac
      shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    --summarise) echo "benchmark-mitdb.sh: --summarise comes first: benchmark-mitdb.sh --summarise <work-dir>... (see --help)" >&2; exit 2 ;;
    *) echo "benchmark-mitdb.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

read -r -a seed_list <<< "$seeds"
if [[ "$ensemble" == true && ${#seed_list[@]} -lt 2 ]]; then
  echo "benchmark-mitdb.sh: --ensemble needs two or more --seeds (got '$seeds')" >&2; exit 2
fi

if [[ "$early_stopping" == true ]]; then
  # Early stopping on DS1 validation patients with S and V beats decides the epoch (at most 12).
  split=("etl.split.validation.records=[\"220\",\"118\",\"207\",\"106\"]")
  training=(training.epochs=12 training.early-stopping-patience=4)
else
  # Chosen on the DS1 folds: every DS1 patient trains, the last of 3 epochs is the model.
  split=("etl.split.validation.records=[]" etl.split.validation.count=0)
  training=(training.epochs=3 training.early-stopping-patience=0)
fi

stage() { printf '\n[benchmark] %s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
mkdir -p "$work" 2>/dev/null || true

# A dataset reused from an earlier run must have been made with the same protocol.
if [[ -e "$work/mitdb/manifest.json" && -d "$work/mitdb/beats" ]]; then
  has_val=false; [[ -d "$work/mitdb/beats/split=val" ]] && has_val=true
  if [[ "$has_val" == true && "$early_stopping" == false ]]; then
    echo "benchmark-mitdb.sh: $work/mitdb has a val split (made with --early-stopping); use another --work or add --early-stopping" >&2
    exit 2
  elif [[ "$has_val" == false && "$early_stopping" == true ]]; then
    echo "benchmark-mitdb.sh: $work/mitdb has no val split, which --early-stopping needs; use another --work or drop --early-stopping" >&2
    exit 2
  fi
fi

stage "ETL $mitdb -> $work/mitdb (DS1 train$([[ "$early_stopping" == true ]] && echo /val), DS2 test)"
[[ -e "$work/mitdb/manifest.json" ]] && echo "reusing $work/mitdb" || \
  "$here/etl.sh" --env "$env" --input "$mitdb" --output "$work/mitdb" "etl.augment.nstdb.dir=\"$nstdb\"" \
    "${split[@]}" ${overrides[@]+"${overrides[@]}"}

stage "ETL $nstdb -> $work/nstdb (noise-stress records, all in the test split)"
[[ -e "$work/nstdb/manifest.json" ]] && echo "reusing $work/nstdb" || \
  "$here/etl.sh" --env "$env" --input "$nstdb" --output "$work/nstdb" etl.augment.enabled=false \
    etl.split.hash.train=0 etl.split.hash.val=0 etl.split.hash.test=1 \
    ${overrides[@]+"${overrides[@]}"}

metric() { awk -F, -v k="$2" '$1 == k { print $2 }' "$1/metrics.csv"; }
f1() { awk -v se="$1" -v p="$2" 'BEGIN { printf "%.4f", (se + p > 0) ? 2 * se * p / (se + p) : 0 }'; }

summary="$work/summary.csv"
noise="$work/noise-stress.csv"
echo "seed,train_s,best_epoch,accuracy,sveb_se,sveb_ppv,sveb_f1,veb_se,veb_ppv,veb_f1" > "$summary"
perrecord="$work/per-record.csv"
echo "seed,record,beats,accuracy,veb_se,veb_ppv,sveb_se,sveb_ppv" > "$noise"
echo "seed,record,s_beats,v_beats,sveb_se,sveb_ppv,veb_se,veb_ppv" > "$perrecord"
# Evaluates model(s) $3 (one URI, or several separated by commas) on DS2 and on the noise-stress
# records into <work>/ds2-$2 and <work>/nstdb-$2, and appends their rows, labelled $1 (training
# time $4, best epoch $5), to the three tables.
score() {
  local label="$1" model="$3" took="$4" best="$5"
  local e="$work/ds2-$2" n="$work/nstdb-$2"
  stage "$label: evaluation on DS2 -> $e"
  rm -rf "$e" "$n"
  "$here/evaluate.sh" --env "$env" --model "$model" --dataset "$work/mitdb" --output "$e" \
    ${overrides[@]+"${overrides[@]}"}
  stage "$label: evaluation on the noise-stress records -> $n"
  "$here/evaluate.sh" --env "$env" --model "$model" --dataset "$work/nstdb" --output "$n" \
    ${overrides[@]+"${overrides[@]}"}

  local sse sp vse vp
  sse=$(metric "$e" svebSe); sp=$(metric "$e" svebPpv); vse=$(metric "$e" vebSe); vp=$(metric "$e" vebPpv)
  echo "$label,$took,$best,$(metric "$e" accuracy),$sse,$sp,$(f1 "$sse" "$sp"),$vse,$vp,$(f1 "$vse" "$vp")" >> "$summary"
  # DS2 records holding S or V reference beats: their counts from the per-record confusion matrix,
  # their Se and +P from the per-record metrics.
  awk -F, -v s="$label" '
    FNR == 1 { next }
    FILENAME ~ /confusion/ { if ($2 == "S") S[$1] += $4; if ($2 == "V") V[$1] += $4; next }
    (S[$1] + V[$1]) > 0 { print s "," $1 "," S[$1] + 0 "," V[$1] + 0 "," $7 "," $8 "," $4 "," $5 }
  ' "$e/confusion_matrix_per_record.csv" "$e/metrics_per_record.csv" >> "$perrecord"
  tail -n +2 "$n/metrics_per_record.csv" | \
    awk -F, -v s="$label" '{ print s "," $1 "," $2 "," $3 "," $4 "," $5 "," $7 "," $8 }' >> "$noise"
}

total_train=0
for seed in $seeds; do
  model="$work/model-seed$seed"
  stage "seed $seed: training -> $model"
  s=$SECONDS
  if [[ -e "$model/model.json" ]]; then
    echo "reusing $model"
  else
    "$here/train.sh" --env "$env" --dataset "$work/mitdb" --output "$model" "training.seed=$seed" \
      "${training[@]}" ${overrides[@]+"${overrides[@]}"}
  fi
  took=$((SECONDS - s))
  score "$seed" "seed$seed" "$model" "$took" "$(grep -o '"bestEpoch" : [0-9]*' "$model/model.json" | grep -o '[0-9]*$' || echo "")"
  total_train=$((total_train + took))
done
if [[ "$ensemble" == true ]]; then
  members=(); for seed in $seeds; do members+=("$work/model-seed$seed"); done
  label="ensemble-$(IFS=_; echo "${seed_list[*]}")"
  score "$label" "$label" "$(IFS=,; echo "${members[*]}")" "$total_train" ""
fi

echo
echo "DS2 (gross EC57 statistics), one row per seed (and the ensemble): $summary"
column -s, -t < "$summary"
echo
echo "DS2 records with S or V beats, per seed: $perrecord"
column -s, -t < "$perrecord"
echo
echo "Noise stress (NSTDB, per record; e24 = 24 dB SNR ... e_6 = -6 dB): $noise"
column -s, -t < "$noise"

stage "summary over the seeds"
ecg_run_local evaluation org.ecgplatform.evaluation.cli.BenchmarkSummaryMain "$work"
stage "done"
