#!/usr/bin/env bash
# PyTorch DistributedDataParallel training, run for real: docs/ddp_train.py (the encoder of
# docs/mlnet_positional.py learning the reverse task) started by torchrun on this machine with the gloo
# backend, in 1, 2 and 4 processes; then the 2-process model is imported with
# `import --layout mlnet-positional` and scored through ML.NET's ApplyPositionalEmbedding against
# PyTorch's own outputs (docs/ddp_parity.cs: within 1e-5 of each row's scale).
#
# Usage: docs/ddp-run.sh [STEPS (default 300)] [WORK_DIR (default: a temp folder, removed at the end)]
# Needs Debian's python3-torch for /usr/bin/python3 (installed here if missing, as root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
steps=${1:-300}
python=/usr/bin/python3     # Debian's; a pyenv or venv python3 earlier on PATH has no torch
if [ -n "${2:-}" ]; then work=$2; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
say() { printf '\n== %s\n' "$*"; }

if ! "$python" -c 'import torch' 2> /dev/null; then
  say "installing Debian's PyTorch"
  apt-get update -qq
  # OpenBLAS: Debian's default BLAS is the slow reference one.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread > /dev/null
fi
echo "PyTorch $("$python" -c 'import torch; print(torch.__version__)'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

launch() { # launch PROCESSES THREADS OUT: one torchrun job on this machine; prints its metrics line
  local processes=$1 threads=$2 out=$3 start end
  start=$(date +%s.%N)
  # torch 1.13's launcher on Python 3.11 (Debian 12) reads its default --redirects/--tee value "0" as
  # None and fails (pytorch#92319, fixed in 2.0); any explicit per-stream value avoids that path.
  "$python" -m torch.distributed.run --standalone --nproc_per_node "$processes" --redirects 2 --tee 2 --log_dir "$work/torchrun-logs" \
    "$root/docs/ddp_train.py" --out "$out" --steps "$steps" --threads "$threads" > "$out.log" 2>&1 \
    || { tail -30 "$out.log"; exit 1; }
  end=$(date +%s.%N)
  "$python" - "$out/metrics.json" "$start" "$end" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"{m['processes']} process(es) x {m['threads_per_process']} thread(s): {m['samples_per_second']:.0f} samples/s in the training loop "
      f"({m['train_seconds']:.1f} s for {m['steps']} steps of {m['global_batch']}), {wall:.1f} s wall with start-up; "
      f"final loss {m['final_loss']:.6f}, held-out token accuracy {m['held_out_token_accuracy']:.4f}")
EOF
}

say "training: the same $steps steps of 128 rows, in 1, 2 and 4 processes"
launch 1 2 "$work/p1t2"
launch 1 1 "$work/p1t1"
launch 2 1 "$work/p2"
launch 4 1 "$work/p4"        # 4 processes on 2 cores: oversubscribed
"$python" - "$work" <<'EOF'
import json, sys
losses = {n: json.load(open(f"{sys.argv[1]}/{n}/metrics.json"))["final_loss"] for n in ("p1t2", "p2", "p4")}
print(f"final loss, 1 / 2 / 4 processes: {losses['p1t2']!r} / {losses['p2']!r} / {losses['p4']!r} "
      "(the same global batches: DDP's average is the global batch's gradient)")
EOF

say "import the 2-process model, score it through ApplyPositionalEmbedding"
dotnet build "$root/src/MlNetPositional.Cli" -c Release -v q -nologo > "$work/build.log" || { tail -30 "$work/build.log"; exit 1; }
dotnet "$root/src/MlNetPositional.Cli/bin/Release/net10.0/mlnet-positional.dll" import --layout mlnet-positional \
  --weights "$work/p2/model.pt" --config "$work/p2/model.pt.config.json" --vocab "$work/p2/model.pt.vocab.json" --out "$work/p2/model.onnx"
dotnet run "$root/docs/ddp_parity.cs" -- "$work/p2/model.onnx" "$work/p2/model.io.json"   # 1e-5 of each row's scale
echo "ddp-run: done"
