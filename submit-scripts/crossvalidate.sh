#!/usr/bin/env bash
# Leave-patients-out cross-validation on MIT-BIH DS1 (never DS2): every configuration of a list is
# trained on the other folds and scored on each fold's patients; the summary picks one configuration
# by a rule fixed in advance (the reference stays unless another configuration leads it seed for
# seed beyond the seeds' disagreement, and over the patients). docs/results.md is made with it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/cv-lib.sh
source "$here/lib/cv-lib.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/crossvalidate.sh --configs <file> [--configs <file> ...] [--only "<name>,..."] [--list]
                                       [--env local|standalone|yarn|k8s] [--work <dir>]
                                       [--mitdb <dir-or-URI>] [--nstdb <dir-or-URI>]
                                       [--folds "0 1 2 3"] [--seeds "1"] [--ensemble] [--reference <name>]
                                       [--rule seeds-and-patients|seeds] [key=value ...]

Cross-validation inside de Chazal's training set DS1 (the ETL's dechazal-cv split preset, folds
and per-fold validation records in etl.split.cv of etl's reference.conf). DS2 is never read.
For each fold: one ETL of DS1 (fold k = test split, its validation records = val split, the other
DS1 records = train split) per distinct set of etl.* settings; for each configuration and seed:
training on the fold's train split (early stopping on its val split) and evaluation on its test
split. Finally <work>/cv-folds.csv (per configuration, seed and fold), <work>/cv-summary.csv
(per configuration: every fold's test records pooled, mean and sd over seeds; and the per-fold
mean and sd) and the configuration with the highest mean pooled score, (SVEB F1 + VEB F1) / 2,
shown but not the selection. When the candidates stand on different numbers of trained models
(seeds, or an ensemble's members), a "Caution:" line names them. Then <work>/cv-paired.csv: every
configuration against the reference configuration, seed for seed (the difference of the pooled
score for each seed both ran, their mean and sd, on how many seeds and folds the configuration is
ahead, the one-sided 95 % lower bound of the mean difference, whether that is a lead, how many
seeds the same mean and sd would need to be one, and the central 95 % of the mean difference when
the pooled test records, the patients, are drawn again with replacement: where that reaches below
0, a lead stands on a few patients; and leads_over_patients, a lead whose interval stays above 0).
A seed fixes the network's initialisation, so the paired difference is free of the seed spread the
two share. The selection ("Selected by the paired rule"): the reference stays unless a
configuration this command ran leads it, that is, 3 or more seeds both ran and the lower bound is
above 0 (a one-sided paired t-test at 5 %), and the lead holds over the patients (the interval
above 0; --rule seeds drops this part); of several leaders, the one with the highest lower bound.
A configuration that leads seed for seed but not over the patients is named, with its interval.
cv-paired.csv lists every configuration in the work directory, those of earlier commands too. A
higher mean is not enough: twice on MIT-BIH a lead inside the seeds' spread did not hold on DS2,
and three leads by the seeds alone did not either (docs/results.md). An ensemble has no seeds to
pair, so it is shown, never selected. And whether the validation that training stops on predicts
the test: <work>/cv-validation.csv (per model: the kept epoch's validation
macro-F1 and the fold's test score), cv-validation-folds.csv (per fold: their rank and linear
correlation over every model trained for it) and cv-validation-picks.csv (per configuration with
two or more seeds: the pooled score of keeping on each fold the seed validation prefers, against
the seeds' own pooled scores).
And <work>/cv-run-length.csv: per configuration and seed, the S and V beats found among those that
stand alone, in a couplet or in a run of 3 or more of their class, over the folds (each
evaluation's sensitivity_by_run_length.csv).

  --configs <file>  one configuration per line: "<name> key=value key=value ..." (etl.*, training.*,
                    evaluation.* keys; '#' starts a comment); e.g.
                        sequence-bi   training.model=sequence training.sequence.direction=bidirectional
                        beat          training.model=beat
                    A line "<name> models=<earlier name> evaluation.k=v ..." trains nothing: it
                    scores the earlier configuration's models (each seed and fold) with its own
                    evaluation.* keys added, so its paired difference against that configuration is
                    the effect of the evaluation setting alone, free of any training variation; e.g.
                        beat-noval3-afgate  models=beat-noval3 evaluation.af-gate.enabled=true
                    Several --configs files are read in order, as one list: a line may name a line of
                    an earlier file in models=, and a line repeated word for word in two files (a
                    shared reference) counts once; one name defined differently twice is an error.
                    <work>/configs.txt gets the lines the command runs.
  --only "<names>"  run only these lines of the --configs files (names separated by commas or
                    spaces), with the lines their models= name and the --reference line; e.g.
                        --configs docs/cv-ablation-beat.txt --configs docs/cv-ablation.txt \
                        --only seq-noval3 --reference beat-noval3
  --list            print the lines the command would run (after --only, one per line, their words
                    joined by single spaces) and exit: no job runs, nothing is written
  --work <dir>      where everything is written (default: ./work/crossvalidate); existing datasets,
                    models and evaluations in it are reused, so an interrupted run continues
  --mitdb <dir>     MIT-BIH Arrhythmia Database (default: $ECG_DATA_DIR/mitdb, ECG_DATA_DIR defaulting
                    to ../shared/data beside the project)
  --nstdb <dir>     NSTDB, for the ETL's real-noise augmentation (default: $ECG_DATA_DIR/nstdb)
  --folds "..."     folds to run (default: all four, "0 1 2 3")
  --seeds "..."     training seeds (default: 1)
  --ensemble        also score, per configuration and fold, the models of all --seeds (two or more) as
                    one ensemble, the mean of their class probabilities (evaluate.sh --model a,b,...):
                    runs/<config>/ensemble-<s1>_<s2>.../fold<k>, summarised as configuration
                    <config>+ensemble<s1>_<s2>... (seed 0). The selection considers an ensemble only
                    when it holds every seed of its configuration in the work directory (an earlier
                    run's ensemble of fewer seeds stays in the tables, but choosing it would choose
                    seeds)
  --reference <name>  the configuration the others are compared with seed for seed and which stays
                    selected unless one leads it (default: the first line the command runs; for
                    MIT-BIH, the benchmark's protocol is beat-noval3 of docs/cv-ablation-beat.txt);
                    its runs may come from an earlier command in --work
  --rule <rule>     what a configuration must show to replace the reference: seeds-and-patients
                    (default; every choice since the supraventricular-run rule is held to it) or
                    seeds (the seed-for-seed lead alone: the rule the earlier choices in
                    docs/results.md were made by, to read them again as they were made)
  key=value         overrides for every run (before each configuration's own)
  -h, --help        this help
USAGE
}

data="${ECG_DATA_DIR:-$ECG_ROOT/../shared/data}"
env="local"; work="$PWD/work/crossvalidate"; mitdb="$data/mitdb"; nstdb="$data/nstdb"; folds="0 1 2 3"; seeds="1"; reference=""
rule="seeds-and-patients"
configs=(); only=""; ensemble=false; list=false
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --ensemble) ensemble=true; shift ;;
    --list) list=true; shift ;;
    --env|--work|--mitdb|--nstdb|--folds|--seeds|--configs|--only|--reference|--rule)
      if [[ $# -lt 2 ]]; then echo "crossvalidate.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in
        --env) env="$2" ;; --work) work="$2" ;; --mitdb) mitdb="$2" ;; --nstdb) nstdb="$2" ;;
        --folds) folds="$2" ;; --seeds) seeds="$2" ;; --configs) configs+=("$2") ;; --only) only="$2" ;;
        --reference) reference="$2" ;;
        --rule)
          case "$2" in
            seeds-and-patients|seeds) rule="$2" ;;
            *) echo "crossvalidate.sh: --rule must be seeds-and-patients or seeds, not '$2' (see --help)" >&2; exit 2 ;;
          esac ;;
      esac
      shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "crossvalidate.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ ${#configs[@]} -eq 0 ]]; then
  echo "crossvalidate.sh: --configs <file> is required (see --help)" >&2; exit 2
