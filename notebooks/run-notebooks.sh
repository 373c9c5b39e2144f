#!/usr/bin/env bash
# Executes every notebook of this folder headless against one pipeline run; stops at the first cell error.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: notebooks/run-notebooks.sh [--output-dir <dir>] [--timeout-s S] <run-dir>

Executes notebooks/*.ipynb in order with `jupyter nbconvert --to notebook --execute`, each with
ECG_RUN_DIR=<run-dir> (a pipeline --work folder: dataset/, model/, evaluation/, export/). The
executed copies, with their outputs, go to --output-dir (default: a new temporary folder, printed at
the end); the notebooks in this folder are never modified. Exits non-zero at the first notebook
whose execution fails (a cell error fails it).

  --output-dir <dir>   where the executed notebooks are written (created if missing)
  --timeout-s S        per-cell time limit in seconds (default 300)
  -h, --help           this help

Needs Jupyter's nbconvert and a python3 kernel with pandas, matplotlib and numpy; on Debian:
  apt-get install python3-pandas python3-matplotlib python3-numpy jupyter-nbconvert python3-nbconvert python3-ipykernel
The export/beats-sample.csv that 01-dataset-overview reads is written by
  submit-scripts/export-sample.sh --dataset <run-dir>/dataset --output <run-dir>/export/beats-sample.csv
USAGE
}

out=""; timeout_s=300; run_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --output-dir) out="$2"; shift 2 ;;
    --timeout-s) timeout_s="$2"; shift 2 ;;
    -*) echo "run-notebooks.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) [[ -z "$run_dir" ]] || { echo "run-notebooks.sh: one run folder only (see --help)" >&2; exit 2; }
       run_dir="$1"; shift ;;
  esac
done
if [[ -z "$run_dir" ]]; then usage >&2; exit 2; fi
if [[ ! -d "$run_dir" ]]; then
  echo "run-notebooks.sh: Cannot execute the notebooks: run folder $run_dir does not exist (run submit-scripts/pipeline.sh --work $run_dir)" >&2
  exit 2
fi
if ! command -v jupyter >/dev/null 2>&1 || ! jupyter nbconvert --version >/dev/null 2>&1; then
  echo "run-notebooks.sh: Cannot execute the notebooks: jupyter nbconvert is not installed (apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib python3-numpy)" >&2
  exit 3
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="$(cd "$run_dir" && pwd)"
[[ -n "$out" ]] || out="$(mktemp -d "${TMPDIR:-/tmp}/ecg-notebooks.XXXXXX")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# Matplotlib's font cache and Jupyter's runtime files stay out of $HOME and out of this folder.
export MPLCONFIGDIR="$out/.matplotlib" JUPYTER_RUNTIME_DIR="$out/.jupyter-runtime"
export ECG_RUN_DIR="$run_dir"
# ipykernel 6 under Python 3.11 warns about frozen modules on every kernel start; the debugger is not used.
export PYDEVD_DISABLE_FILE_VALIDATION=1

t0=$SECONDS
shopt -s nullglob
notebooks=("$here"/[0-9]*.ipynb)
if [[ ${#notebooks[@]} -eq 0 ]]; then echo "run-notebooks.sh: no notebooks in $here" >&2; exit 2; fi
for nb in "${notebooks[@]}"; do
  s=$SECONDS
  name="$(basename "$nb")"
  printf '[notebooks] %s  executing %s on %s\n' "$(date +%H:%M:%S)" "$name" "$run_dir"
  if ! jupyter nbconvert --to notebook --execute "$nb" --output-dir "$out" --output "$name" \
      --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout="$timeout_s" \
      --log-level=WARN; then
    echo "run-notebooks.sh: $name failed (the cell error is above); executed notebooks so far in $out" >&2
    exit 1
  fi
  printf '[notebooks] %s  %s done in %d s\n' "$(date +%H:%M:%S)" "$name" "$((SECONDS - s))"
done
printf '[notebooks] %d notebooks executed in %d s; executed copies with outputs in %s\n' \
  "${#notebooks[@]}" "$((SECONDS - t0))" "$out"
