#!/usr/bin/env bash
# Nightly evaluation for a scheduler (cron, Airflow): ETL of new raw data when it changed, then
# evaluation of the production model gated against the previous successful night.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/nightly-lib.sh
source "$here/lib/nightly-lib.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/nightly.sh [--env local|standalone|yarn|k8s] --raw <dir-or-URI> --dataset <URI>
                                 --model <URI> --runs <URI> [--nstdb <dir-or-URI>] [--baseline <URI>]
                                 [--force-etl] [key=value ...]

One nightly round, for a scheduler:
  1. fingerprint  sha256 of the --raw directory listing (file names, sizes, modification times) and
                  of the ETL settings given here (--env, --nstdb, etl.* overrides)
  2. etl          etl.sh --raw -> --dataset, only when the fingerprint differs from the one stored in
                  <dataset>.fingerprint (written after each successful ETL) or the dataset is missing
  3. baseline     the latest run under --runs with _SUCCESS whose regression gate did not fail
                  (runs are named by their UTC start, e.g. 20261125T020000Z)
  4. evaluate     evaluate.sh --model on --dataset -> <runs>/<UTC date-time>, gated against the
                  baseline; metrics history in <runs>/history

  --env <name>        conf/<name>.conf (default: local); the master and resources come from there
  --raw <dir>         the WFDB database directory that receives new or updated records
  --dataset <URI>     the beat dataset the ETL (re)writes
  --model <URI>       the production model to evaluate
  --runs <URI>        the directory of nightly evaluation runs
  --nstdb <dir>       MIT-BIH Noise Stress Test Database, for the ETL's real-noise augmentation
  --baseline <URI>    gate against this run instead of the latest successful one (e.g. to accept a
                      regressed run as the new reference)
  --force-etl         rebuild the dataset even when the raw data did not change
  key=value           overrides passed to both jobs (etl.*, evaluation.*, spark.*)
  -h, --help          this help

Exit status: 0 the evaluation passed (or had no baseline yet), 3 the regression gate failed (its
message is logged), 2 bad arguments or configuration, any other non-zero: a step failed.
One line per step is logged to stdout: [nightly] <UTC time> step=<name> status=<...> seconds=<n> ...

Limits: only directories of this host are listed here (no hdfs/s3a client is assumed on the
scheduler host): plain paths with --env local, file: URIs with any environment (under a cluster
environment a plain path is on the cluster's default file system, usually HDFS). For other --raw
or --dataset URIs the ETL runs every night; for other --runs there is no automatic baseline (give
--baseline). Exit 3 needs spark.deploy-mode=client (the conf/ default): in cluster deploy mode
spark-submit does not return the driver's exit status.
USAGE
}

env="local"; raw=""; dataset=""; model=""; runs=""; nstdb=""; baseline=""; force_etl=false
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --env|--raw|--dataset|--model|--runs|--nstdb|--baseline)
      if [[ $# -lt 2 ]]; then echo "nightly.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in
        --env) env="$2" ;; --raw) raw="$2" ;; --dataset) dataset="$2" ;; --model) model="$2" ;;
        --runs) runs="$2" ;; --nstdb) nstdb="$2" ;; --baseline) baseline="$2" ;;
      esac
      shift 2 ;;
    --force-etl) force_etl=true; shift ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "nightly.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for required in raw dataset model runs; do
  if [[ -z "${!required}" ]]; then
    echo "Cannot start the nightly run: --$required is missing (see --help)" >&2
    exit 2
  fi
done
if [[ ! -f "$here/../conf/$env.conf" ]]; then
  echo "Cannot start the nightly run: unknown environment '$env' (no conf/$env.conf)" >&2
  exit 2
fi
dataset="${dataset%/}"
runs="${runs%/}"

