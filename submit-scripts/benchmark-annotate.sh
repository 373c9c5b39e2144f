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

Annotates synthetic two-lead 360 Hz recordings (the platform's generator, synth.sh, seed 1) on
embedded Spark local[2], every run in a fresh JVM with the same heap limit, in this order:

  0.5h       one record of 30 minutes (record s0000: the same patient as the long record)
  0.5hxN     the long record's hours as N records of 30 minutes (N = 2 H): the same work as the
             long record, cut into short records
  Hh         one record of H hours (default 24)

Each is run twice. The timed run: embedded Spark local[2], one JVM with -Xmx SIZE. The heap run:
Spark's local-cluster[1,2,MB] master, which runs the executor (2 cores, heap SIZE) in a JVM of its
own, started from a Spark home made of the Maven jars (<work>/spark-home); a thread asks the
driver, and through JMX the executor, for a full collection every --sample-ms milliseconds (which
slows the job down, hence the separate timed run) and keeps the most heap in use right after one:
the largest live set seen. Prints, and appends to <work>/annotate-benchmark.csv, one row per run:

  label,record_s,beats,job_s,wall_s,executor_live_mb,driver_live_mb,live_samples,xmx_mb,load_avg,executor_by_pass,executor_live_each

  record_s          the length of each record of the run (s)
  job_s             the annotation job's own time (AnnotateJob.run), timed run; wall_s adds the
                    Spark session's start and stop
  executor_live_mb  the executor's largest live set: what the tasks need (the heap run)
  driver_live_mb    the driver's (it holds the beat positions and RR features of the run's records)
  live_samples      the executor's samples (full collections)
  load_avg          the 1-minute load average when the row was written: timings on a busy machine
                    are slower; compare the rows of one run
  executor_by_pass  the executor's largest live set and its samples in each pass of the job:
                    "plan MB/n detect MB/n template MB/n classify MB/n write MB/n". A maximum over
                    more samples catches more of a pass's peaks: one 30-minute record's detection
                    pass (3 tasks, about a second each) gets a few samples, a 24-hour record's
                    (144 tasks) a hundred. Hence:
  executor_live_each  the executor's largest live set of each heap run: the first row (one
                    30-minute record) has --short-heap-runs of them (default 5), so that its peak
                    is seen as often as the longer runs see theirs; its other columns come from
                    the run with the largest (live_samples: the sum over the runs)

Every sample of the heap run is kept in <work>/annotate-<label>-heap-*/live-{executor,driver}.csv
(s,live_mb): which pass of the job (log: the same directory's .log) set the maximum.

The model: --model <dir> (a training output), else an untrained, seeded reference network
(CNN+LSTM, the ETL's default windows: MLII and its record template) written to <work>/model: the
cost of classification depends on the network's size, not on its weights, so the classes are
meaningless but the time is that of a trained model of this architecture.
The records are generated once into <work>/synth-*/ and reused by later runs.

  --work <dir>      where everything is written (a directory of this host)
  --hours H         length of the long record in hours (default 24)
  --xmx SIZE        -Xmx of every annotation JVM (default 1g): the long record must pass with it
  --sample-ms MS    period of the full collections of the heap run (default 100)
  --short-heap-runs N  heap runs of the 30-minute record (default 5)
  --model <dir>     a trained model instead of the untrained one
  key=value         overrides for every run, e.g. evaluation.annotate.detect-chunk-s=300
  -h, --help        this help
USAGE
}

work=""; hours=24; xmx="1g"; model=""; sample_ms=100; short_runs=5
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --work|--hours|--xmx|--model|--sample-ms|--short-heap-runs)
      if [[ $# -lt 2 ]]; then echo "benchmark-annotate.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in --work) work="$2" ;; --hours) hours="$2" ;; --xmx) xmx="$2" ;; --model) model="$2" ;; --sample-ms) sample_ms="$2" ;; --short-heap-runs) short_runs="$2" ;; esac
      shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "benchmark-annotate.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$work" ]]; then echo "benchmark-annotate.sh: --work is required (see --help)" >&2; exit 2; fi
