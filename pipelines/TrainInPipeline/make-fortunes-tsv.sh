#!/usr/bin/env bash
# Builds the real-text corpus the README's "Defaults, measured on real text" used: the fortunes of
# four categories of Debian's `fortunes` package as a TSV (Label<TAB>Text, shuffled with a fixed seed).
#   pipelines/TrainInPipeline/make-fortunes-tsv.sh OUT.tsv
#   dotnet run -c Release --project pipelines/TrainInPipeline -- OUT.tsv
set -euo pipefail
out=${1:?usage: make-fortunes-tsv.sh OUT.tsv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download fortunes >/dev/null && dpkg-deb -x fortunes_*.deb x)
dir="$work/x/usr/share/games/fortunes"
{
  printf 'Label\tText\n'
  for category in computers people politics science; do
    # One fortune per record (records end with a line holding only %); tabs and newlines become spaces.
    awk -v c="$category" 'BEGIN { RS = "\n%\n" } { gsub(/[\t\r\n]/, " "); gsub(/  +/, " "); sub(/^ /, ""); if (length($0) > 0) print c "\t" $0 }' "$dir/$category"
  done | shuf --random-source=<(yes 42)
} > "$out"
echo "$(($(wc -l < "$out") - 1)) rows in $out"
