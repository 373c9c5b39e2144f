#!/usr/bin/env bash
# Side-by-side throughput of the platform's networks in DL4J and in a PyTorch mirror on the same data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/benchmark-throughput.sh --dataset <ETL output URI> --work <dir>
           [--networks beat,sequence] [--levers "<key=value ...>[;<key=value ...>]..."]
           [--epochs N] [--torch-threads 1,2] [--no-torch-install] [key=value ...]

For each model kind the platform ships (training.model = beat | sequence), on the dataset's train
split (training) and test split (evaluation), in this order:
  1. export   the tensors the DL4J network is fed (normalised as training does) as .npy files, with
              the network's sizes and DL4J's parameter count (ThroughputRun export); sequence: the
              recorded beats in record order, and DL4J's parameters and outputs for one minibatch
  2. pytorch  the PyTorch mirror (training/src/test/python/torch_mirror.py: same layers, sizes,
              minibatch, loss, Adam), one timed training epoch and one inference pass per thread
              count. beat: batches of training.spark.batch-size-per-worker beats; sequence: the
              sequences the training job cuts (training.sequence.length, overlap), chunks-per-batch
              of them per minibatch, scored as the evaluation job does (evaluation.batch-size beats
              per call). Before timing, the mirror must match DL4J's parameter count exactly
              (sequence: and reproduce DL4J's outputs with DL4J's parameters), or the script stops.
  3. local-trainer        DL4J in one JVM, N epochs over the train split (beat: LocalTrainer;
                          sequence: the job's sequences, without oversampling and augmentation)
  4. parameter-averaging  the training job (TrainJob) on Spark local[2], N epochs
  5. evaluation           the evaluation job (EvaluateJob, local[2]) scoring the test split with the
                          model of step 4; its scoring rate (Parquet in, predictions out)
Each DL4J run is its own JVM (OMP_NUM_THREADS=1), so its peak RSS (/usr/bin/time) is its own.

Output: one table on stdout and <work>/throughput.csv with the columns
  network,run,beats_per_s,pytorch_beats_per_s,ratio,peak_rss_mb
where pytorch_beats_per_s is the mirror's best thread count (training for local-trainer and
parameter-averaging, inference for evaluation) and ratio = beats_per_s / pytorch_beats_per_s.
Beats: training counts the beats of the examples fitted (a sequence of 32 beats counts 32),
inference each scored beat once (the sequence model also computes the context beats around them).
<work>/details.csv adds the mean training loss of the last epoch (next to the speed, so that speed
is not bought with worse models; for the sequence model DL4J's score, summed over a sequence's
beats), PyTorch's one-thread figures and loss, the load average, the settings of each row and the
parameter counts of the mirror and of DL4J's network, which are also printed at the end.
<work>/<row>/ holds every run's log and result file.

  --dataset <URI>     an ETL output (schema.json, beats/split=train|test)
  --work <dir>        where everything is written (a directory of this host)
  --networks <list>   model kinds to measure (default: beat,sequence): beat = BeatNetwork
                      (training.model=beat); sequence = SequenceNetwork (training.model=sequence,
                      its direction from training.sequence.direction); throughput is in beats/s
  --levers "<...>"    extra row sets, one per ';'-separated group of training.* / evaluation.*
                      overrides and -D JVM properties, named <network>[<group>], e.g.
                      --levers "training.network.lstm=dl4j;training.spark.averaging-frequency=10;-Decg.fused-lstm.backward=op"
                      (training.network.lstm applies to both kinds: fused by default)
  --epochs N          training epochs of steps 3 and 4 (default 1)
  --torch-threads L   PyTorch thread counts to try (default: 1 up to the number of cores)
                      The mirror reads the network sizes, learning rate, L2 and class weights from
                      the export (made with the overrides for every row); per row it is given the
                      batch sizes (training.spark.batch-size-per-worker, evaluation.batch-size) and,
                      for sequence, training.sequence.{chunks-per-batch,length,overlap,direction,
                      conv1-stride,dropout} where the row's overrides set them
  --no-torch-install  fail instead of installing Debian's python3-torch when it is missing
  key=value           training.* / evaluation.* overrides for every row
  -h, --help          this help

