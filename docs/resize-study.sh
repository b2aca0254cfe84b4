#!/usr/bin/env bash
# The README's position-table resize study: the reverse task trained at max length 32, resized to 64
# by each method, fine-tuned 200 steps at 64, next to training at 64 from scratch; held-out accuracy
# (per token) on lengths 1..32 and 33..64. Run from the repository root after a Release build:
#   dotnet build src/MlNetPositional.Cli -c Release && docs/resize-study.sh [work-dir]
set -euo pipefail
cli="dotnet src/MlNetPositional.Cli/bin/Release/net10.0/mlnet-positional.dll"
work=${1:-runs/resize-study}
rm -rf "$work" && mkdir -p "$work"
model=(--task reverse --positional learned --layers 2 --heads 4 --dim 64 --vocab-size 64 --seed 1)
accuracy() { $cli evaluate --checkpoint "$1" --min-len "$2" --max-len "$3" | sed -E 's/.*accuracy ([0-9.]+).*/\1/'; }

$cli train "${model[@]}" --max-len 32 --steps 400 --out "$work/at32" > /dev/null
printf '| model | steps at 64 | lengths 1..32 | lengths 33..64 |\n|---|---:|---:|---:|\n'
printf '| trained at 32, not resized | 0 | %s | (over max length) |\n' "$(accuracy "$work/at32" 1 32)"
for method in interpolate extend-sinusoidal; do
  $cli resize --checkpoint "$work/at32" --max-len 64 --method "$method" --out "$work/$method" > /dev/null
  printf '| resized by %s, before fine-tuning | 0 | %s | %s |\n' "$method" "$(accuracy "$work/$method" 1 32)" "$(accuracy "$work/$method" 33 64)"
  $cli train --resume "$work/$method" --steps 600 > /dev/null
  printf '| resized by %s, fine-tuned | 200 | %s | %s |\n' "$method" "$(accuracy "$work/$method" 1 32)" "$(accuracy "$work/$method" 33 64)"
done
$cli resize --checkpoint "$work/at32" --max-len 16 --method truncate --out "$work/truncate" > /dev/null
printf '| truncated to 16 (truncate only shortens) | 0 | %s (1..16) | - |\n' "$(accuracy "$work/truncate" 1 16)"
for steps in 200 600; do
  $cli train "${model[@]}" --max-len 64 --steps "$steps" --out "$work/scratch$steps" > /dev/null
  printf '| trained at 64 from scratch | %s | %s | %s |\n' "$steps" "$(accuracy "$work/scratch$steps" 1 32)" "$(accuracy "$work/scratch$steps" 33 64)"
done
