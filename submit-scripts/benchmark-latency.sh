#!/usr/bin/env bash
# Size and per-beat latency on one core of the causal beat-sequence model, the bidirectional one and the per-beat model.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: submit-scripts/benchmark-latency.sh --work <dir> [--beats N] [--warmup N] [--batched-beats N]
           [key=value ...]

For wearable and remote-monitoring use: what the networks cost on a device that classifies each beat
as it is detected. In one JVM, one network after the other, with ND4J on one thread
(OMP_NUM_THREADS=1, as STACK.md prescribes; ND4J's maxThreads is printed to show it took effect;
the JVM's own JIT and GC threads are not pinned):
  beat                      the per-beat model (training.model=beat)
  sequence, causal          the beat-sequence model, training.sequence.direction=causal
  sequence, bidirectional   the beat-sequence model, training.sequence.direction=bidirectional
each with the default settings (and the key=value overrides), the window and channels of the ETL's
defaults (256 samples at 360 Hz; MLII and its record template).

The networks are untrained and seeded: size and latency depend on the architecture, not on the
weights, so the classes are meaningless but the figures are those of a trained model. Each is saved
as the training job saves its result (BeatModel: model.zip and model.json) to
<work>/models/<network>/ and loaded back as evaluation loads it; the beats are synthetic.

Per network: the parameter count, the saved artifact's size, and the latency of the streaming case,
a new beat arrives and must be classified, as median and 95th percentile (nearest rank) of N timed
calls after the warm-up ones. One timed call is:
  beat           one prediction of one beat window
  causal         one prediction over the new beat's scoring sequence as received so far: the beats of
                 its core (training.sequence.length - overlap beats) up to it and the overlap beats
                 before the core, i.e. overlap+1 to length beats; the model is causal, so the beat gets
                 exactly the probabilities the platform's scoring (StreamingScorer) gives it, at once
                 (the evaluation and annotation jobs' StreamingScorer makes one call per core instead,
                 so there a core's first beat waits length - overlap - 1 beats for its class)
  sequence[rnn-time-step], causal
                 the same probabilities from DL4J's rnnTimeStep with the LSTM state carried from beat
                 to beat (one step per beat, two while a beat is also context of the next core's
                 sequence); reported only if its probabilities equal the previous row's on every beat
  bidirectional  one prediction over a whole scoring sequence (length beats), which classifies one
                 core of length - overlap beats: a beat's class is known overlap/2 beats after it at
                 the earliest (the core's first beat: length - overlap/2 - 1 beats after it); timed
                 over ceil(N / (length - overlap)) calls, which classify N beats
Plus, for context, the rate of batched scoring (the evaluation job's call, BeatModel.predictProbabilities,
on 1,024 consecutive beats; the better of two runs).

Output: the table on stdout, <work>/latency.txt (the whole log) and <work>/latency.csv with
  network,direction,params,model_bytes,latency_ms_median,latency_ms_p95,delay_beats
  model_bytes   model.zip + model.json (a trained model's model.json also holds its per-epoch
                history, a few kB more; Hadoop's .crc side files are not counted)
  delay_beats   beats that must arrive after a beat before the network can classify it: 0 for beat
                and causal, overlap/2 for bidirectional. Every kind also needs the next beat's
                detection for the rr_next feature, and the dataset's rr_mean and record template are
                whole-record features: a streaming device needs running versions of them.
<work>/latency-details.csv adds what one call covers, the mean, batched beats/s, the load average and
ND4J's thread counts. Timings depend on what else runs on the machine: measure on an idle one.

  --work <dir>         where everything is written (a directory of this host)
  --beats N            timed beats per network (default 1000)
  --warmup N           calls before the timed ones (default 200)
  --batched-beats N    beats of the batched-scoring figure (default 1024)
  key=value            training.* / etl.* overrides for every network, e.g. training.sequence.overlap=16
                       or etl.leads.second=true (training.model and training.sequence.direction are
                       set per network)
  -h, --help           this help
USAGE
}

work=""; beats=1000; warmup=200; batched=1024
overrides=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --work|--beats|--warmup|--batched-beats)
      if [[ $# -lt 2 ]]; then echo "benchmark-latency.sh: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in
        --work) work="$2" ;; --beats) beats="$2" ;; --warmup) warmup="$2" ;; --batched-beats) batched="$2" ;;
      esac
      shift 2 ;;
    *=*) overrides+=("$1"); shift ;;
    *) echo "benchmark-latency.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$work" ]]; then echo "benchmark-latency.sh: --work is required (see --help)" >&2; exit 2; fi
for v in "$beats" "$warmup" "$batched"; do
  if [[ ! "$v" =~ ^[1-9][0-9]*$ ]]; then
    echo "benchmark-latency.sh: --beats, --warmup and --batched-beats must be positive integers, got '$v'" >&2; exit 2
  fi
done
mkdir -p "$work"
work="$(cd "$work" && pwd)"

classpath="$(ecg_bench_classpath training)"

log="$work/latency.txt"
echo "[bench] load before: $(uptime)" | tee "$log"
# shellcheck disable=SC2046
OMP_NUM_THREADS=1 java ${ECG_JAVA_OPTS:-} $(ecg_java_opens) -Dlog4j2.configurationFile="$ECG_ROOT/conf/log4j2.properties" \
  -cp "$classpath" org.ecgplatform.training.bench.LatencyBenchmark --work "$work" --csv "$work/latency.csv" \
  --beats "$beats" --warmup "$warmup" --batched-beats "$batched" ${overrides[@]+"${overrides[@]}"} 2>>"$work/latency.log" \
  | tee -a "$log" || { echo "[bench] the benchmark failed: $work/latency.log" >&2; tail -n 20 "$work/latency.log" >&2; exit 1; }
echo "[bench] load after: $(uptime)" | tee -a "$log"
echo "[bench] $work/latency.csv; details in $work/latency-details.csv; JVM log in $work/latency.log"
