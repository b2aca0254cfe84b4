#!/usr/bin/env bash
# Makes this folder's fixture with real PyTorch (Debian's python3-torch 1.13): a tiny encoder trained
# on the reverse task by docs/ddp_train.py in 2 processes (DistributedDataParallel, gloo, torchrun),
# saved by rank 0 with PyTorch's outputs on seeded inputs (model.io.json). DdpFixtureTests import it
# and score it through ApplyPositionalEmbedding; they need no Python.
#   apt-get install python3-torch libopenblas0-pthread
#   tests/MlNetPositional.Training.Tests/Fixtures/ddp/make_fixture.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# --redirects/--tee: torch 1.13's launcher fails on Python 3.11 without them (see docs/ddp-run.sh).
/usr/bin/python3 -m torch.distributed.run --standalone --nproc_per_node 2 --redirects 2 --tee 2 --log_dir "$logs" \
  "$here/../../../../docs/ddp_train.py" --out "$here" \
  --vocab-size 12 --max-len 8 --dim 16 --heads 2 --layers 1 --global-batch 64 --steps 300 --seed 3
ls -l "$here"
