"""Nightly evaluation of the ECG Platform's production model (Airflow 2.4+).

Copy this file into the DAGs folder of an Airflow installation whose workers can run
``submit-scripts/nightly.sh`` (Java 17, and SPARK_HOME etc. for cluster environments). Every
path and the environment name come from Airflow Variables, so nothing host-specific lives here:

    ecg_root      the ECG Platform checkout on the worker, e.g. /opt/ecg-platform
    ecg_env       conf/<env>.conf to use: local, standalone, yarn or k8s (default: local)
    ecg_raw       the WFDB database directory that receives new records
    ecg_dataset   the beat dataset the ETL (re)writes
    ecg_model     the production model
    ecg_runs      the directory of nightly evaluation runs (<runs>/<UTC date-time>)
    ecg_nstdb     optional: the MIT-BIH Noise Stress Test Database, for augmentation

nightly.sh exits 0 (ok), 3 (the regression gate failed) or another status (a step failed). The
two outcomes that are failures are kept apart:

* ``nightly`` (BashOperator) runs the script. A failed step is retried (``retries``): most such
  failures are transient (cluster, storage). Exit 3 is not a failure of this task: the run
  completed, so the task succeeds and pushes the exit status to XCom (its last output line).
* ``regression_gate`` reads that status and, on 3, fails with AirflowFailException, which is never
  retried (re-running would only re-measure the same model), so the regression shows as its own
  red task and alerts through ``on_failure_callback`` / e-mail, with the gate's message from the
  nightly log line.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowFailException
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator

REGRESSION_EXIT = 3
STATUS_PREFIX = "ECG_NIGHTLY_EXIT="


def alert(context):
    """Failure callback: replace the log call with your pager or chat hook."""
    ti = context["task_instance"]
    ti.log.error(
        "ECG nightly %s failed (run %s): %s",
        ti.task_id,
        context["run_id"],
        context.get("exception"),
    )


# The script's exit status becomes the task's last output line (pushed to XCom); exit 3 is
# reported there instead of failing the task, every other non-zero status fails it (and retries).
NIGHTLY_COMMAND = """
set -u
root="{{ var.value.ecg_root }}"
args=(--env "{{ var.value.get('ecg_env', 'local') }}"
      --raw "{{ var.value.ecg_raw }}" --dataset "{{ var.value.ecg_dataset }}"
      --model "{{ var.value.ecg_model }}" --runs "{{ var.value.ecg_runs }}")
nstdb="{{ var.value.get('ecg_nstdb', '') }}"
if [[ -n "$nstdb" ]]; then args+=(--nstdb "$nstdb"); fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$root/submit-scripts/nightly.sh" "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [[ $status -eq %(regression)d ]]; then
  grep -E 'step=evaluate status=regression' "$log" | tail -n 1 | sed 's/^/gate: /'
  echo "%(prefix)s$status"
  exit 0
fi
echo "%(prefix)s$status"
exit "$status"
""" % {"regression": REGRESSION_EXIT, "prefix": STATUS_PREFIX}


def check_gate(ti, **_):
    """Fails without retry when nightly.sh reported a regression (exit 3)."""
    last_line = ti.xcom_pull(task_ids="nightly") or ""
    if not last_line.startswith(STATUS_PREFIX):
        raise AirflowFailException(f"Cannot read the nightly exit status from {last_line!r}")
    status = int(last_line[len(STATUS_PREFIX):])
    if status == REGRESSION_EXIT:
        raise AirflowFailException(
            "ECG nightly: the regression gate failed (nightly.sh exit 3); see the 'nightly' task's "
            "log for the gate's message and <runs>/<run>/gate.json, baseline_delta.csv, report.html"
        )
    ti.log.info("ECG nightly passed (exit %d)", status)


with DAG(
    dag_id="ecg_nightly_evaluation",
    description="ETL of new WFDB data when it changed, then the gated evaluation of the production model",
    schedule="30 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    # One night at a time: nightly.sh picks the latest finished run as its baseline.
    max_active_runs=1,
    default_args={
        "owner": "ecg-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        # Add "email": [...] and "email_on_failure": True for mail alerts (needs Airflow's SMTP).
        "on_failure_callback": alert,
    },
    tags=["ecg-platform"],
) as dag:
    nightly = BashOperator(
        task_id="nightly",
        bash_command=NIGHTLY_COMMAND,
        execution_timeout=timedelta(hours=6),
        do_xcom_push=True,
    )
    regression_gate = PythonOperator(
        task_id="regression_gate",
        python_callable=check_gate,
        retries=0,
    )
    nightly >> regression_gate
