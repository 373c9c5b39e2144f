#!/usr/bin/env bash
# Pure helpers of submit-scripts/nightly.sh: no job is run here, so each function can be tested on
# temporary directories (etl/src/test/java/org/ecgplatform/etl/cli/NightlyLibTest.java). Source it;
# it defines functions only. Needs GNU find and coreutils (sha256sum).
#
#   ecg_nightly_is_local URI            status 0 for a local path or a file: URI
#   ecg_nightly_local_path URI          the local path of a local URI (file: prefix removed)
#   ecg_nightly_listable ENV URI        status 0 when URI is a directory of this host for the
#                                       jobs of environment ENV (so this script may list it)
#   ecg_nightly_run_id                  the UTC date-time that names a run: 20261125T020000Z
#   ecg_nightly_fingerprint DIR [X...]  a sha256 of DIR's file listing (relative name, size in
#                                       bytes, modification time) and of the extra strings X
#   ecg_nightly_etl_reason DS FP        why the dataset DS must be rebuilt for fingerprint FP
#   ecg_nightly_gate_failed RUN         status 0 when RUN/gate.json says the gate failed
#   ecg_nightly_latest_run RUNS         the latest successful run directory under RUNS
#
# Limits: only local directories can be listed (no hdfs/s3a client is assumed on the scheduler
# host), so for any other URI ecg_nightly_fingerprint and ecg_nightly_latest_run return status 2
# and print nothing; nightly.sh then always re-runs the ETL and gates only with --baseline.

# A run directory's name: the UTC date-time of its start, which sorts in time order.
ECG_NIGHTLY_RUN_PATTERN='^[0-9]{8}T[0-9]{6}Z$'

ecg_nightly_is_local() {
  # As in Hadoop's Path: text before the first ':' made of scheme characters is a scheme.
  case "$1" in
    file:*) return 0 ;;
  esac
  [[ ! "$1" =~ ^[A-Za-z][A-Za-z0-9+.-]*: ]]
}

ecg_nightly_local_path() {
  local uri="$1"
  case "$uri" in
    file://*) uri="${uri#file://}" ;;
    file:*) uri="${uri#file:}" ;;
  esac
  # file:///x and file:/x both name /x.
  while [[ "$uri" == //* ]]; do uri="${uri#/}"; done
  printf '%s' "$uri"
}

# Under a cluster environment a path without a scheme is on the cluster's default file system
# (usually HDFS), not on this host: only file: URIs are then listed here.
ecg_nightly_listable() {
  local env="$1" uri="$2"
  case "$uri" in
    file:*) return 0 ;;
  esac
  [[ "$env" == "local" ]] && ecg_nightly_is_local "$uri"
}

ecg_nightly_run_id() {
  date -u +%Y%m%dT%H%M%SZ
}

# Same files (names relative to DIR, sizes, modification times) and same extras -> same fingerprint.
# Extras carry what else shapes the dataset (environment, ETL overrides, noise database).
ecg_nightly_fingerprint() {
  local uri="$1"
  shift
  ecg_nightly_is_local "$uri" || return 2
  local dir
  dir="$(ecg_nightly_local_path "$uri")"
  if [[ ! -d "$dir" ]]; then
    echo "Cannot fingerprint $uri: not a directory (give --raw the WFDB database directory)" >&2
    return 1
  fi
  {
    LC_ALL=C find "$dir" -type f -printf '%P\t%s\t%T@\n' | LC_ALL=C sort
    local x
    for x in "$@"; do printf 'extra\t%s\n' "$x"; done
  } | sha256sum | cut -d' ' -f1
}

# Prints a reason and returns 0 when the dataset must be (re)built; returns 1 when it is current.
ecg_nightly_etl_reason() {
  local dataset_uri="$1" fingerprint="$2"
  if [[ -z "$fingerprint" ]] || ! ecg_nightly_is_local "$dataset_uri"; then
    echo "no fingerprint for non-local URIs: always rebuilt"
    return 0
  fi
  local dataset
  dataset="$(ecg_nightly_local_path "$dataset_uri")"
  dataset="${dataset%/}"
  if [[ ! -f "$dataset/manifest.json" ]]; then
    echo "no dataset at $dataset yet"
    return 0
  fi
  if [[ ! -f "$dataset.fingerprint" ]]; then
    echo "no fingerprint at $dataset.fingerprint"
    return 0
  fi
  if [[ "$(head -n1 "$dataset.fingerprint")" != "$fingerprint" ]]; then
    echo "raw data or ETL settings changed since the last build"
    return 0
  fi
  return 1
}

ecg_nightly_gate_failed() {
  local run="$1"
  [[ -f "$run/gate.json" ]] && grep -Eq '"passed"[[:space:]]*:[[:space:]]*false' "$run/gate.json"
}

# The latest run under RUNS that completed (_SUCCESS, written last by the evaluation job) and did
# not fail its regression gate; a regressed run never becomes the next night's baseline, so a
# regression keeps alerting until it is fixed or an accepted run is given with --baseline.
# Status 1 when there is none, 2 for a non-local RUNS.
ecg_nightly_latest_run() {
  local uri="$1"
  ecg_nightly_is_local "$uri" || return 2
  local runs
  runs="$(ecg_nightly_local_path "$uri")"
  runs="${runs%/}"
  [[ -d "$runs" ]] || return 1
  local name
  while IFS= read -r name; do
    [[ "$name" =~ $ECG_NIGHTLY_RUN_PATTERN ]] || continue
    [[ -f "$runs/$name/_SUCCESS" ]] || continue
    ecg_nightly_gate_failed "$runs/$name" && continue
    printf '%s/%s' "$runs" "$name"
    return 0
  done < <(LC_ALL=C find "$runs" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort -r)
  return 1
}
