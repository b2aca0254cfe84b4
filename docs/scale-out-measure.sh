#!/usr/bin/env bash
# The figures of docs/scale-out.md and the README's "Bulk embedding": a model trained on real text
# (Debian's fortunes, four categories), a 1,000,000-row TSV made by cycling those fortunes (real
# sentences; repeated text costs what new text costs, since nothing is cached), then
#   1. one process over 100k, 1M and 2M rows: rows/s and peak memory (GNU time's maximum resident set size),
#   2. the cost of reading past other shards' rows (shard 0/1000000 embeds one row but reads all),
#   3. 1, 2 and 4 processes on this machine, each one shard of the 1M rows.
# Usage: dotnet build src/MlNetPositional.Cli -c Release && docs/scale-out-measure.sh [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cli=(dotnet "$root/src/MlNetPositional.Cli/bin/Release/net10.0/mlnet-positional.dll")

[ -f "$work/fortunes.tsv" ] || "$root/pipelines/TrainInPipeline/make-fortunes-tsv.sh" "$work/fortunes.tsv"
if [ ! -f "$work/model.onnx" ]; then
  "${cli[@]}" train --data "$work/fortunes.tsv" --text-column Text --label-column Label \
    --layers 1 --heads 4 --dim 64 --max-len 64 --steps 300 --batch-size 64 --seed 1 --out "$work/run" > "$work/train.log"
  "${cli[@]}" export --checkpoint "$work/run" --out "$work/model.onnx"
fi

make_rows() { # make_rows N FILE: id<TAB>text, cycling the fortunes' text column
  awk -F'\t' -v n="$1" 'NR > 1 { text[m++] = $2 } END { print "id\ttext"; for (i = 0; i < n; i++) print "f" i "\t" text[i % m] }' "$work/fortunes.tsv" > "$2"
}
[ -f "$work/rows-100k.tsv" ] || make_rows 100000 "$work/rows-100k.tsv"
[ -f "$work/rows-1m.tsv" ] || make_rows 1000000 "$work/rows-1m.tsv"
[ -f "$work/rows-2m.tsv" ] || make_rows 2000000 "$work/rows-2m.tsv"

embed() { # embed LABEL ARGS...: one run under GNU time; prints wall seconds and peak MB
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "${cli[@]}" embed-file --model "$work/model.onnx" --text-column text --id-column id "$@" > "$work/$label.log"
  read -r seconds kb < "$work/time.txt"
  echo "$label: $(tail -1 "$work/$label.log")"
  echo "$label: wall $seconds s, peak RSS $((kb / 1024)) MB"
}

echo "== one process"
embed single-100k --input "$work/rows-100k.tsv" --out "$work/single-100k.parquet"
embed single-1m --input "$work/rows-1m.tsv" --out "$work/single-1m.parquet"
embed single-2m --input "$work/rows-2m.tsv" --out "$work/single-2m.parquet"
echo "== reading past the other shards' rows"
embed read-only --input "$work/rows-1m.tsv" --out "$work/read-only.parquet" --shard 0/1000000

echo "== N processes on this machine, each one shard of 1M rows"
# Each process is told its share of the cores (DOTNET_PROCESSOR_COUNT, as a container's CPU limit
# would): the scoring plan then runs one ONNX Runtime call per core it has.
for n in 1 2 4; do
  cores=$(( 2 / n > 0 ? 2 / n : 1 ))
  start=$(date +%s.%N)
  for ((i = 0; i < n; i++)); do
    DOTNET_PROCESSOR_COUNT=$cores "${cli[@]}" embed-file --model "$work/model.onnx" --input "$work/rows-1m.tsv" --text-column text --id-column id \
      --out "$work/part-$n-$i.parquet" --shard "$i/$n" > "$work/part-$n-$i.log" &
  done
  wait
  end=$(date +%s.%N)
  awk -v n="$n" -v c="$cores" -v s="$start" -v e="$end" 'BEGIN { printf "%d process(es), %d core(s) each: %.1f s wall, %.0f rows/s\n", n, c, e - s, 1000000 / (e - s) }'
done
du -b "$work/single-1m.parquet" | awk '{ printf "1M-row Parquet file: %.0f MB\n", $1 / 1e6 }'
