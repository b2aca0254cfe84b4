#!/usr/bin/env bash
# Which ALiBi for a bidirectional encoder? match-back (k = 3) trained at lengths 1..32 (2 layers,
# 4 heads, dim 64, 600 steps of 128), evaluated at 1..32, 33..64, 65..128 and 129..256 (512 fresh
# sequences each; per-token accuracy with the majority-class baseline), for rope, two-sided alibi
# (the default), symmetric alibi, and a learned table. Run from the repository root:
#   dotnet build src/MlNetPositional.Cli -c Release && docs/alibi-variant.sh [work-dir] [seeds...]
set -euo pipefail
cli="dotnet src/MlNetPositional.Cli/bin/Release/net10.0/mlnet-positional.dll"
work=${1:-runs/alibi-variant}; shift || true
seeds=("${@:-1 2}")
mkdir -p "$work"
echo '{ "model": { "alibi_symmetric": true } }' > "$work/symmetric.json"
common=(--task match-back --layers 2 --heads 4 --dim 64 --vocab-size 16 --max-len 32 --batch-size 128 --steps 600 --eval-every 100)
printf '| positions | seed | 1..32 | 33..64 | 65..128 | 129..256 |\n|---|---:|---:|---:|---:|---:|\n'
for seed in ${seeds[@]}; do
  for kind in rope alibi alibi-symmetric learned; do
    run="$work/$kind-$seed"; rm -rf "$run"
    if [ "$kind" = alibi-symmetric ]; then $cli train --spec "$work/symmetric.json" --positional alibi "${common[@]}" --seed "$seed" --out "$run" > /dev/null
    else $cli train --positional "$kind" "${common[@]}" --seed "$seed" --out "$run" > /dev/null; fi
    row="| $kind | $seed"
    for range in "1 32" "33 64" "65 128" "129 256"; do
      set -- $range
      row="$row | $($cli evaluate --checkpoint "$run" --min-len "$1" --max-len "$2" --samples 512 | sed -E 's/.*accuracy ([0-9.]+), majority baseline ([0-9.]+).*/\1 (\2)/; s/.*not applicable.*/n\/a/')"
    done
    echo "$row |"
  done
done
