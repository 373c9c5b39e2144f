#!/usr/bin/env bash
# Benchmark of the annotation job on a Holter-length record: wall time and heap, long vs short record.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/benchmark-annotate.sh --work <dir> [--hours H] [--xmx SIZE] [--model <dir>]
           [key=value ...]

Annotates synthetic two-lead 360 Hz recordings (the platform's generator, synth.sh, seed 1), each
run in a fresh JVM on embedded Spark local[2] with the same heap limit, in this order:

  0.5h       one record of 30 minutes (record s0000: the same patient as the long record)
  0.5hxN     the long record's hours as N records of 30 minutes (N = 2 H): as many chunk tasks as
             the long record, so that the heap figures of both come from as many collections
  Hh         one record of H hours (default 24)

Prints, and appends to <work>/annotate-benchmark.csv, one row per run:

  label,record_s,beats,job_s,wall_s,live_heap_mb,peak_heap_mb,xmx_mb,gcs,load_avg

  record_s      the length of each record of the run (s)
  job_s         the annotation job's own time (AnnotateJob.run); wall_s adds the Spark session's
                start and stop
  live_heap_mb  the most heap in use right after a garbage collection, over the run (what the run
                holds, plus old-generation garbage that young collections do not visit). A maximum
                over collections: a run with more collections is more likely to catch the peak of
                its busiest tasks (two detection tasks of one chunk each), which is why the long
                record is also compared with the same hours of 30-minute records
  peak_heap_mb  the sum of the heap pools' peaks (how full the heap got between collections)
  load_avg      the 1-minute load average when the row was written: timings on a busy machine
                are slower; compare the rows of one run

The model: --model <dir> (a training output), else an untrained, seeded reference network
(CNN+LSTM, the ETL's default windows: MLII and its record template) written to <work>/model: the
cost of classification depends on the network's size, not on its weights, so the classes are
meaningless but the time is that of a trained model of this architecture.
The records are generated once into <work>/synth-*/ and reused by later runs.

  --work <dir>      where everything is written (a directory of this host)
  --hours H         length of the long record in hours (default 24)
  --xmx SIZE        -Xmx of every annotation JVM (default 1g): the long record must pass with it
  --model <dir>     a trained model instead of the untrained one
  key=value         overrides for every run, e.g. evaluation.annotate.detect-chunk-s=300
  -h, --help        this help
USAGE
}

work=""; hours=24; xmx="1g"; model=""
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --work|--hours|--xmx|--model)
      if [[ $# -lt 2 ]]; then echo "benchmark-annotate.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in --work) work="$2" ;; --hours) hours="$2" ;; --xmx) xmx="$2" ;; --model) model="$2" ;; esac
      shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "benchmark-annotate.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$work" ]]; then echo "benchmark-annotate.sh: --work is required (see --help)" >&2; exit 2; fi
if [[ ! "$hours" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "benchmark-annotate.sh: --hours must be a positive number, got '$hours'" >&2; exit 2
fi
mkdir -p "$work"
work="$(cd "$work" && pwd)"
long_s="$(awk -v h="$hours" 'BEGIN { printf "%d", h * 3600 }')"

classpath="$(ecg_bench_classpath evaluation)"

# The records: one patient, two lengths (the generator is seeded: record s0000 is the same patient).
short_n="$(awk -v h="$hours" 'BEGIN { n = int(h * 2 + 0.5); print (n < 1 ? 1 : n) }')"
# label, record length (s), records, directory
runs=("0.5h 1800 1 synth-1800s" "0.5hx$short_n 1800 $short_n synth-1800s-x$short_n" \
  "$(awk -v s="$long_s" 'BEGIN { printf "%gh", s / 3600 }') $long_s 1 synth-${long_s}s")
for r in "${runs[@]}"; do
  read -r _ s n dir <<<"$r"
  db="$work/$dir/synthdb"
  if [[ ! -e "$db/RECORDS" ]]; then
    echo "[bench] generating $n two-lead 360 Hz record(s) of $s s -> $db" >&2
    # shellcheck disable=SC2086
    ECG_JAVA_OPTS="${ECG_JAVA_OPTS:-} -Xmx8g" "$here/synth.sh" --env local --output "$db" --records "$n" --duration-s "$s" \
      synth.fs-hz=360 synth.leads=2 spark.master="local[2]" >&2
  fi
done

model_args=(--model "$work/model" --make-model)
if [[ -n "$model" ]]; then model_args=(--model "$model"); fi

csv="$work/annotate-benchmark.csv"
[[ -f "$csv" ]] || echo "label,record_s,beats,job_s,wall_s,live_heap_mb,peak_heap_mb,xmx_mb,gcs,load_avg" >"$csv"
for r in "${runs[@]}"; do
  read -r label s n dir <<<"$r"
  out="$work/annotate-${label}-$(date -u +%Y%m%dT%H%M%SZ)"
  row="$work/.row-$label"
  rm -f "$row"
  echo "[bench] annotating $label ($n record(s) of $s s) in a fresh JVM (-Xmx$xmx, local[2]) -> $out" >&2
  # shellcheck disable=SC2046
  SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 java "-Xmx$xmx" $(ecg_java_opens) \
    -Dlog4j2.configurationFile="$ECG_ROOT/conf/log4j2.properties" -cp "$classpath" \
    org.ecgplatform.evaluation.bench.AnnotateHeapRun "${model_args[@]}" --input "$work/$dir/synthdb" \
    --output "$out" --result "$row" --label "$label" --duration-s "$s" spark.master="local[2]" \
    ${overrides[@]+"${overrides[@]}"} >"$out.log" 2>&1 || { echo "[bench] the $label run failed: $out.log" >&2; tail -n 20 "$out.log" >&2; exit 1; }
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "$(tr -d '\n' <"$row"),$load" >>"$csv"
  rm -f "$row"
  model_args=(--model "${model:-$work/model}")
done

echo "label,record_s,beats,job_s,wall_s,live_heap_mb,peak_heap_mb,xmx_mb,gcs,load_avg"
tail -n "${#runs[@]}" "$csv"
echo "[bench] $csv; per-pass times (plan, detection, templates, classification, files) in $work/annotate-*.log"
