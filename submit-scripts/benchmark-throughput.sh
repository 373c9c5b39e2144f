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
           [--epochs N] [--repeat N] [--torch-threads 1,2] [--no-cluster] [--profile]
           [--no-torch-install] [key=value ...]

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
  5. standalone-cluster   the training job as users submit it (train.sh, job jar) to a real
                          standalone cluster on this machine: a master and two workers of one core,
                          each executor its own JVM (the integration tests' StandaloneCluster), N epochs
  6. evaluation           the evaluation job (EvaluateJob, local[2]) scoring the test split with the
                          model of step 4, 6 times in one JVM; its scoring rate (Parquet in,
                          predictions out) in the second run, and the median of runs 4-6
Each DL4J run is its own JVM (OMP_NUM_THREADS=1), so its peak RSS (/usr/bin/time) is its own; the
standalone-cluster row gives the largest of its driver and executors (VmHWM, in its result file).
Training rows count the job's fitting time (epochs, without validation and the model write).
Every JVM runs with the platform's JVM options, as jobs do (ECG_JVM_OPTIONS, default
-XX:+UseTransparentHugePages; ECG_JVM_OPTIONS= for none; the cluster row's from spark.jvm-options).

Output: one table on stdout and <work>/throughput.csv with the columns
  network,run,beats_per_s,pytorch_beats_per_s,ratio,peak_rss_mb,repeat
where pytorch_beats_per_s is the mirror's best thread count (training for local-trainer,
parameter-averaging and standalone-cluster, inference for evaluation) and ratio = beats_per_s /
pytorch_beats_per_s. Then the throughput goals, per row, in <work>/goals.csv
(row,figure,value,goal,met,repeat,sd,min,max): parameter-averaging / PyTorch best >= 1.0,
evaluation / PyTorch inference best >= 1.0, local-trainer / PyTorch one thread >= 0.8,
parameter-averaging / local-trainer >= 1.7, standalone-cluster / parameter-averaging >= 0.9 (with
--epochs 2 or more, also over the epochs after the first, from the two jobs'
training-metrics.csv: the first epoch holds the cluster executors' cold start). For every
sequence row, when the run has the per-beat row without a lever: the sequence model's
parameter-averaging and evaluation beats/s against the per-beat model's of the same repetition
>= 4 (issue 13: "sequence model >= 4x the per-beat model in the same benchmark run"); with
--epochs 2 or more, also the parameter-averaging line over the epochs after the first (the first
holds each JVM's compilation, which weighs most on the faster network's shorter epoch), and the
evaluation line in a warm JVM: step 6 runs the job 6 times in one JVM; its row is the second run,
as always, and the warm line compares the medians of runs 4-6 (a 1-2 s job is still being
compiled in its second run).
With --repeat N (N >= 2), steps 3-6 run N times, each repetition over all rows before the next
(steps 1 and 2 once): every row's speeds and goal ratios come once per repetition (column repeat),
and goals.csv ends with one line per row and figure over the repetitions: the mean as value (met
when the mean reaches the goal), its sample standard deviation, the smallest and the largest
(repeat = "mean of N"). The runs of repetition r >= 2 are in <work>/<row>/repeat-<r>/.
Beats: training counts the beats of the examples fitted (a sequence of 32 beats counts 32),
inference each scored beat once (the sequence model also computes the context beats around them).
<work>/details.csv adds the mean training loss of the last epoch (next to the speed, so that speed
is not bought with worse models; for the sequence model DL4J's score, summed over a sequence's
beats), PyTorch's one-thread figures and loss, the load average, the settings of each row and the
parameter counts of the mirror and of DL4J's network, which are also printed at the end; for the
evaluation rows also the network's share of the job's scoring: the task seconds spent in the
model's calls (summed over the two task threads), the beats those calls computed (context beats
included) and the scored beats per network second (printed at the end too); its last column is
the repetition.
<work>/<row>/ holds every run's log and result file.

  --dataset <URI>     an ETL output (schema.json, beats/split=train|test)
  --work <dir>        where everything is written (a directory of this host)
  --networks <list>   model kinds to measure (default: beat,sequence): beat = BeatNetwork
                      (training.model=beat); sequence = SequenceNetwork (training.model=sequence,
                      its direction from training.sequence.direction, its beat encoder from
                      training.sequence.beat-encoder); throughput is in beats/s
  --levers "<...>"    extra row sets, one per ';'-separated group of training.* / evaluation.*
                      overrides and -D / -XX: JVM options, named <network>[<group>], e.g.
                      --levers "training.network.lstm=dl4j;training.spark.averaging-frequency=10;-Decg.fused-lstm.backward=op"
                      (training.network.lstm applies to both kinds: fused by default).
                      A group written <network>:<overrides> makes rows of that network only, e.g.
                      --levers "sequence:training.sequence.length=1 training.sequence.overlap=0"
                      -Dorg.bytedeco.javacpp.platform.extension=-onednn runs the row on ND4J's
                      oneDNN build of libnd4j (nd4j-native's linux-x86_64-onednn jar, which the
                      script fetches with mvn dependency:copy and puts first on that row's classpath);
                      -XX:TieredStopAtLevel=1 runs the row's JVMs without the C2 compiler
  --epochs N          training epochs of steps 3, 4 and 5 (default 1)
  --repeat N          run steps 3-6 N times and report each goal's spread (default 1; see above)
  --torch-threads L   PyTorch thread counts to try (default: 1 up to the number of cores)
                      The mirror reads the network sizes, learning rate, L2 and class weights from
                      the export (made with the overrides for every row); per row it is given the
                      batch sizes (training.spark.batch-size-per-worker, evaluation.batch-size) and,
                      for sequence, training.sequence.{chunks-per-batch,length,overlap,direction,
                      conv1-stride,dropout,beat-encoder} where the row's overrides set them
  --no-cluster        leave out the standalone-cluster row (it needs the job jars: the script runs
                      mvn -DskipTests package when they are missing or older than the sources).
                      Rows whose lever holds JVM options have no standalone-cluster run (the
                      options would not reach the cluster's JVMs).
  --profile           record each local-trainer, parameter-averaging and evaluation JVM with Java
                      Flight Recorder (execution and native-call samples every 10 ms) and write
                      where its time went to <work>/<row>/<run>-profile.txt (by thread; by
                      category: libnd4j ops, ND4J / DL4J Java, Spark, Parquet, ...; by network
                      layer; by method, self and inclusive), with the recording beside it
                      (<run>.jfr, for JDK Mission Control). The recorder costs some speed (and
                      changes it unevenly between rows): take speeds from a run without it.
  --no-torch-install  fail instead of installing Debian's python3-torch when it is missing
  key=value           training.* / evaluation.* overrides for every row (the export, step 1, is
                      made with them: a dataset without a val split needs
                      training.early-stopping-patience=0 here, or the export refuses it)
  -h, --help          this help

PyTorch: Debian's python3-torch (PyTorch 1.13, /usr/bin/python3). When `import torch` fails, the
script runs `apt-get install -y python3-torch` (as root, or through sudo -n).
Timings depend on what else runs on the machine: each row records the load average; compare rows of
one run, and measure on an idle machine.
USAGE
}

dataset=""; work=""; networks="beat,sequence"; levers=""; epochs=1; repeat=1; torch_threads=""; torch_install=1; cluster=1; profile=0
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --no-torch-install) torch_install=0; shift ;;
    --no-cluster) cluster=0; shift ;;
    --profile) profile=1; shift ;;
    --dataset|--work|--networks|--levers|--epochs|--repeat|--torch-threads)
      if [[ $# -lt 2 ]]; then echo "benchmark-throughput.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in
        --dataset) dataset="$2" ;; --work) work="$2" ;; --networks) networks="$2" ;; --levers) levers="$2" ;;
        --epochs) epochs="$2" ;; --repeat) repeat="$2" ;; --torch-threads) torch_threads="$2" ;;
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
if [[ ! "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  echo "benchmark-throughput.sh: --repeat must be a positive integer, got '$repeat'" >&2; exit 2
fi
network_overrides() {
  case "$1" in
    beat) printf '%s\n' "training.model=beat" ;;
    sequence) printf '%s\n' "training.model=sequence" ;;
    *) echo "benchmark-throughput.sh: unknown network '$1' (beat, sequence)" >&2; return 2 ;;
  esac
}
IFS=',' read -r -a network_list <<< "$networks"
IFS=';' read -r -a lever_list <<< "$levers"
for network in "${network_list[@]}"; do
  network_overrides "$network" >/dev/null || exit 2