PyTorch: Debian's python3-torch (PyTorch 1.13, /usr/bin/python3). When `import torch` fails, the
script runs `apt-get install -y python3-torch` (as root, or through sudo -n).
Timings depend on what else runs on the machine: each row records the load average; compare rows of
one run, and measure on an idle machine.
USAGE
}

dataset=""; work=""; networks="beat,sequence"; levers=""; epochs=1; torch_threads=""; torch_install=1
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --no-torch-install) torch_install=0; shift ;;
    --dataset|--work|--networks|--levers|--epochs|--torch-threads)
      if [[ $# -lt 2 ]]; then echo "benchmark-throughput.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in
        --dataset) dataset="$2" ;; --work) work="$2" ;; --networks) networks="$2" ;; --levers) levers="$2" ;;
        --epochs) epochs="$2" ;; --torch-threads) torch_threads="$2" ;;
      esac
      shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "benchmark-throughput.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$dataset" || -z "$work" ]]; then
  echo "benchmark-throughput.sh: --dataset and --work are required (see --help)" >&2; exit 2
fi
if [[ ! "$epochs" =~ ^[1-9][0-9]*$ ]]; then
  echo "benchmark-throughput.sh: --epochs must be a positive integer, got '$epochs'" >&2; exit 2
fi
case "$dataset" in
  *://*) ;;
  *) if [[ ! -f "$dataset/schema.json" ]]; then
       echo "benchmark-throughput.sh: cannot read dataset $dataset: no schema.json (is it an ETL output?)" >&2; exit 2
     fi
     dataset="$(cd "$dataset" && pwd)" ;;
esac
mkdir -p "$work"
work="$(cd "$work" && pwd)"
if [[ -z "$torch_threads" ]]; then
  torch_threads="$(seq -s, 1 "$(nproc)")"
fi

stage() { printf '[throughput] %s  %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- PyTorch -------------------------------------------------------------------------------
python=/usr/bin/python3
if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  if [[ "$torch_install" -eq 0 ]]; then
    echo "benchmark-throughput.sh: $python cannot import torch (install Debian's python3-torch, or drop --no-torch-install)" >&2
    exit 2
  fi
  stage "installing Debian's python3-torch"
  if [[ "$(id -u)" -eq 0 ]]; then
    apt-get install -y python3-torch >"$work/apt-get.log" 2>&1 || { apt-get update >>"$work/apt-get.log" 2>&1 && apt-get install -y python3-torch >>"$work/apt-get.log" 2>&1; }
  else
    sudo -n apt-get install -y python3-torch >"$work/apt-get.log" 2>&1
  fi || { echo "benchmark-throughput.sh: cannot install python3-torch (see $work/apt-get.log)" >&2; exit 1; }
  "$python" -c 'import torch, numpy' || { echo "benchmark-throughput.sh: torch still not importable after the install" >&2; exit 1; }
fi

# --- DL4J classpaths (test scope: the benchmark mains live under src/test/java/**/bench) -------
stage "classpath of the benchmark mains (built with mvn test-compile when sources changed)"
classpath="$(ecg_bench_classpath evaluation)"
read -r -a java_opens <<< "$(ecg_java_opens)"

# Runs a benchmark main in its own JVM; its peak RSS (MB) goes to $1.rss, its output to $1.log.
run_java() {
  local base="$1" main="$2"
  shift 2
  if ! SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 /usr/bin/time -f '%M' -o "$base.rss" \
      java ${ECG_JAVA_OPTS:-} ${row_jvm_opts:-} "${java_opens[@]}" -Dlog4j2.configurationFile="$ECG_ROOT/conf/log4j2.properties" \
      -cp "$classpath" "$main" "$@" >"$base.log" 2>&1; then
    echo "benchmark-throughput.sh: $main failed, last lines of $base.log:" >&2
    tail -n 20 "$base.log" >&2
    return 1
  fi
}

row_jvm_opts=""
value() { awk -F= -v k="$2" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$1"; }
rss_mb() { awk '{ printf "%.0f", $1 / 1024 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "" }'; }
setting() {  # last value of key $1 among the overrides, or the default $2
  local v="$2" o
  for o in "${@:3}"; do [[ "$o" == "$1="* ]] && v="${o#*=}"; done
  printf '%s' "$v"
}

network_overrides() {
  case "$1" in
    beat) printf '%s\n' "training.model=beat" ;;
    sequence) printf '%s\n' "training.model=sequence" ;;
    *) echo "benchmark-throughput.sh: unknown network '$1' (beat, sequence)" >&2; return 2 ;;
  esac
}