if [[ ! "$hours" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "benchmark-annotate.sh: --hours must be a positive number, got '$hours'" >&2; exit 2
fi
if [[ ! "$short_runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "benchmark-annotate.sh: --short-heap-runs must be a positive whole number, got '$short_runs'" >&2; exit 2
fi
if [[ ! "$sample_ms" =~ ^[1-9][0-9]*$ ]]; then
  echo "benchmark-annotate.sh: --sample-ms must be a positive whole number, got '$sample_ms'" >&2; exit 2
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

header="label,record_s,beats,job_s,wall_s,executor_live_mb,driver_live_mb,live_samples,xmx_mb,load_avg,executor_by_pass,executor_live_each"
csv="$work/annotate-benchmark.csv"
if [[ -f "$csv" && "$(head -n 1 "$csv")" != "$header" ]]; then
  mv "$csv" "$csv.$(date -u +%Y%m%dT%H%M%SZ).old"
  echo "[bench] $csv had other columns: kept as $csv.*.old" >&2
fi
[[ -f "$csv" ]] || echo "$header" >"$csv"
xmx_mb="$(awk -v x="$xmx" 'BEGIN { u = tolower(substr(x, length(x))); n = substr(x, 1, length(x) - 1) + 0;
  if (u == "g") print n * 1024; else if (u == "m") print n; else print int(x / 1048576) }')"

# One run of AnnotateHeapRun in a fresh JVM; prints its row. Arguments: label dir seconds pass [extra args]
annotate_once() {
  local label="$1" dir="$2" s="$3" pass="$4"; shift 4
  local out row
  out="$work/annotate-${label}-${pass}-$(date -u +%Y%m%dT%H%M%SZ)"
  row="$work/.row-$label-$pass"
  if [[ "$pass" == heap ]]; then set -- "$@" --live-trace "$out/live"; fi
  rm -f "$row"
  echo "[bench] $label, $pass run, in a fresh JVM (-Xmx$xmx) -> $out" >&2
  # shellcheck disable=SC2046
  SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 \
    java "-Xmx$xmx" $(ecg_java_opens) -Dlog4j2.configurationFile="$ECG_ROOT/conf/log4j2.properties" -cp "$classpath" \
    org.ecgplatform.evaluation.bench.AnnotateHeapRun "${model_args[@]}" --input "$work/$dir/synthdb" \
    --output "$out" --result "$row" --label "$label" --duration-s "$s" "$@" \
    ${overrides[@]+"${overrides[@]}"} >"$out.log" 2>&1 || { echo "[bench] the $label $pass run failed: $out.log" >&2; tail -n 20 "$out.log" >&2; exit 1; }
  tr -d '\n' <"$row"
  rm -f "$row"
}

first=1
for r in "${runs[@]}"; do
  read -r label s n dir <<<"$r"
  echo "[bench] $label: $n record(s) of $s s" >&2
  timed="$(annotate_once "$label" "$dir" "$s" timed spark.master="local[2]")"
  model_args=(--model "${model:-$work/model}")
  IFS=, read -r _ _ beats_t _ <<<"$timed"
  heap_runs=1
  if [[ "$first" == 1 ]]; then heap_runs="$short_runs"; fi
  first=0
  best=""; best_live=-1; each=""; samples_sum=0
  for ((k = 1; k <= heap_runs; k++)); do
    heap="$(annotate_once "$label" "$dir" "$s" heap --live-sample-ms "$sample_ms" \
      --executor-memory "${xmx_mb}m" spark.master="local-cluster[1,2,$xmx_mb]")"
    # label,record_s,beats,job_s,wall_s,driver_live,driver_samples,exec_live,exec_samples,xmx,by_pass
    IFS=, read -r _ _ beats_h _ _ _ _ exec_live exec_samples _ _ <<<"$heap"
    if [[ "$beats_t" != "$beats_h" ]]; then
      echo "[bench] the $label runs found different beats ($beats_t timed, $beats_h heap run)" >&2; exit 1
    fi
    each="${each:+$each }$exec_live"
    samples_sum=$((samples_sum + exec_samples))
    if ((exec_live > best_live)); then best_live="$exec_live"; best="$heap"; fi
  done
  IFS=, read -r _ _ _ _ _ driver_live _ exec_live _ _ by_pass <<<"$best"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "$(cut -d, -f1-5 <<<"$timed"),$exec_live,$driver_live,$samples_sum,$xmx_mb,$load,\"$by_pass\",$each" >>"$csv"
done

echo "$header"
tail -n "${#runs[@]}" "$csv"
echo "[bench] $csv; per-pass times (plan, detection, templates, classification, files) in $work/annotate-*.log"
