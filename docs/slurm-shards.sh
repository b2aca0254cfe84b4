#!/usr/bin/env bash
# Bulk shards on Slurm, run for real: brings up a one-node Slurm cluster on this machine (Debian's
# slurm-wlm and munge; a private munge key and socket, a slurm.conf generated from this node's real
# CPUs and memory, slurmctld and slurmd), then through docs/embed-shards.sbatch:
#   1. one task of 2 CPUs embeds the whole input (the single run),
#   2. an array of SHARDS tasks of 1 CPU each embeds one shard each,
#   3. an array of 4 tasks throttled to 2 at once (--array=0-3%2),
# checks that the parts of 2 and 3 hold every row of the single run exactly once with bitwise-equal
# vectors (docs/check_shards.cs), prints the wall times, and tears the cluster down: jobs cancelled,
# daemons stopped, every file it made removed (also on failure or Ctrl-C).
#
# Usage, as root (it installs Debian packages and starts daemons):
#   docs/slurm-shards.sh [ROWS (default 400000)] [SHARDS (default 2)]
# WORK_DIR=DIR keeps the model, input and Parquet parts there for a rerun; otherwise they are removed.
# The Debian packages stay installed; remove them with: apt-get purge slurmctld slurmd slurm-client munge
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-400000}
shards=${2:-2}
[ "$(id -u)" = 0 ] || { echo "run as root: this installs Debian packages and starts munged, slurmctld and slurmd" >&2; exit 1; }
say() { printf '\n== %s\n' "$*"; }

say "packages"
missing=()
for package in munge slurmctld slurmd slurm-client; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  apt-get update -qq
  # Debian's maintainer scripts may try to start the system-wide services; this cluster uses its own
  # key, socket, configuration and ports, so it neither needs nor disturbs them.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  echo "installed: ${missing[*]}"
fi
echo "$(slurmctld -V), $(munged -V 2>&1 | head -1)"

cluster=$(mktemp -d /tmp/slurm-shards.XXXXXX)
chmod 755 "$cluster"                       # munge's socket folder must be reachable by every user
conf=$cluster/slurm.conf
export SLURM_CONF=$conf                    # every Slurm command below (and each job) reads this cluster's file

teardown() {
  local status=$?
  set +e
  say "teardown"
  if [ -f "$cluster/slurmctld.pid" ]; then
    squeue -h -o %A 2>/dev/null | sort -u | xargs -r scancel 2>/dev/null
    for _ in $(seq 30); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 1; done
  fi
  for daemon in slurmd slurmctld munged; do  # only the daemons this script started, by their pid files
    pid=$(cat "$cluster/$daemon.pid" 2>/dev/null) || continue
    kill "$pid" 2>/dev/null && for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "stopped $daemon (pid $pid)"
  done
  rm -rf "$cluster"
  echo "removed $cluster"
  exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

free_port() { # free_port PREFERRED: PREFERRED if nothing listens there, else the next free one
  local port=$1
  while [ -n "$(ss -Htln "sport = :$port")" ]; do port=$((port + 1)); done
  echo "$port"
}

say "munge: a new key and a private socket"
mkdir -m 700 "$cluster/munge"
mungekey --create --keyfile "$cluster/munge/munge.key"
# --force: munged runs as root here; on a real cluster it runs as the munge user, with one key on every node.
munged --force --key-file="$cluster/munge/munge.key" --socket="$cluster/munge.socket" \
  --pid-file="$cluster/munged.pid" --log-file="$cluster/munge/munged.log" --seed-file="$cluster/munge/munged.seed"
munge -S "$cluster/munge.socket" -n | unmunge -S "$cluster/munge.socket" > /dev/null && echo "munge credential round trip: ok"

say "slurm.conf from this node"
host=$(hostname -s)
# slurmd -C prints this node's real CPUs, sockets, cores, threads and memory in slurm.conf syntax.
node=$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/")
mkdir -p "$cluster/state" "$cluster/spool" "$cluster/logs" "$cluster/bin"
cat > "$conf" <<EOF
# One-node cluster made by docs/slurm-shards.sh; removed when it ends.
ClusterName=shards
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port 6817)
SlurmdPort=$(free_port 6818)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$cluster/munge.socket
StateSaveLocation=$cluster/state
SlurmdSpoolDir=$cluster/spool
SlurmctldPidFile=$cluster/slurmctld.pid
SlurmdPidFile=$cluster/slurmd.pid
SlurmctldLogFile=$cluster/logs/slurmctld.log
SlurmdLogFile=$cluster/logs/slurmd.log
# No cgroups here: processes are tracked by parent id, and each task is told its CPUs
# (embed-shards.sbatch sets DOTNET_PROCESSOR_COUNT). Real clusters use proctrack/cgroup, task/cgroup.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# CPUs and memory are what jobs consume, so two 1-CPU tasks run side by side on 2 cores.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
# Keep finished jobs visible to scontrol for 10 minutes (their start and end times are printed).
MinJobAge=600
$node State=UNKNOWN
PartitionName=shards Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
grep -E "^(NodeName|PartitionName|SlurmctldPort|SlurmdPort)" "$conf"