csv="$work/throughput.csv"
details="$work/details.csv"
echo "network,run,beats_per_s,pytorch_beats_per_s,ratio,peak_rss_mb" > "$csv"
echo "network,run,beats_per_s,pytorch_beats_per_s,ratio,peak_rss_mb,loss,pytorch_1thread_beats_per_s,pytorch_loss,pytorch_best_threads,load_average,seconds,beats,settings,pytorch_parameters,dl4j_parameters" > "$details"
parameter_lines=()

IFS=',' read -r -a network_list <<< "$networks"
IFS=';' read -r -a lever_list <<< "$levers"
for network in "${network_list[@]}"; do
  network_overrides "$network" >/dev/null || exit 2
done
for network in "${network_list[@]}"; do
  mapfile -t net_overrides < <(network_overrides "$network")
  base_overrides=(${net_overrides[@]+"${net_overrides[@]}"} ${overrides[@]+"${overrides[@]}"})
  row_jvm_opts=""
  export_dir="$work/$network/tensors"
  mkdir -p "$work/$network"
  if [[ ! -f "$export_dir/network.json" ]]; then
    stage "$network: export of the train and test tensors -> $export_dir"
    run_java "$work/$network/export" org.ecgplatform.training.bench.ThroughputRun export \
      --dataset "$dataset" --out "$export_dir" --splits train,test ${base_overrides[@]+"${base_overrides[@]}"}
  fi
  for lever in "" ${lever_list[@]+"${lever_list[@]}"}; do
    read -r -a lever_tokens <<< "$lever"
    lever_overrides=(); lever_jvm=()
    for o in ${lever_tokens[@]+"${lever_tokens[@]}"}; do
      if [[ "$o" == -D* ]]; then lever_jvm+=("$o"); else lever_overrides+=("$o"); fi
    done
    row_jvm_opts="${lever_jvm[*]+"${lever_jvm[*]}"}"
    all=(${base_overrides[@]+"${base_overrides[@]}"} ${lever_overrides[@]+"${lever_overrides[@]}"})
    row="$network"; [[ -n "$lever" ]] && row="$network[$lever]"
    dir="$work/$(printf '%s' "$row" | tr -c 'A-Za-z0-9._=-' '_')"
    mkdir -p "$dir"
    infer_batch="$(setting evaluation.batch-size 512 ${all[@]+"${all[@]}"})"
    torch_args=(--infer-batch "$infer_batch")
    torch_name="i$infer_batch"
    if [[ "$network" == sequence ]]; then
      # Set by the row's overrides: passed on; otherwise the mirror takes the export's value.
      for key in chunks-per-batch length overlap direction conv1-stride dropout; do
        v="$(setting "training.sequence.$key" "" ${all[@]+"${all[@]}"})"
        if [[ -n "$v" ]]; then torch_args+=("--$key" "$v"); torch_name="$torch_name-$key$v"; fi
      done
    else
      batch="$(setting training.spark.batch-size-per-worker 128 ${all[@]+"${all[@]}"})"
      torch_args+=(--batch "$batch")
      torch_name="b$batch-$torch_name"
    fi
    torch_result="$work/$network/torch-$(printf '%s' "$torch_name" | tr -c 'A-Za-z0-9._=-' '_')"
    if [[ ! -f "$torch_result.txt" ]]; then
      stage "$row: PyTorch mirror (threads $torch_threads, ${torch_args[*]})"
      /usr/bin/time -f '%M' -o "$torch_result.rss" "$python" "$ECG_ROOT/training/src/test/python/torch_mirror.py" \
        --data "$export_dir" --result "$torch_result.txt" --network "$network" --threads "$torch_threads" \
        "${torch_args[@]}" >"$torch_result.log" 2>&1 \
        || { echo "benchmark-throughput.sh: the PyTorch mirror failed, see $torch_result.log" >&2; tail -n 20 "$torch_result.log" >&2; exit 1; }
    fi
    torch_parameters="$(value "$torch_result.txt" parameters)"
    dl4j_parameters="$(value "$torch_result.txt" dl4j_parameters)"
    parameter_lines+=("$row: PyTorch mirror ${torch_parameters:-unknown (older mirror result)}, DL4J ${dl4j_parameters:-unknown (older export)}")

    stage "$row: local-trainer (one JVM, $epochs epoch(s))"
    run_java "$dir/local-trainer" org.ecgplatform.training.bench.ThroughputRun local-trainer \
      --dataset "$dataset" --epochs "$epochs" --result "$dir/local-trainer.txt" ${all[@]+"${all[@]}"}
    stage "$row: parameter-averaging (TrainJob, local[2], $epochs epoch(s))"
    rm -rf "$dir/pa"
    run_java "$dir/parameter-averaging" org.ecgplatform.training.bench.ThroughputRun parameter-averaging \
      --dataset "$dataset" --epochs "$epochs" --work "$dir/pa" --result "$dir/parameter-averaging.txt" \
      training.spark.workers=2 ${all[@]+"${all[@]}"}
    stage "$row: evaluation (EvaluateJob, local[2], test split)"
    rm -rf "$dir/eval"
    eval_overrides=()
    for o in ${all[@]+"${all[@]}"}; do [[ "$o" == evaluation.* ]] && eval_overrides+=("$o"); done
    run_java "$dir/evaluation" org.ecgplatform.evaluation.bench.ScoringThroughputRun \
      --model "$dir/pa/model" --dataset "$dataset" --work "$dir/eval" --result "$dir/evaluation.txt" \
      evaluation.write-annotations=false ${eval_overrides[@]+"${eval_overrides[@]}"}

    for run in local-trainer parameter-averaging evaluation; do
      result="$dir/$run.txt"
      kind=train; [[ "$run" == evaluation ]] && kind=infer
      speed="$(value "$result" beats_per_s)"
      rss="$(rss_mb "$dir/$run.rss")"
      torch_best="$(printf '%.1f' "$(value "$torch_result.txt" "${kind}_best")")"
      torch_1="$(printf '%.1f' "$(value "$torch_result.txt" "${kind}_1")")"
      torch_threads_best="$(value "$torch_result.txt" "${kind}_best_threads")"
      torch_loss="$(value "$torch_result.txt" loss_"$torch_threads_best")"
      torch_ratio="$(ratio "$speed" "$torch_best")"
      echo "${row//,/+},$run,$speed,$torch_best,$torch_ratio,$rss" >> "$csv"
      printf '"%s",%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"%s",%s,%s\n' "$row" "$run" "$speed" "$torch_best" \
        "$torch_ratio" "$rss" "$(value "$result" loss)" "$torch_1" "$torch_loss" \
        "$torch_threads_best" "$(value "$result" load_average)" \
        "$(value "$result" seconds)" "$(value "$result" beats)" "$(value "$result" settings)" \
        "$torch_parameters" "$dl4j_parameters" >> "$details"
    done
  done
done

echo
echo "Throughput on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
column -s, -t < "$csv"
echo
echo "Trainable parameters:"
printf '  %s\n' "${parameter_lines[@]}"
echo
echo "written: $csv (details with losses and settings: $details)"