log() { printf '[nightly] %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS
step="start"
trap 'log "step=$step status=failed exit=$? (unexpected error in nightly.sh line $LINENO)"' ERR

# 1. Fingerprint of the raw data and of the settings that shape the dataset.
step="fingerprint"; s=$SECONDS
etl_overrides=()
for o in ${overrides[@]+"${overrides[@]}"}; do
  [[ "$o" == etl.* ]] && etl_overrides+=("$o")
done
fingerprint=""; fp_rc=0
if ecg_nightly_listable "$env" "$raw" && ecg_nightly_listable "$env" "$dataset"; then
  fingerprint="$(ecg_nightly_fingerprint "$raw" "env=$env" "nstdb=$nstdb" ${etl_overrides[@]+"${etl_overrides[@]}"})" || fp_rc=$?
fi
if [[ $fp_rc -eq 1 ]]; then
  log "step=fingerprint status=failed exit=1 seconds=$((SECONDS - s)) raw=$raw"
  exit 1
fi
log "step=fingerprint status=ok seconds=$((SECONDS - s)) raw=$raw fingerprint=${fingerprint:-none(raw or dataset not listable here: ETL every night)}"

# 2. ETL when the raw data or the ETL settings changed.
step="etl"; s=$SECONDS
reason=""
if $force_etl; then
  reason="--force-etl"
elif ! reason="$(ecg_nightly_etl_reason "$dataset" "$fingerprint")"; then
  reason=""
fi
etl_ran=false
if [[ -n "$reason" ]]; then
  etl_args=(--env "$env" --input "$raw" --output "$dataset")
  [[ -n "$nstdb" ]] && etl_args+=("etl.augment.nstdb.dir=\"$nstdb\"")
  rc=0
  "$here/etl.sh" "${etl_args[@]}" ${overrides[@]+"${overrides[@]}"} || rc=$?
  if [[ $rc -ne 0 ]]; then
    # Exit 3 means "regression" to the scheduler: an ETL failure must never look like one.
    [[ $rc -eq 3 ]] && rc=1
    log "step=etl status=failed exit=$rc seconds=$((SECONDS - s)) reason=\"$reason\" dataset=$dataset"
    exit "$rc"
  fi
  if [[ -n "$fingerprint" ]]; then
    local_dataset="$(ecg_nightly_local_path "$dataset")"
    printf '%s\n' "$fingerprint" > "$local_dataset.fingerprint.tmp"
    mv -f "$local_dataset.fingerprint.tmp" "$local_dataset.fingerprint"
  fi
  etl_ran=true
  log "step=etl status=ok seconds=$((SECONDS - s)) reason=\"$reason\" dataset=$dataset"
else
  log "step=etl status=skipped seconds=$((SECONDS - s)) reason=\"raw data and settings unchanged\" dataset=$dataset"
fi

# 3. Baseline: the latest successful, non-regressed previous run.
step="baseline"; s=$SECONDS
if [[ -n "$baseline" ]]; then
  log "step=baseline status=given seconds=$((SECONDS - s)) baseline=$baseline"
else
  b_rc=2
  if ecg_nightly_listable "$env" "$runs"; then
    b_rc=0
    baseline="$(ecg_nightly_latest_run "$runs")" || b_rc=$?
  fi
  case $b_rc in
    0) log "step=baseline status=found seconds=$((SECONDS - s)) baseline=$baseline" ;;
    1) log "step=baseline status=none seconds=$((SECONDS - s)) runs=$runs (first run: evaluated without gate)" ;;
    *) log "step=baseline status=none seconds=$((SECONDS - s)) runs=$runs (not listable from this host: give --baseline to gate)" ;;
  esac
fi

# 4. Evaluation, gated against the baseline; its stderr is kept to quote the gate's message.
step="evaluate"; s=$SECONDS
output="$runs/$(ecg_nightly_run_id)"
eval_args=(--env "$env" --model "$model" --dataset "$dataset" --output "$output")
[[ -n "$baseline" ]] && eval_args+=(--baseline "$baseline")
rc=0
# stdout goes on to fd 3 (our stdout), stderr through tee; with pipefail the status is the job's.
{ "$here/evaluate.sh" "${eval_args[@]}" ${overrides[@]+"${overrides[@]}"} 2>&1 1>&3 3>&- \
    | tee "$tmp/evaluate.err" >&2 3>&-; } 3>&1 || rc=$?
summary="etl=$($etl_ran && echo ran || echo skipped) run=$output baseline=${baseline:-none}"
case $rc in
  0)
    log "step=evaluate status=ok seconds=$((SECONDS - s)) output=$output"
    log "done status=ok exit=0 seconds=$((SECONDS - t0)) $summary"
    ;;
  3)
    message="$(grep -E '^Regression gate failed' "$tmp/evaluate.err" | tail -n1 || true)"
    log "step=evaluate status=regression exit=3 seconds=$((SECONDS - s)) output=$output message=\"${message:-see the log above}\""
    log "done status=regression exit=3 seconds=$((SECONDS - t0)) $summary"
    ;;
  *)
    log "step=evaluate status=failed exit=$rc seconds=$((SECONDS - s)) output=$output"
    log "done status=failed exit=$rc seconds=$((SECONDS - t0)) $summary"
    ;;
esac
exit "$rc"