say "slurmctld and slurmd"
slurmctld -f "$conf"
slurmd -f "$conf" -N "$host"
for i in $(seq 60); do
  state=$(sinfo -h -N -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  [ "$i" = 60 ] && { echo "the node did not become idle (state: ${state:-none}); logs:"; tail -20 "$cluster"/logs/*.log; exit 1; }
  sleep 1
done
sinfo

say "the model and the input"
work=${WORK_DIR:-$cluster/shared}
mkdir -p "$work"
dotnet build "$root/src/MlNetPositional.Cli" -c Release -v q -nologo > "$cluster/logs/build.log" || { tail -30 "$cluster/logs/build.log"; exit 1; }
dll=$root/src/MlNetPositional.Cli/bin/Release/net10.0/mlnet-positional.dll
# The command the sbatch file runs; on a real cluster, the CLI installed on every node (or a container).
printf '#!/bin/sh\nexec dotnet "%s" "$@"\n' "$dll" > "$cluster/bin/mlnet-positional"
chmod +x "$cluster/bin/mlnet-positional"
export PATH=$cluster/bin:$PATH
[ -f "$work/fortunes.tsv" ] || "$root/pipelines/TrainInPipeline/make-fortunes-tsv.sh" "$work/fortunes.tsv"
if [ ! -f "$work/model.onnx" ]; then
  # The model of docs/scale-out-measure.sh (1 layer, dim 64, max length 64) trained briefly: shards
  # are about equal outputs, not about a good model.
  mlnet-positional train --data "$work/fortunes.tsv" --text-column Text --label-column Label \
    --layers 1 --heads 4 --dim 64 --max-len 64 --steps 60 --batch-size 64 --seed 1 --out "$work/run" > "$cluster/logs/train.log"
  mlnet-positional export --checkpoint "$work/run" --out "$work/model.onnx" > /dev/null
fi
input=$work/rows-$rows.tsv
[ -f "$input" ] || awk -F'\t' -v n="$rows" 'NR > 1 { text[m++] = $2 } END { print "id\ttext"; for (i = 0; i < n; i++) print "f" i "\t" text[i % m] }' "$work/fortunes.tsv" > "$input"
echo "model $work/model.onnx; input $input ($rows rows of real text: Debian's fortunes, cycled)"

run_array() { # run_array LABEL OUT EXTRA-EXPORTS SBATCH-ARGS...: submits embed-shards.sbatch, waits, prints the wall time
  local label=$1 out=$2 extra=$3; shift 3
  rm -rf "$out"
  local start end job
  start=$(date +%s.%N)
  job=$(sbatch --parsable --output="$cluster/logs/%x-%A_%a.out" \
    --export="ALL,MODEL=$work/model.onnx,INPUT=$input,OUT=$out$extra" "$@" "$root/docs/embed-shards.sbatch")
  # Poll rather than sbatch --wait, whose polling interval grows to tens of seconds and would be
  # measured as run time.
  while [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; do sleep 0.2; done
  end=$(date +%s.%N)
  if scontrol -o show job "$job" | grep -v -q 'JobState=COMPLETED .*ExitCode=0:0'; then
    echo "$label: a task failed:"; scontrol -o show job "$job" | grep -o 'ArrayTaskId=[^ ]*\|JobState=[^ ]*\|ExitCode=[^ ]*'; tail -n 20 "$cluster"/logs/*.out; exit 1
  fi
  awk -v l="$label" -v s="$start" -v e="$end" -v n="$rows" 'BEGIN { printf "%s: %.1f s wall (submitted to last task ended), %.0f rows/s\n", l, e - s, n / (e - s) }'
  scontrol -o show job "$job" | grep -o 'ArrayTaskId=[^ ]*\|StartTime=[^ ]*\|EndTime=[^ ]*\|NumCPUs=[^ ]*' | paste -d' ' - - - - | sed 's/^/  /'
}

say "runs"
run_array "single run (1 task, 2 CPUs)" "$work/out-single" ",SHARDS=1" --array=0 --cpus-per-task=2
run_array "$shards shards (array 0-$((shards - 1)), 1 CPU each)" "$work/out-$shards" "" --array="0-$((shards - 1))"
run_array "4 shards, at most 2 at once (array 0-3%2)" "$work/out-4x2" "" --array=0-3%2

say "check: every row exactly once, bitwise equal to the single run"
parts() { local out=$1 n=$2; for ((i = 0; i < n; i++)); do echo "$out/part-$i.parquet"; done; }
mapfile -t shard_parts < <(parts "$work/out-$shards" "$shards")
mapfile -t throttled_parts < <(parts "$work/out-4x2" 4)
dotnet run "$root/docs/check_shards.cs" -- "$work/out-single/part-0.parquet" "${shard_parts[@]}"
dotnet run "$root/docs/check_shards.cs" -- "$work/out-single/part-0.parquet" "${throttled_parts[@]}"
echo "slurm-shards: all checks passed"
