#!/usr/bin/env bash
# Trains the beat classifier (org.ecgplatform.training.cli.TrainMain).
#
#   submit-scripts/train.sh --env local --dataset URI --output URI [--resume] [--config FILE] [key=value ...]
#   submit-scripts/train.sh --env cluster --dataset hdfs://... --output hdfs://... [key=value ...]
#
# --env local    embedded Spark (local[*]) on this machine, no Spark installation needed.
# --env cluster  spark-submit with the shaded job jar; master and resources from the environment:
#                SPARK_MASTER (e.g. yarn, spark://host:7077), SPARK_SUBMIT_OPTS_EXTRA (more options),
#                ECG_EXECUTOR_OFFHEAP (ND4J off-heap per executor, default 4G), ECG_DRIVER_OFFHEAP (default 4G).
# ND4J runs one thread per Spark task (OMP_NUM_THREADS=1) on the driver and the executors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

env_name="local"
if [[ "${1:-}" == "--env" ]]; then
  env_name="${2:?--env needs a value (local or cluster)}"
  shift 2
fi
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
case "$env_name" in
  local)
    ecg_run_local training org.ecgplatform.training.cli.TrainMain "$@"
    ;;
  cluster)
    : "${SPARK_MASTER:?set SPARK_MASTER (e.g. yarn or spark://host:7077)}"
    jar="$(ecg_job_jar training)"
    offheap_exec="${ECG_EXECUTOR_OFFHEAP:-4G}"
    offheap_driver="${ECG_DRIVER_OFFHEAP:-4G}"
    # shellcheck disable=SC2086
    spark-submit --master "$SPARK_MASTER" --class org.ecgplatform.training.cli.TrainMain \
      --conf spark.executorEnv.OMP_NUM_THREADS=1 \
      --conf "spark.driver.extraJavaOptions=-Dorg.bytedeco.javacpp.maxbytes=$offheap_driver -Dorg.bytedeco.javacpp.maxphysicalbytes=$offheap_driver" \
      --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxbytes=$offheap_exec -Dorg.bytedeco.javacpp.maxphysicalbytes=$offheap_exec" \
      ${SPARK_SUBMIT_OPTS_EXTRA:-} "$jar" "$@"
    ;;
  *)
    echo "train.sh: unknown --env '$env_name' (local or cluster)" >&2
    exit 2
    ;;
esac
