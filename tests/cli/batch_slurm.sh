#!/usr/bin/env bash
# scripts/slurm_batch.sh: one study per array task, then the merge job. Where Slurm and
# munge are installed and we are root, on a private one-node cluster started in a temporary
# folder (own munge socket, own ports, state and logs; stopped at the end); otherwise by
# running the script's array tasks in a loop with SLURM_ARRAY_TASK_ID set, and its merge
# step (the script's logic, not Slurm's scheduling; the test says which). Either way the
# merged summary equals a single `marrow batch` run's (but for the seconds column).
# Args: $1 marrow.
set -euo pipefail
MARROW=$(realpath "$1")
export MARROW
script=$(realpath "$(dirname "$0")/../../scripts/slurm_batch.sh")
tmp=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    # The daemons write their state until they have exited: wait (at most 10 s) before
    # removing the folder, or rm races them ("Directory not empty") and fails the test.
    for p in "${pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp"; } || true
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -d "$tmp/log" ] && tail -n 20 "$tmp"/log/* "$tmp"/*.out 2>/dev/null; exit 1; }
. "$(dirname "$0")/lib/batch_studies.sh"
make_studies "$tmp/studies" 3
echo '{"threshold": "150:3071", "fill-holes": true}' >"$tmp/pipeline.json"
"$MARROW" batch "$tmp/studies" -o "$tmp/single" --pipeline "$tmp/pipeline.json" -j 2 >/dev/null 2>&1 || true
"$MARROW" batch "$tmp/studies" --list >"$tmp/manifest.csv"
n=$(wc -l <"$tmp/manifest.csv")

start_cluster() {  # a private slurmctld + slurmd on this host; returns 1 when it cannot
    command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
        && command -v sbatch >/dev/null && [ "$(id -u)" -eq 0 ] && [ -r /etc/munge/munge.key ] || return 1
    local host port=$((20000 + RANDOM % 20000)) i
    host=$(hostname -s)
    mkdir -p "$tmp"/{state,spool,log,munge}
    chmod 700 "$tmp/munge"
    cp /etc/munge/munge.key "$tmp/munge/key"
    munged --force --key-file="$tmp/munge/key" --socket="$tmp/munge/socket" --pid-file="$tmp/munge/pid" \
        --log-file="$tmp/log/munged" --seed-file="$tmp/munge/seed" || return 1
    pids+=("$(cat "$tmp/munge/pid")")
    cat >"$tmp/slurm.conf" <<CONF
ClusterName=marrowtest
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld
SlurmdLogFile=$tmp/log/slurmd
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF=$tmp/slurm.conf
    slurmctld -c -f "$SLURM_CONF" || return 1
    for i in $(seq 1 50); do [ -s "$tmp/slurmctld.pid" ] && break; sleep 0.1; done
    pids+=("$(cat "$tmp/slurmctld.pid")")
    slurmd -f "$SLURM_CONF" || return 1
    for i in $(seq 1 50); do [ -s "$tmp/slurmd.pid" ] && break; sleep 0.1; done
    pids+=("$(cat "$tmp/slurmd.pid")")
    for i in $(seq 1 100); do sinfo -h -o %t 2>/dev/null | grep -q idle && return 0; sleep 0.2; done
    return 1
}

if start_cluster; then
    mode="a one-node Slurm cluster"
    (cd "$tmp" && "$script" submit "$tmp/manifest.csv" "$tmp/slurm" "$tmp/pipeline.json" --mem=1000) >"$tmp/submit" \
        || fail "submit"
    grep -q "($n tasks)" "$tmp/submit" || fail "submit line: $(cat "$tmp/submit")"
    for _ in $(seq 1 600); do [ -z "$(squeue -h)" ] && break; sleep 0.2; done
    [ -z "$(squeue -h)" ] || fail "jobs still queued: $(squeue)"
    [ "$(ls "$tmp"/marrow-batch-*.out | wc -l)" -eq "$n" ] || fail "not $n task logs"
    grep -q "merged $n study records (1 failed)" "$tmp"/marrow-merge-*.out || fail "merge job: $(cat "$tmp"/marrow-merge-*.out)"
else
    mode="SLURM_ARRAY_TASK_ID in a loop (no Slurm cluster could be started here)"
    for i in $(seq 1 "$n"); do
        SLURM_ARRAY_TASK_ID=$i "$script" task "$tmp/manifest.csv" "$tmp/slurm" "$tmp/pipeline.json" >/dev/null 2>&1 || true
    done
    "$script" merge "$tmp/manifest.csv" "$tmp/slurm" "$tmp/pipeline.json" | grep -q "merged $n study records (1 failed)" \
        || fail "merge"
fi
[ "$(grep -c ',ok,' "$tmp/single/summary.csv")" -eq $((n - 1)) ] || fail "single run: $(cat "$tmp/single/summary.csv")"
diff <(summary_without_seconds "$tmp/single/summary.csv") <(summary_without_seconds "$tmp/slurm/summary.csv") \
    || fail "the merged summary differs from the single run's"
echo "ok: slurm_batch.sh via $mode, $n studies, merged summary equals the single run's"