done
for lever in ${lever_list[@]+"${lever_list[@]}"}; do
  if [[ "$lever" =~ ^[[:space:]]*([a-z]+): ]]; then
    network_overrides "${BASH_REMATCH[1]}" >/dev/null 2>&1 \
      || { echo "benchmark-throughput.sh: --levers group '$lever' names no network (beat, sequence)" >&2; exit 2; }
  fi
done
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
if [[ "$cluster" -eq 1 ]]; then
  job_jar="$(ecg_job_jar training 2>/dev/null || true)"
  if ecg_stale "$job_jar" "$ECG_ROOT"/*/src/main; then
    stage "job jars for the standalone-cluster rows (mvn -DskipTests package)"
    (cd "$ECG_ROOT" && mvn -B -q -DskipTests package >"$work/package.log" 2>&1) \
      || { echo "benchmark-throughput.sh: mvn package failed (see $work/package.log)" >&2; exit 1; }
  fi
fi
stage "classpath of the benchmark mains (built with mvn test-compile when sources changed)"
classpath="$(ecg_bench_classpath evaluation)"
read -r -a java_opens <<< "$(ecg_java_opens)"

# Runs a benchmark main in its own JVM; its peak RSS (MB) goes to $1.rss, its output to $1.log.
# With --profile, the local-trainer, parameter-averaging and evaluation runs are recorded by JFR and
# summarised into $1-profile.txt.
run_java() {
  local base="$1" main="$2" jfr=""
  shift 2
  if [[ "$profile" -eq 1 && "$(basename "$base")" =~ ^(local-trainer|parameter-averaging|evaluation)$ ]]; then
    rm -f "$base.jfr"
    jfr="-XX:StartFlightRecording:filename=$base.jfr,settings=profile,jdk.ExecutionSample#period=10ms,jdk.NativeMethodSample#period=10ms"
  fi
  if ! SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 /usr/bin/time -f '%M' -o "$base.rss" \
      java $(ecg_jvm_options) ${ECG_JAVA_OPTS:-} ${row_jvm_opts:-} $jfr "${java_opens[@]}" -Dlog4j2.configurationFile="$ECG_ROOT/conf/log4j2.properties" \
      -Decg.project.root="$ECG_ROOT" -cp "${row_classpath_prefix:-}$classpath" "$main" "$@" >"$base.log" 2>&1; then
    echo "benchmark-throughput.sh: $main failed, last lines of $base.log:" >&2
    tail -n 20 "$base.log" >&2
    return 1
  fi
  if [[ -n "$jfr" ]]; then
    java -cp "$classpath" org.ecgplatform.testing.JfrProfile "$base.jfr" "$base-profile.txt" >/dev/null \
      || { echo "benchmark-throughput.sh: cannot summarise $base.jfr" >&2; return 1; }
  fi
}

row_jvm_opts=""
row_classpath_prefix=""
# nd4j-native's oneDNN build for this project's DL4J version, fetched once into <work>/lib.
onednn_jar() {
  local version jar
  version="$(cd "$ECG_ROOT" && mvn -B -q help:evaluate -Dexpression=dl4j.version -DforceStdout 2>/dev/null \
    | sed 's/\x1b\[[0-9;]*m//g')"
  [[ -n "$version" ]] || { echo "benchmark-throughput.sh: cannot read dl4j.version from the pom" >&2; return 1; }
  jar="$work/lib/nd4j-native-$version-linux-x86_64-onednn.jar"
  if [[ ! -f "$jar" ]]; then
    stage "fetching nd4j-native $version linux-x86_64-onednn"
    (cd "$ECG_ROOT" && mvn -B -q dependency:copy -Dartifact="org.nd4j:nd4j-native:$version:jar:linux-x86_64-onednn" \
        -DoutputDirectory="$work/lib" >"$work/lib-fetch.log" 2>&1) \
      || { echo "benchmark-throughput.sh: cannot fetch nd4j-native's oneDNN build (see $work/lib-fetch.log)" >&2; return 1; }
  fi
  printf '%s' "$jar"
}
value() { awk -F= -v k="$2" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$1"; }
rss_mb() { awk '{ printf "%.0f", $1 / 1024 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "" }'; }
setting() {  # last value of key $1 among the overrides, or the default $2
  local v="$2" o
  for o in "${@:3}"; do [[ "$o" == "$1="* ]] && v="${o#*=}"; done
  printf '%s' "$v"
}

after_first() {  # beats/s of a training job's epochs after the first, from its training-metrics.csv
  [[ -f "$1" ]] || return 0
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "examples_fitted") f = i; if ($i == "seconds") s = i }; next }
           $1 > 1 && f && s { b += $f; t += $s } END { if (t > 0) printf "%.1f", b / t }' "$1"
}

goal() {  # one line of goals.csv for $row: figure name, numerator, denominator, goal (no line without a numerator)
  local v
  [[ -z "$2" ]] && return 0
  v="$(ratio "$2" "$3")"
  [[ -z "$v" ]] && return 0
  echo "${row//,/+},${1//,/;},$v,$4,$(awk -v v="$v" -v g="$4" 'BEGIN { print (v >= g ? "yes" : "no") }'),$rep,,," >> "$goals"
}

csv="$work/throughput.csv"
details="$work/details.csv"
echo "network,run,beats_per_s,pytorch_beats_per_s,ratio,peak_rss_mb,repeat" > "$csv"
goals="$work/goals.csv"
echo "row,figure,value,goal,met,repeat,sd,min,max" > "$goals"
echo "network,run,beats_per_s,pytorch_beats_per_s,ratio,peak_rss_mb,loss,pytorch_1thread_beats_per_s,pytorch_loss,pytorch_best_threads,load_average,seconds,beats,settings,pytorch_parameters,dl4j_parameters,network_seconds,beats_computed,network_beats_per_s,repeat" > "$details"
parameter_lines=()
network_lines=()
row_names=()             # every row, in the order run
declare -A row_speeds=() # beats/s by "<row>|<run>|<repeat>", for the goals between rows

for rep in $(seq 1 "$repeat"); do
  of_repeat=""; [[ "$repeat" -gt 1 ]] && of_repeat=" (repetition $rep of $repeat)"
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
      # A group written <network>:<overrides> is that network's only.
      if [[ "$lever" =~ ^[[:space:]]*([a-z]+):(.*)$ ]]; then
        [[ "${BASH_REMATCH[1]}" == "$network" ]] || continue
        lever="${BASH_REMATCH[2]}"
        lever="${lever#"${lever%%[![:space:]]*}"}"
        [[ -n "$lever" ]] || continue
      fi
      read -r -a lever_tokens <<< "$lever"
      lever_overrides=(); lever_jvm=()
      for o in ${lever_tokens[@]+"${lever_tokens[@]}"}; do
        if [[ "$o" == -D* || "$o" == -XX:* ]]; then lever_jvm+=("$o"); else lever_overrides+=("$o"); fi
      done
      row_jvm_opts="${lever_jvm[*]+"${lever_jvm[*]}"}"
      row_classpath_prefix=""
      if [[ " $row_jvm_opts " == *" -Dorg.bytedeco.javacpp.platform.extension=-onednn "* ]]; then
        row_classpath_prefix="$(onednn_jar):" || exit 1
      fi
      all=(${base_overrides[@]+"${base_overrides[@]}"} ${lever_overrides[@]+"${lever_overrides[@]}"})
      row="$network"; [[ -n "$lever" ]] && row="$network[$lever]"
      dir="$work/$(printf '%s' "$row" | tr -c 'A-Za-z0-9._=-' '_')"
      mkdir -p "$dir"
      if [[ "$rep" -gt 1 ]]; then dir="$dir/repeat-$rep"; mkdir -p "$dir"; fi
      [[ "$rep" -eq 1 ]] && row_names+=("$row")
      infer_batch="$(setting evaluation.batch-size 512 ${all[@]+"${all[@]}"})"
      torch_args=(--infer-batch "$infer_batch")
      torch_name="i$infer_batch"
      if [[ "$network" == sequence ]]; then
        # Set by the row's overrides: passed on; otherwise the mirror takes the export's value.
        for key in chunks-per-batch length overlap direction conv1-stride dropout beat-encoder; do
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
      dl4j_unknown="unknown (older export)"
      grep -q '^dl4j_parameters=' "$torch_result.txt" && dl4j_unknown="not compared (the export describes another network)"
      [[ "$rep" -eq 1 ]] && parameter_lines+=("$row: PyTorch mirror ${torch_parameters:-unknown (older mirror result)}, DL4J ${dl4j_parameters:-$dl4j_unknown}")

      stage "$row: local-trainer (one JVM, $epochs epoch(s))$of_repeat"
      run_java "$dir/local-trainer" org.ecgplatform.training.bench.ThroughputRun local-trainer \
        --dataset "$dataset" --epochs "$epochs" --result "$dir/local-trainer.txt" ${all[@]+"${all[@]}"}
      stage "$row: parameter-averaging (TrainJob, local[2], $epochs epoch(s))$of_repeat"
      rm -rf "$dir/pa"
      run_java "$dir/parameter-averaging" org.ecgplatform.training.bench.ThroughputRun parameter-averaging \
        --dataset "$dataset" --epochs "$epochs" --work "$dir/pa" --result "$dir/parameter-averaging.txt" \
        training.spark.workers=2 ${all[@]+"${all[@]}"}
      runs=(local-trainer parameter-averaging)
      rm -f "$dir/standalone-cluster.txt"
      if [[ "$cluster" -eq 1 && -z "$row_jvm_opts" ]]; then
        stage "$row: standalone-cluster (train.sh --env cluster-test, 2 workers x 1 core, $epochs epoch(s))$of_repeat"
        rm -rf "$dir/cluster"
        train_overrides=()
        for o in ${all[@]+"${all[@]}"}; do [[ "$o" == training.* ]] && train_overrides+=("$o"); done
        run_java "$dir/standalone-cluster" org.ecgplatform.it.ClusterTrainingBenchmark \
          --dataset "$dataset" --epochs "$epochs" --work "$dir/cluster" --result "$dir/standalone-cluster.txt" \
          ${train_overrides[@]+"${train_overrides[@]}"}
        runs+=(standalone-cluster)
      elif [[ "$cluster" -eq 1 ]]; then
        stage "$row: no standalone-cluster run (the lever's JVM options would not reach the cluster's JVMs)"
      fi
      runs+=(evaluation)
      stage "$row: evaluation (EvaluateJob, local[2], test split)$of_repeat"
      rm -rf "$dir/eval"
      eval_overrides=()
      for o in ${all[@]+"${all[@]}"}; do [[ "$o" == evaluation.* ]] && eval_overrides+=("$o"); done
      run_java "$dir/evaluation" org.ecgplatform.evaluation.bench.ScoringThroughputRun \
        --model "$dir/pa/model" --dataset "$dataset" --work "$dir/eval" --result "$dir/evaluation.txt" \
        evaluation.write-annotations=false ${eval_overrides[@]+"${eval_overrides[@]}"}

      declare -A speeds=()
      for run in "${runs[@]}"; do
        result="$dir/$run.txt"
        kind=train; [[ "$run" == evaluation ]] && kind=infer
        speed="$(value "$result" beats_per_s)"
        speeds[$run]="$speed"
        row_speeds["$row|$run|$rep"]="$speed"
        if [[ "$run" == parameter-averaging && "$epochs" -ge 2 ]]; then
          row_speeds["$row|$run-after-first|$rep"]="$(after_first "$dir/pa/model/training-metrics.csv")"
        fi
        if [[ "$run" == evaluation ]]; then
          row_speeds["$row|$run-warm|$rep"]="$(value "$result" warm_beats_per_s)"
          warm_runs="$(value "$result" warm_runs)"
        fi
        if [[ "$run" == standalone-cluster ]]; then
          rss="$(awk -v a="$(value "$result" driver_peak_rss_mb)" -v b="$(value "$result" executor_peak_rss_mb)" 'BEGIN { print (a > b ? a : b) }')"
        else
          rss="$(rss_mb "$dir/$run.rss")"
        fi
        torch_best="$(printf '%.1f' "$(value "$torch_result.txt" "${kind}_best")")"
        torch_1="$(printf '%.1f' "$(value "$torch_result.txt" "${kind}_1")")"
        torch_threads_best="$(value "$torch_result.txt" "${kind}_best_threads")"
        torch_loss="$(value "$torch_result.txt" loss_"$torch_threads_best")"
        torch_ratio="$(ratio "$speed" "$torch_best")"
        echo "${row//,/+},$run,$speed,$torch_best,$torch_ratio,$rss,$rep" >> "$csv"
        printf '"%s",%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"%s",%s,%s,%s,%s,%s,%s\n' "$row" "$run" "$speed" "$torch_best" \
          "$torch_ratio" "$rss" "$(value "$result" loss)" "$torch_1" "$torch_loss" \
          "$torch_threads_best" "$(value "$result" load_average)" \
          "$(value "$result" seconds)" "$(value "$result" beats)" "$(value "$result" settings)" \
          "$torch_parameters" "$dl4j_parameters" "$(value "$result" network_seconds)" \
          "$(value "$result" beats_computed)" "$(value "$result" network_beats_per_s)" "$rep" >> "$details"
        if [[ "$run" == evaluation && -n "$(value "$result" network_seconds)" ]]; then
          network_lines+=("$row$of_repeat: $(value "$result" beats) beats scored in $(value "$result" seconds) s of wall time;\
 the network's calls $(value "$result" network_seconds) s of task time (two task threads) for\
 $(value "$result" beats_computed) beats computed, $(value "$result" network_beats_per_s) scored beats per network second;\
 every run's beats/s $(value "$result" run_beats_per_s)")
        fi
      done
      goal "parameter-averaging / PyTorch training best" "${speeds[parameter-averaging]}" "$(value "$torch_result.txt" train_best)" 1.0
      goal "evaluation / PyTorch inference best" "${speeds[evaluation]}" "$(value "$torch_result.txt" infer_best)" 1.0
      goal "local-trainer / PyTorch training 1 thread" "${speeds[local-trainer]}" "$(value "$torch_result.txt" train_1)" 0.8
      goal "parameter-averaging / local-trainer" "${speeds[parameter-averaging]}" "${speeds[local-trainer]}" 1.7
      goal "standalone-cluster / parameter-averaging" "${speeds[standalone-cluster]:-}" "${speeds[parameter-averaging]}" 0.9
      if [[ "$epochs" -ge 2 && -n "${speeds[standalone-cluster]:-}" ]]; then
        # The same goal without the first epoch, when the executors' JVMs start cold.
        goal "standalone-cluster / parameter-averaging (epochs 2-$epochs)" \
          "$(after_first "$dir/cluster/model/training-metrics.csv")" "$(after_first "$dir/pa/model/training-metrics.csv")" 0.9
      fi
      unset speeds
    done
  done
done

# Issue 13: the sequence model against the per-beat model (the row without a lever) of the same
# repetition, where the issue measures it (training on local[2], scoring in the evaluation job).
for rep in $(seq 1 "$repeat"); do
  for row in ${row_names[@]+"${row_names[@]}"}; do
    [[ "$row" == sequence || "$row" == sequence\[* ]] || continue
    for run in parameter-averaging evaluation; do
      goal "$run / per-beat model's $run" "${row_speeds["$row|$run|$rep"]:-}" "${row_speeds["beat|$run|$rep"]:-}" 4.0
    done
    if [[ "$epochs" -ge 2 ]]; then
      # The same training goal without the first epoch, which holds each JVM's compilation.
      goal "parameter-averaging epochs 2-$epochs / per-beat model's" \
        "${row_speeds["$row|parameter-averaging-after-first|$rep"]:-}" \
        "${row_speeds["beat|parameter-averaging-after-first|$rep"]:-}" 4.0
    fi
    # The same scoring goal in a warm JVM: the median of the evaluation job's later runs (the second
    # run of the faster model's short job still holds the JIT's compilation).
    goal "evaluation runs ${warm_runs:-4-6} (warm JVM) / per-beat model's" \
      "${row_speeds["$row|evaluation-warm|$rep"]:-}" "${row_speeds["beat|evaluation-warm|$rep"]:-}" 4.0
  done
done
if [[ "$repeat" -gt 1 ]]; then
  # One line per row and figure over the repetitions: mean (met when it reaches the goal), sd, range.
  awk -F, 'NR > 1 && $6 ~ /^[0-9]+$/ {
      k = $1 FS $2; if (!(k in cnt)) order[++m] = k
      cnt[k]++; sum[k] += $3; sq[k] += $3 * $3; g[k] = $4
      if (!(k in lo) || $3 < lo[k]) lo[k] = $3
      if (!(k in hi) || $3 > hi[k]) hi[k] = $3 }
    END { for (i = 1; i <= m; i++) { k = order[i]; c = cnt[k]; mean = sum[k] / c
        var = c > 1 ? (sq[k] - c * mean * mean) / (c - 1) : 0; if (var < 0) var = 0
        printf "%s,%.2f,%s,%s,mean of %d,%.2f,%.2f,%.2f\n", k, mean, g[k], (mean >= g[k] ? "yes" : "no"), c, sqrt(var), lo[k], hi[k] } }' \
    "$goals" > "$goals.summary"
  cat "$goals.summary" >> "$goals"
  rm -f "$goals.summary"
fi

echo
echo "Throughput on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
column -s, -t < "$csv"
echo
echo "Goals, per row (met: yes/no):"
column -s, -t < "$goals"
echo
echo "Trainable parameters:"
printf '  %s\n' "${parameter_lines[@]}"
if [[ ${#network_lines[@]} -gt 0 ]]; then
  echo
  echo "Evaluation rows, the network's share of the job's scoring:"
  printf '  %s\n' "${network_lines[@]}"
fi
echo
echo "written: $csv, $goals (details with losses and settings: $details)"
if [[ "$profile" -eq 1 ]]; then
  echo "profiles: $work/*/{local-trainer,parameter-averaging,evaluation}-profile.txt"
fi
