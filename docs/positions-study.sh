#!/usr/bin/env bash
# The positions study behind docs/positions.md: length generalisation, data efficiency and position
# reliance for every positional kind, 3 seeds. Writes CSV files into the work directory; then
#   dotnet run --project src/MlNetPositional.Cli -c Release -- plot-study --in WORK --out docs/positions
# draws the figures. Run from the repository root after a Release build of the CLI:
#   dotnet build src/MlNetPositional.Cli -c Release && docs/positions-study.sh [work-dir]
# Model everywhere: 2 pre-LN layers, 4 heads, dim 64, vocabulary 16, max length 32, batch 128.
set -euo pipefail
cli="dotnet src/MlNetPositional.Cli/bin/Release/net10.0/mlnet-positional.dll"
work=${1:-runs/positions-study}
mkdir -p "$work"
kinds=(learned learned-sinusoidal-init sinusoidal rope alibi)
seeds=(1 2 3)
model=(--layers 2 --heads 4 --dim 64 --vocab-size 16 --max-len 32 --batch-size 128)
field() { python3 -c "import json,sys; d=json.load(sys.stdin); v=d['$1']; print('' if v is None else v)"; }
evaluate() { $cli evaluate --checkpoint "$1" --min-len "$2" --max-len "$3" --samples 512 --json "${@:4}"; }

# 1. Length generalisation: match-back (k = 3) trained at lengths 1..32, evaluated up to 256.
echo "kind,seed,min_len,max_len,accuracy,baseline" > "$work/length.csv"
for seed in "${seeds[@]}"; do for kind in "${kinds[@]}"; do
  run="$work/length/$kind-$seed"; rm -rf "$run"
  $cli train --task match-back --positional "$kind" "${model[@]}" --steps 600 --eval-every 100 --seed "$seed" --out "$run" > /dev/null
  for range in "1 32" "33 64" "65 128" "129 256"; do
    set -- $range; json=$(evaluate "$run" "$1" "$2")
    echo "$kind,$seed,$1,$2,$(echo "$json" | field accuracy),$(echo "$json" | field baseline)" >> "$work/length.csv"
  done
done; done

# 2. Position reliance: order and reverse, accuracy with positions as trained and shuffled.
echo "kind,task,seed,accuracy,shuffled,baseline" > "$work/reliance.csv"
for seed in "${seeds[@]}"; do for task in order reverse; do for kind in "${kinds[@]}"; do
  run="$work/reliance/$task-$kind-$seed"; rm -rf "$run"
  $cli train --task "$task" --positional "$kind" "${model[@]}" --steps 400 --eval-every 100 --seed "$seed" --out "$run" > /dev/null
  plain=$(evaluate "$run" 2 32); shuffled=$(evaluate "$run" 2 32 --shuffle-positions)
  echo "$kind,$task,$seed,$(echo "$plain" | field accuracy),$(echo "$shuffled" | field accuracy),$(echo "$plain" | field baseline)" >> "$work/reliance.csv"
done; done; done

# 3. Data efficiency: held-out accuracy after 2k, 8k and 32k training sequences (16, 64, 256 steps of 128).
echo "kind,task,seed,sequences,accuracy,baseline" > "$work/data.csv"
for seed in "${seeds[@]}"; do for task in reverse match-back; do for kind in "${kinds[@]}"; do for steps in 16 64 256; do
  run="$work/data/$task-$kind-$steps-$seed"; rm -rf "$run"
  $cli train --task "$task" --positional "$kind" "${model[@]}" --steps "$steps" --eval-every "$steps" --patience 0 --seed "$seed" --out "$run" > /dev/null
  json=$(evaluate "$run" 1 32)
  echo "$kind,$task,$seed,$((steps * 128)),$(echo "$json" | field accuracy),$(echo "$json" | field baseline)" >> "$work/data.csv"
done; done; done; done
echo "done: $work/length.csv $work/reliance.csv $work/data.csv"