fi
selected="$(ecg_cv_select_configs "$only" "$reference" "${configs[@]}")" || exit 2
if [[ "$list" == true ]]; then printf '%s\n' "$selected"; exit 0; fi

read -r -a seed_list <<< "$seeds"
if [[ "$ensemble" == true && ${#seed_list[@]} -lt 2 ]]; then
  echo "crossvalidate.sh: --ensemble needs two or more --seeds (got '$seeds')" >&2; exit 2
fi

stage() { printf '\n[cv] %s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
mkdir -p "$work/data" "$work/runs"
# The lines this command runs, beside the results (a valid --configs file: rerunning the work
# directory with --configs <work>/configs.txt runs them again).
{
  printf '# crossvalidate.sh'; printf ' --configs %s' "${configs[@]}"; printf '%s\n' "${only:+ --only $only}"
  printf '%s\n' "$selected"
} > "$work/configs.txt"

# The selected lines (checked by ecg_cv_select_configs), in the order of their files, into three
# arrays: names, their settings (one string each: for a models= line, its source's settings and
# then its own evaluation.* keys) and the line whose models they score (empty for a training line).
names=(); settings=(); sources=()
while IFS= read -r line; do
  read -r -a words <<< "$line"
  source_config=""; own=()
  for kv in "${words[@]:1}"; do
    if [[ "$kv" == models=* ]]; then source_config="${kv#models=}"; else own+=("$kv"); fi
  done
  if [[ -n "$source_config" ]]; then
    src=-1
    for j in "${!names[@]}"; do [[ "${names[$j]}" == "$source_config" ]] && src=$j; done
    [[ $src -ge 0 ]] || { echo "crossvalidate.sh: internal error: $source_config not selected" >&2; exit 1; }
    settings+=("${settings[$src]}${own[*]+ ${own[*]}}")
  else
    settings+=("${own[*]+${own[*]}}")
  fi
  names+=("${words[0]}")
  sources+=("$source_config")
done <<< "$selected"
reference="${reference:-${names[0]}}"

for fold in $folds; do
  for i in "${!names[@]}"; do
    name="${names[$i]}"
    read -r -a own <<< "${settings[$i]}"
    all=(${overrides[@]+"${overrides[@]}"} ${own[@]+"${own[@]}"})
    etl_keys=()
    for kv in ${all[@]+"${all[@]}"}; do [[ "$kv" == etl.* ]] && etl_keys+=("$kv"); done
    evaluation_keys=()
    for kv in ${all[@]+"${all[@]}"}; do [[ "$kv" == evaluation.* ]] && evaluation_keys+=("$kv"); done
    # One dataset per fold and distinct etl.* settings.
    tag="$(printf '%s\n' ${etl_keys[@]+"${etl_keys[@]}"} | sort | sha256sum | cut -c1-10)"
    dataset="$work/data/fold$fold-$tag"
    if [[ ! -e "$dataset/manifest.json" ]]; then
      stage "fold $fold: ETL -> $dataset (${etl_keys[*]:-default ETL settings})"
      "$here/etl.sh" --env "$env" --input "$mitdb" --output "$dataset" \
        etl.split.presets.mitdb=dechazal-cv "etl.split.cv.fold=$fold" "etl.augment.nstdb.dir=\"$nstdb\"" \
        ${etl_keys[@]+"${etl_keys[@]}"}
    fi
    for seed in $seeds; do
      run="$work/runs/$name/seed$seed/fold$fold"
      model="$run/model"
      [[ -n "${sources[$i]}" ]] && model="$work/runs/${sources[$i]}/seed$seed/fold$fold/model"
      mkdir -p "$run"
      if [[ -n "${sources[$i]}" ]]; then
        [[ -e "$model/model.json" ]] || { echo "crossvalidate.sh: $name scores $model, which was not trained" >&2; exit 1; }
      elif [[ ! -e "$run/model/model.json" ]]; then
        stage "fold $fold, $name, seed $seed: training -> $run/model"
        resume=(); [[ -e "$run/model/checkpoints/state.json" ]] && resume=(--resume)
        "$here/train.sh" --env "$env" --dataset "$dataset" --output "$run/model" ${resume[@]+"${resume[@]}"} \
          "training.seed=$seed" ${all[@]+"${all[@]}"} 2>&1 | tee "$run/train.log" | grep -E "Epoch|Early|Wrote|ERROR|Exception" || true
        [[ -e "$run/model/model.json" ]] || { echo "crossvalidate.sh: training failed, see $run/train.log" >&2; exit 1; }
      fi
      if [[ ! -e "$run/evaluation/_SUCCESS" ]]; then
        stage "fold $fold, $name, seed $seed: evaluation of the fold's test records${sources[$i]:+ with the models of ${sources[$i]}}"
        rm -rf "$run/evaluation"
        "$here/evaluate.sh" --env "$env" --model "$model" --dataset "$dataset" --output "$run/evaluation" \
          evaluation.write-annotations=false "evaluation.history-dir=$work/history" \
          ${evaluation_keys[@]+"${evaluation_keys[@]}"} > "$run/evaluate.log" 2>&1 \
          || { echo "crossvalidate.sh: evaluation failed, see $run/evaluate.log" >&2; exit 1; }
      fi
    done
    if [[ "$ensemble" == true ]]; then
      members=(); for seed in $seeds; do members+=("$work/runs/${sources[$i]:-$name}/seed$seed/fold$fold/model"); done
      joined="$(IFS=_; echo "${seed_list[*]}")"
      run="$work/runs/$name/ensemble-$joined/fold$fold"
      if [[ ! -e "$run/evaluation/_SUCCESS" ]]; then
        stage "fold $fold, $name, ensemble of seeds $seeds: evaluation of the fold's test records"
        mkdir -p "$run"; rm -rf "$run/evaluation"
        "$here/evaluate.sh" --env "$env" --model "$(IFS=,; echo "${members[*]}")" --dataset "$dataset" \
          --output "$run/evaluation" evaluation.write-annotations=false "evaluation.history-dir=$work/history" \
          ${evaluation_keys[@]+"${evaluation_keys[@]}"} > "$run/evaluate.log" 2>&1 \
          || { echo "crossvalidate.sh: evaluation failed, see $run/evaluate.log" >&2; exit 1; }
      fi
    fi
  done
done

stage "summary"
# The selection considers the lines this command ran: the work directory may hold other experiments.
ecg_run_local evaluation org.ecgplatform.evaluation.cli.CrossValidationMain --reference "$reference" --rule "$rule" \
  --among "$(IFS=,; echo "${names[*]}")" "$work"
